// A small interpreter over the syntax tree of the user's file, used by the probe worker to rebuild
// the pieces of a training program that decide its outcome (a custom loss, a `tf.customGrad`, the
// data preparation) without executing workspace code. It evaluates only:
//   literals, arrays, objects, consts (and lets that are never reassigned), arrow functions and
//   function bodies (const/let, if, return, expression statements), arithmetic and comparisons,
//   destructuring, calls of TF.js ops and tensor methods, and a few pure helpers (Math, Array.isArray).
// Everything else (loops, classes, `new`, `this`, I/O, other modules, property writes, unknown globals)
// throws an InterpretError naming the line, and the probe answers `inconclusive` instead of guessing.
// There is no eval, no `new Function`, no `vm`: every value the interpreted code can reach is one
// this file hands out, and functions are callable only when they are TF.js ops, allowlisted TF.js
// helpers, or callbacks TF.js itself passed in.
//
// Random ops get deterministic seeds (from the plan's seed and the call's position), so the same
// plan produces the same numbers on every run.

import * as ts from 'typescript';
import { parse } from '../analysis/parse';
import { TFJS_PACKAGE } from './protocol';
import { mulberry32 } from './random';

/** The TypeScript module, for the worker's other TypeScript needs (execute mode's transpile), so the
 * parser ships once, in this module's bundle (dist/probe-interpreter.js). */
export const typescript: typeof ts = ts;

export class InterpretError extends Error {
  constructor(
    message: string,
    readonly line: number | null,
  ) {
    super(message);
    this.name = 'InterpretError';
  }
}

/** What the interpreter needs from the worker; the TF.js namespace stays opaque here. */
export interface InterpreterHost {
  /** The TF.js namespace (`@tensorflow/tfjs` or the workspace's `@tensorflow/tfjs-node`). */
  tf: object;
  isTensor(value: unknown): boolean;
  /** Called around every TF.js call the interpreted code makes, so the kernel guards can name its line. */
  enterCall(line: number, label: string): void;
  exitCall(): void;
  /** Every `tf.variable(...)` the interpreted code creates (a custom loop trains these). */
  onVariable(variable: unknown): void;
  seed: number;
}

export interface InterpreterOptions {
  /** Evaluation steps before giving up (protects the time budget from runaway recursion). */
  maxSteps?: number;
}

/** Sub-namespaces of `tf` whose ops interpreted code may call. `train`, `io`, `data`, `browser`, `layers`, `util`, `env`... are not among them. */
const ALLOWED_NAMESPACES = new Set(['losses', 'linalg', 'math', 'signal', 'spectral', 'image']);

/** TF.js functions that are not `op()`-wrapped but are pure tensor construction or autodiff helpers. */
const ALLOWED_HELPERS = new Set([
  'tensor',
  'tensor1d',
  'tensor2d',
  'tensor3d',
  'tensor4d',
  'tensor5d',
  'tensor6d',
  'scalar',
  'zeros',
  'ones',
  'fill',
  'linspace',
  'range',
  'variable',
  'tidy',
  'keep',
  'dispose',
  'customGrad',
  'grad',
  'grads',
  'valueAndGrad',
  'valueAndGrads',
  'variableGrads',
]);

/** Position of the `seed` parameter of TF.js random ops: seeded when the code leaves it out. */
const SEED_ARGUMENT: Record<string, number> = {
  randomUniform: 4,
  randomNormal: 4,
  truncatedNormal: 4,
  randomGamma: 4,
  randomStandardNormal: 2,
  randomUniformInt: 3,
  multinomial: 2,
  dropout: 3,
};

/** Tensor members that are data, not methods. */
const TENSOR_FIELDS = new Set(['shape', 'rank', 'size', 'dtype']);
/** Tensor methods the interpreter will not call: asynchronous, printing, or engine internals. */
const DENIED_TENSOR_METHODS = new Set(['data', 'array', 'bytes', 'buffer', 'dataToGPU', 'constructor', 'toString']);
const NO_OP_TENSOR_METHODS = new Set(['print']);

const ARRAY_METHODS = new Set([
  'map',
  'forEach',
  'filter',
  'reduce',
  'slice',
  'concat',
  'every',
  'some',
  'indexOf',
  'includes',
  'join',
  'flat',
  'at',
  'find',
  'findIndex',
  'reverse',
]);

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype', '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__']);

const MATH_FUNCTIONS = new Set([
  'abs', 'acos', 'acosh', 'asin', 'asinh', 'atan', 'atan2', 'atanh', 'cbrt', 'ceil', 'cos', 'cosh', 'exp', 'expm1',
  'floor', 'fround', 'hypot', 'log', 'log10', 'log1p', 'log2', 'max', 'min', 'pow', 'round', 'sign', 'sin', 'sinh',
  'sqrt', 'tan', 'tanh', 'trunc',
]);
const MATH_CONSTANTS = new Set(['E', 'LN10', 'LN2', 'LOG10E', 'LOG2E', 'PI', 'SQRT1_2', 'SQRT2']);
const NUMBER_MEMBERS = new Set(['EPSILON', 'MAX_VALUE', 'MIN_VALUE', 'MAX_SAFE_INTEGER', 'MIN_SAFE_INTEGER', 'POSITIVE_INFINITY', 'NEGATIVE_INFINITY', 'NaN', 'isFinite', 'isNaN', 'isInteger']);

// ---------------------------------------------------------------------------------------------
// Values the interpreter hands around besides JS primitives, arrays, plain objects and tensors.

/** A function written in the user's file, closed over its runtime environment. */
class Closure {
  constructor(
    readonly node: ts.FunctionLikeDeclaration,
    readonly env: Env | null,
  ) {}
}

/** A TF.js namespace (`tf`, `tf.losses`) or a builtin object (`Math`, `console`). */
class Namespace {
  constructor(
    readonly path: string,
    readonly target: object,
    readonly kind: 'tf' | 'math' | 'number' | 'console' | 'array' | 'backend',
  ) {}
}

/** A host function the interpreted code may call: a TF.js op, an allowlisted helper, a TF.js callback, a builtin. */
class HostFunction {
  constructor(
    readonly label: string,
    readonly fn: (...args: unknown[]) => unknown,
    readonly thisArg: unknown,
    /** Calls TF.js (so the guards should know the line). */
    readonly touchesTf: boolean,
    readonly seedIndex?: number,
    readonly createsVariable?: boolean,
  ) {}
}

interface Binding {
  value: unknown;
  mutable: boolean;
}

class Env {
  private readonly bindings = new Map<string, Binding>();
  constructor(readonly parent: Env | null) {}

  lookup(name: string): Binding | undefined {
    for (let env: Env | null = this; env; env = env.parent) {
      const found = env.bindings.get(name);
      if (found) return found;
    }
    return undefined;
  }

  declare(name: string, value: unknown, mutable: boolean): void {
    this.bindings.set(name, { value, mutable });
  }
}

/** Completion of a statement list: a `return` unwinds to the function call. */
interface Completion {
  returned: boolean;
  value: unknown;
}

const NORMAL: Completion = { returned: false, value: undefined };

export class Interpreter {
  private readonly sourceFile: ts.SourceFile;
  private readonly declarationValues = new Map<ts.Node, unknown>();
  private readonly evaluating = new Set<ts.Node>();
  private reassigned: Set<string> | undefined;
  private readonly hostFunctions = new WeakMap<Closure, (...args: unknown[]) => unknown>();
  private readonly callCounts = new Map<number, number>();
  private steps = 0;
  private depth = 0;
  private readonly maxSteps: number;
  /** What the run should say about how the file was rebuilt (a loop counter held at its start). */
  readonly notes: string[] = [];
  private random: () => number;

  constructor(
    text: string,
    fileName: string,
    private readonly host: InterpreterHost,
    options: InterpreterOptions = {},
  ) {
    this.sourceFile = parse(fileName, text);
    this.maxSteps = options.maxSteps ?? 5_000_000;
    this.random = mulberry32(host.seed ^ 0x9e3779b9);
  }

  /** The value of the expression whose span is `[start, end)` (the smallest expression covering it). */
  evaluateAt(start: number, end: number): unknown {
    const node = this.expressionAt(start, end);
    if (!node) throw new InterpretError(`no expression at offsets ${start}-${end}`, this.lineOf(start));
    return this.toHost(this.evaluate(node, null));
  }

  /** The function at `[start, end)` (a function, or an expression that evaluates to one), callable from TF.js. */
  functionAt(start: number, end: number): (...args: unknown[]) => unknown {
    const node = this.expressionAt(start, end) ?? this.functionDeclarationAt(start, end);
    if (!node) throw new InterpretError(`no function at offsets ${start}-${end}`, this.lineOf(start));
    const value = ts.isFunctionDeclaration(node) ? new Closure(node, null) : this.evaluate(node, null);
    if (!(value instanceof Closure) && !(value instanceof HostFunction)) {
      throw new InterpretError(`\`${snippet(node)}\` is not a function the probe can rebuild`, this.lineOfNode(node));
    }
    if (value instanceof Closure) this.prefetch(value.node);
    return this.toHost(value) as (...args: unknown[]) => unknown;
  }

  /** 1-based line of an offset. */
  lineOf(offset: number): number {
    return this.sourceFile.getLineAndCharacterOfPosition(Math.max(0, Math.min(offset, this.sourceFile.text.length))).line + 1;
  }

  // -------------------------------------------------------------------------------------------
  // Locating nodes

  private expressionAt(start: number, end: number): ts.Expression | undefined {
    let best: ts.Expression | undefined;
    const visit = (node: ts.Node): void => {
      if (node.getStart(this.sourceFile) > start || node.getEnd() < end) return;
      if (ts.isExpression(node)) best = node;
      node.forEachChild(visit);
    };
    this.sourceFile.forEachChild(visit);
    // Prefer the outermost expression with exactly this span (e.g. the call, not its callee).
    if (best) {
      let node: ts.Node = best;
      while (node.parent && ts.isExpression(node.parent) && node.parent.getStart(this.sourceFile) === best.getStart(this.sourceFile) && node.parent.getEnd() === best.getEnd()) {
        node = node.parent;
      }
      return node as ts.Expression;
    }
    return undefined;
  }

  private functionDeclarationAt(start: number, end: number): ts.FunctionDeclaration | undefined {
    let found: ts.FunctionDeclaration | undefined;
    const visit = (node: ts.Node): void => {
      if (found) return;
      if (ts.isFunctionDeclaration(node) && node.getStart(this.sourceFile) <= start && node.getEnd() >= end) found = node;
      else node.forEachChild(visit);
    };
    this.sourceFile.forEachChild(visit);
    return found;
  }

  private lineOfNode(node: ts.Node): number {
    return this.lineOf(node.getStart(this.sourceFile));
  }

  private fail(node: ts.Node, message: string): never {
    throw new InterpretError(message, this.lineOfNode(node));
  }

  /**
   * Evaluates the file-level declarations a function refers to before it is first called, so
   * variables (`tf.variable`) exist before a custom loop computes gradients.
   */
  private prefetch(fn: ts.FunctionLikeDeclaration): void {
    const locals = new Set<string>();
    const collectLocals = (node: ts.Node): void => {
      if ((ts.isVariableDeclaration(node) || ts.isParameter(node) || ts.isBindingElement(node)) && ts.isIdentifier(node.name)) locals.add(node.name.text);
      if (ts.isFunctionDeclaration(node) && node.name) locals.add(node.name.text);
      node.forEachChild(collectLocals);
    };
    collectLocals(fn);
    const visit = (node: ts.Node): void => {
      if (ts.isIdentifier(node) && isReference(node) && !locals.has(node.text)) {
        const declaration = this.findDeclaration(node.text, node);
        if (declaration) {
          this.valueOfDeclaration(node.text, declaration);
          if (ts.isFunctionDeclaration(declaration)) this.prefetch(declaration);
          else if (ts.isVariableDeclaration(declaration) && declaration.initializer && isFunctionLike(declaration.initializer)) {
            this.prefetch(declaration.initializer);
          }
        }
      }
      node.forEachChild(visit);
    };
    if (fn.body) visit(fn.body);
  }

  // -------------------------------------------------------------------------------------------
  // Expressions

  private evaluate(node: ts.Expression, env: Env | null): unknown {
    if (++this.steps > this.maxSteps) this.fail(node, 'the interpreted code runs too long for the probe');
    switch (node.kind) {
      case ts.SyntaxKind.NumericLiteral:
        return Number((node as ts.NumericLiteral).text);
      case ts.SyntaxKind.StringLiteral:
      case ts.SyntaxKind.NoSubstitutionTemplateLiteral:
        return (node as ts.StringLiteral).text;
      case ts.SyntaxKind.TrueKeyword:
        return true;
      case ts.SyntaxKind.FalseKeyword:
        return false;
      case ts.SyntaxKind.NullKeyword:
        return null;
      case ts.SyntaxKind.Identifier:
        return this.identifier(node as ts.Identifier, env);
      case ts.SyntaxKind.ParenthesizedExpression:
      case ts.SyntaxKind.AsExpression:
      case ts.SyntaxKind.NonNullExpression:
      case ts.SyntaxKind.TypeAssertionExpression:
      case ts.SyntaxKind.SatisfiesExpression:
        return this.evaluate((node as ts.ParenthesizedExpression).expression, env);
      case ts.SyntaxKind.TemplateExpression:
        return this.template(node as ts.TemplateExpression, env);
      case ts.SyntaxKind.ArrayLiteralExpression:
        return this.arrayLiteral(node as ts.ArrayLiteralExpression, env);
      case ts.SyntaxKind.ObjectLiteralExpression:
        return this.objectLiteral(node as ts.ObjectLiteralExpression, env);
      case ts.SyntaxKind.ArrowFunction:
      case ts.SyntaxKind.FunctionExpression:
        return new Closure(node as ts.ArrowFunction, env);
      case ts.SyntaxKind.PropertyAccessExpression:
      case ts.SyntaxKind.ElementAccessExpression:
        return this.access(node as ts.PropertyAccessExpression | ts.ElementAccessExpression, env);
      case ts.SyntaxKind.CallExpression:
        return this.call(node as ts.CallExpression, env);
      case ts.SyntaxKind.BinaryExpression:
        return this.binary(node as ts.BinaryExpression, env);
      case ts.SyntaxKind.PrefixUnaryExpression:
        return this.prefixUnary(node as ts.PrefixUnaryExpression, env);
      case ts.SyntaxKind.PostfixUnaryExpression:
        return this.postfixUnary(node as ts.PostfixUnaryExpression, env);
      case ts.SyntaxKind.ConditionalExpression: {
        const conditional = node as ts.ConditionalExpression;
        return truthy(this.evaluate(conditional.condition, env), conditional, this)
          ? this.evaluate(conditional.whenTrue, env)
          : this.evaluate(conditional.whenFalse, env);
      }
      case ts.SyntaxKind.TypeOfExpression: {
        const value = this.evaluate((node as ts.TypeOfExpression).expression, env);
        if (value instanceof Closure || value instanceof HostFunction) return 'function';
        if (value instanceof Namespace) return 'object';
        return typeof value;
      }
      case ts.SyntaxKind.VoidExpression:
        this.evaluate((node as ts.VoidExpression).expression, env);
        return undefined;
      default:
        this.fail(node, `\`${snippet(node)}\` (${syntaxName(node)}) is outside what the reconstruct probe interprets`);
    }
  }

  private identifier(node: ts.Identifier, env: Env | null): unknown {
    const name = node.text;
    const binding = env?.lookup(name);
    if (binding) return binding.value;
    const declaration = this.findDeclaration(name, node);
    if (declaration) return this.valueOfDeclaration(name, declaration);
    switch (name) {
      case 'undefined':
        return undefined;
      case 'NaN':
        return NaN;
      case 'Infinity':
        return Infinity;
      case 'Math':
        return new Namespace('Math', Math, 'math');
      case 'Number':
        return new Namespace('Number', Number, 'number');
      case 'console':
        return new Namespace('console', {}, 'console');
      case 'Array':
        return new Namespace('Array', {}, 'array');
      default:
        this.fail(node, `\`${name}\` is not defined in a way the reconstruct probe can follow (a parameter, an import from another module, or a global)`);
    }
  }

  /** `a.b`, `a?.b`, `a[k]`, `a?.[k]`. */
  private access(node: ts.PropertyAccessExpression | ts.ElementAccessExpression, env: Env | null): unknown {
    const object = this.evaluate(node.expression, env);
    if (node.questionDotToken && (object === null || object === undefined)) return undefined;
    if (ts.isPropertyAccessExpression(node)) return this.member(object, node.name.text, node);
    const key = this.evaluate(node.argumentExpression, env);
    if (typeof key !== 'number' && typeof key !== 'string') this.fail(node, 'computed member access with a non-literal key');
    return this.member(object, key, node);
  }

  private template(node: ts.TemplateExpression, env: Env | null): string {
    let out = node.head.text;
    for (const span of node.templateSpans) {
      const value = this.evaluate(span.expression, env);
      if (typeof value !== 'number' && typeof value !== 'string' && typeof value !== 'boolean') this.fail(span, 'a template with a non-primitive value');
      out += String(value) + span.literal.text;
    }
    return out;
  }

  private arrayLiteral(node: ts.ArrayLiteralExpression, env: Env | null): unknown[] {
    const out: unknown[] = [];
    for (const element of node.elements) {
      if (ts.isSpreadElement(element)) {
        const spread = this.evaluate(element.expression, env);
        if (!Array.isArray(spread)) this.fail(element, 'spreading something that is not an array');
        out.push(...spread);
      } else if (ts.isOmittedExpression(element)) {
        out.push(undefined);
      } else {
        out.push(this.evaluate(element, env));
      }
    }
    return out;
  }

  private objectLiteral(node: ts.ObjectLiteralExpression, env: Env | null): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const property of node.properties) {
      if (ts.isPropertyAssignment(property)) {
        out[this.propertyName(property.name, env)] = this.evaluate(property.initializer, env);
      } else if (ts.isShorthandPropertyAssignment(property)) {
        out[property.name.text] = this.identifier(property.name, env);
      } else if (ts.isSpreadAssignment(property)) {
        const spread = this.evaluate(property.expression, env);
        if (!isPlainObject(spread)) this.fail(property, 'spreading something that is not a plain object');
        for (const key of Object.keys(spread)) out[key] = spread[key];
      } else if (ts.isMethodDeclaration(property)) {
        out[this.propertyName(property.name, env)] = new Closure(property, env);
      } else {
        this.fail(property, 'getters and setters are outside what the reconstruct probe interprets');
      }
    }
    return out;
  }

  private propertyName(name: ts.PropertyName, env: Env | null): string {
    let key: string;
    if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isPrivateIdentifier(name)) key = name.text;
    else if (ts.isComputedPropertyName(name)) {
      const value = this.evaluate(name.expression, env);
      if (typeof value !== 'string' && typeof value !== 'number') this.fail(name, 'a computed property name that is not a string or number');
      key = String(value);
    } else this.fail(name, 'an unsupported property name');
    if (FORBIDDEN_KEYS.has(key)) this.fail(name, `the property name \`${key}\``);
    return key;
  }

  /** Member access, with the rules that keep the interpreted code inside TF.js math. */
  private member(object: unknown, key: string | number, node: ts.Node): unknown {
    const name = String(key);
    if (FORBIDDEN_KEYS.has(name)) this.fail(node, `access to \`${name}\``);
    if (object instanceof Namespace) return this.namespaceMember(object, name, node);
    if (this.host.isTensor(object)) {
      const tensor = object as Record<string, unknown>;
      if (TENSOR_FIELDS.has(name)) {
        const value = tensor[name];
        return Array.isArray(value) ? [...value] : value;
      }
      const method = tensor[name];
      if (typeof method !== 'function' || name.startsWith('_') || DENIED_TENSOR_METHODS.has(name)) {
        this.fail(node, `the tensor member \`${name}\` (asynchronous, internal, or not a tensor method)`);
      }
      if (NO_OP_TENSOR_METHODS.has(name)) return new HostFunction(`.${name}`, () => undefined, undefined, false);
      return new HostFunction(`.${name}`, method as (...args: unknown[]) => unknown, object, true);
    }
    if (Array.isArray(object)) {
      if (name === 'length') return object.length;
      if (/^\d+$/.test(name)) return object[Number(name)];
      if (ARRAY_METHODS.has(name)) {
        const method = (Array.prototype as unknown as Record<string, (...args: unknown[]) => unknown>)[name];
        if (!method) this.fail(node, `the array method \`${name}\``);
        return new HostFunction(`.${name}`, method, object, false);
      }
      this.fail(node, `the array member \`${name}\``);
    }
    if (typeof object === 'string') {
      if (name === 'length') return object.length;
      this.fail(node, `the string member \`${name}\``);
    }
    if (isPlainObject(object)) {
      if (!Object.prototype.hasOwnProperty.call(object, name)) return undefined;
      const value = object[name];
      // A function inside a plain object came from TF.js (a customGrad result) or from the interpreter.
      if (typeof value === 'function') return new HostFunction(name, value as (...args: unknown[]) => unknown, object, true);
      return value;
    }
    this.fail(node, `reading \`${name}\` from ${describe(object)}`);
  }

  private namespaceMember(ns: Namespace, name: string, node: ts.Node): unknown {
    const path = `${ns.path}.${name}`;
    switch (ns.kind) {
      case 'math': {
        if (MATH_CONSTANTS.has(name)) return (Math as unknown as Record<string, number>)[name];
        if (name === 'random') return new HostFunction('Math.random', () => this.random(), undefined, false);
        if (MATH_FUNCTIONS.has(name)) return new HostFunction(path, (Math as unknown as Record<string, (...a: unknown[]) => unknown>)[name] as (...a: unknown[]) => unknown, Math, false);
        break;
      }
      case 'number': {
        if (NUMBER_MEMBERS.has(name)) {
          const value = (Number as unknown as Record<string, unknown>)[name];
          return typeof value === 'function' ? new HostFunction(path, value as (...a: unknown[]) => unknown, Number, false) : value;
        }
        break;
      }
      case 'console':
        // Logging does not change the numbers; the worker has no console to write to.
        return new HostFunction(path, () => undefined, undefined, false);
      case 'array':
        if (name === 'isArray') return new HostFunction(path, (v: unknown) => Array.isArray(v), undefined, false);
        break;
      case 'backend':
        if (name === 'epsilon') {
          const backend = ns.target as { epsilon?: () => number };
          return new HostFunction(path, () => (typeof backend.epsilon === 'function' ? backend.epsilon() : 1e-7), undefined, false);
        }
        break;
      case 'tf': {
        const value = (ns.target as Record<string, unknown>)[name];
        const isRoot = ns.path === 'tf';
        if (isRoot && ALLOWED_NAMESPACES.has(name) && typeof value === 'object' && value !== null) return new Namespace(path, value, 'tf');
        if (typeof value === 'function') {
          const fn = value as (...args: unknown[]) => unknown;
          if (isRoot && name === 'backend') {
            return new HostFunction(path, () => new Namespace('tf.backend()', (fn as () => object)(), 'backend'), undefined, false);
          }
          if (isRoot && name === 'print') return new HostFunction(path, () => undefined, undefined, false);
          if (fn.name.endsWith('__op') || (isRoot && ALLOWED_HELPERS.has(name))) {
            return new HostFunction(path, fn, ns.target, true, SEED_ARGUMENT[name], isRoot && name === 'variable');
          }
        }
        break;
      }
    }
    this.fail(node, `\`${path}\` is outside the TF.js ops the reconstruct probe interprets`);
  }

  private call(node: ts.CallExpression, env: Env | null): unknown {
    if (node.questionDotToken) this.fail(node, 'optional calls');
    const callee = node.expression;
    // `require('@tensorflow/tfjs')` where `require` is not declared in the file.
    if (ts.isIdentifier(callee) && callee.text === 'require' && !env?.lookup('require') && !this.findDeclaration('require', callee)) {
      const [arg] = node.arguments;
      if (arg && ts.isStringLiteralLike(arg) && TFJS_PACKAGE.test(arg.text)) return new Namespace('tf', this.host.tf, 'tf');
      this.fail(node, `\`${snippet(node)}\`: only TF.js packages can be required by reconstructed code`);
    }
    const fn = this.evaluate(callee, env);
    const args: unknown[] = [];
    for (const argument of node.arguments) {
      if (ts.isSpreadElement(argument)) {
        const spread = this.evaluate(argument.expression, env);
        if (!Array.isArray(spread)) this.fail(argument, 'spreading something that is not an array');
        args.push(...spread);
      } else {
        args.push(this.evaluate(argument, env));
      }
    }
    return this.apply(fn, args, node);
  }

  private apply(fn: unknown, args: unknown[], node: ts.Node): unknown {
    if (fn instanceof Closure) return this.invoke(fn, args);
    if (!(fn instanceof HostFunction)) this.fail(node, `\`${snippet(node)}\` calls something that is not a function the probe can run`);
    const hostArgs = args.map((a) => this.toHost(a));
    if (fn.seedIndex !== undefined && hostArgs[fn.seedIndex] === undefined) {
      const position = node.getStart(this.sourceFile);
      const count = (this.callCounts.get(position) ?? 0) + 1;
      this.callCounts.set(position, count);
      while (hostArgs.length < fn.seedIndex) hostArgs.push(undefined);
      hostArgs[fn.seedIndex] = seedFor(this.host.seed, position, count);
    }
    let result: unknown;
    if (fn.touchesTf) {
      this.host.enterCall(this.lineOfNode(node), calleeLabel(node));
      try {
        result = fn.fn.apply(fn.thisArg, hostArgs);
      } finally {
        this.host.exitCall();
      }
    } else {
      result = fn.fn.apply(fn.thisArg, hostArgs);
    }
    if (fn.createsVariable) this.host.onVariable(result);
    if (result instanceof Promise) this.fail(node, 'an asynchronous call');
    return this.fromHost(result, fn.label);
  }

  /** Calls a closure with interpreter values. */
  private invoke(closure: Closure, args: unknown[]): unknown {
    if (++this.depth > 200) this.fail(closure.node, 'recursion deeper than the probe follows');
    try {
      const fn = closure.node;
      if (fn.asteriskToken || hasModifier(fn, ts.SyntaxKind.AsyncKeyword)) this.fail(fn, 'async functions and generators');
      const env = new Env(closure.env);
      fn.parameters.forEach((parameter, index) => {
        if (parameter.dotDotDotToken) {
          this.bind(parameter.name, args.slice(index), env, true, parameter);
          return;
        }
        let value = args[index];
        if (value === undefined && parameter.initializer) value = this.evaluate(parameter.initializer, env);
        this.bind(parameter.name, value, env, true, parameter);
      });
      const body = fn.body;
      if (!body) this.fail(fn, 'a function without a body');
      if (!ts.isBlock(body)) return this.evaluate(body, env);
      return this.block(body.statements, env).value;
    } finally {
      this.depth--;
    }
  }

  private binary(node: ts.BinaryExpression, env: Env | null): unknown {
    const op = node.operatorToken.kind;
    if (op === ts.SyntaxKind.EqualsToken || isCompoundAssignment(op)) return this.assign(node, env);
    if (op === ts.SyntaxKind.AmpersandAmpersandToken) {
      const left = this.evaluate(node.left, env);
      return truthy(left, node, this) ? this.evaluate(node.right, env) : left;
    }
    if (op === ts.SyntaxKind.BarBarToken) {
      const left = this.evaluate(node.left, env);
      return truthy(left, node, this) ? left : this.evaluate(node.right, env);
    }
    if (op === ts.SyntaxKind.QuestionQuestionToken) {
      const left = this.evaluate(node.left, env);
      return left === null || left === undefined ? this.evaluate(node.right, env) : left;
    }
    if (op === ts.SyntaxKind.CommaToken) {
      this.evaluate(node.left, env);
      return this.evaluate(node.right, env);
    }
    const left = this.evaluate(node.left, env);
    const right = this.evaluate(node.right, env);
    return this.arithmetic(op, left, right, node);
  }

  private arithmetic(op: ts.SyntaxKind, left: unknown, right: unknown, node: ts.Node): unknown {
    if (op === ts.SyntaxKind.EqualsEqualsEqualsToken) return left === right;
    if (op === ts.SyntaxKind.ExclamationEqualsEqualsToken) return left !== right;
    if (!isPrimitive(left) || !isPrimitive(right)) {
      this.fail(node, `\`${snippet(node)}\` applies a JavaScript operator to ${describe(isPrimitive(left) ? right : left)} (use TF.js ops on tensors)`);
    }
    const l = left as number;
    const r = right as number;
    switch (op) {
      case ts.SyntaxKind.PlusToken:
        return (left as string) + (right as string);
      case ts.SyntaxKind.MinusToken:
        return l - r;
      case ts.SyntaxKind.AsteriskToken:
        return l * r;
      case ts.SyntaxKind.SlashToken:
        return l / r;
      case ts.SyntaxKind.PercentToken:
        return l % r;
      case ts.SyntaxKind.AsteriskAsteriskToken:
        return l ** r;
      case ts.SyntaxKind.LessThanToken:
        return l < r;
      case ts.SyntaxKind.LessThanEqualsToken:
        return l <= r;
      case ts.SyntaxKind.GreaterThanToken:
        return l > r;
      case ts.SyntaxKind.GreaterThanEqualsToken:
        return l >= r;
      case ts.SyntaxKind.EqualsEqualsToken:
        // eslint-disable-next-line eqeqeq -- the interpreted program's own semantics
        return left == right;
      case ts.SyntaxKind.ExclamationEqualsToken:
        // eslint-disable-next-line eqeqeq -- the interpreted program's own semantics
        return left != right;
      default:
        this.fail(node, `the operator \`${ts.tokenToString(op) ?? syntaxName(node)}\``);
    }
  }

  private assign(node: ts.BinaryExpression, env: Env | null): unknown {
    if (!ts.isIdentifier(node.left)) this.fail(node, 'assignment to something other than a local variable');
    const binding = env?.lookup(node.left.text);
    if (!binding || !binding.mutable) this.fail(node, `assignment to \`${node.left.text}\`, which is not a local \`let\` of the interpreted function`);
    const op = node.operatorToken.kind;
    const right = this.evaluate(node.right, env);
    binding.value = op === ts.SyntaxKind.EqualsToken ? right : this.arithmetic(compoundBase(op), binding.value, right, node);
    return binding.value;
  }

  private prefixUnary(node: ts.PrefixUnaryExpression, env: Env | null): unknown {
    if (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken) {
      return this.increment(node.operand, node.operator === ts.SyntaxKind.PlusPlusToken ? 1 : -1, true, env, node);
    }
    const value = this.evaluate(node.operand, env);
    if (node.operator === ts.SyntaxKind.ExclamationToken) return !truthy(value, node, this);
    if (typeof value !== 'number') this.fail(node, `\`${snippet(node)}\` applies a JavaScript operator to ${describe(value)}`);
    switch (node.operator) {
      case ts.SyntaxKind.MinusToken:
        return -value;
      case ts.SyntaxKind.PlusToken:
        return value;
      case ts.SyntaxKind.TildeToken:
        return ~value;
      default:
        this.fail(node, 'an unsupported unary operator');
    }
  }

  private postfixUnary(node: ts.PostfixUnaryExpression, env: Env | null): unknown {
    return this.increment(node.operand, node.operator === ts.SyntaxKind.PlusPlusToken ? 1 : -1, false, env, node);
  }

  private increment(operand: ts.Expression, delta: number, prefix: boolean, env: Env | null, node: ts.Node): number {
    if (!ts.isIdentifier(operand)) this.fail(node, 'increment of something other than a local variable');
    const binding = env?.lookup(operand.text);
    if (!binding || !binding.mutable || typeof binding.value !== 'number') this.fail(node, `\`${snippet(node)}\` changes a variable the probe does not own`);
    const old = binding.value;
    binding.value = old + delta;
    return prefix ? old + delta : old;
  }

  // -------------------------------------------------------------------------------------------
  // Statements (inside interpreted function bodies)

  private block(statements: readonly ts.Statement[], env: Env): Completion {
    // Function declarations are hoisted.
    for (const statement of statements) {
      if (ts.isFunctionDeclaration(statement) && statement.name) env.declare(statement.name.text, new Closure(statement, env), false);
    }
    for (const statement of statements) {
      const completion = this.statement(statement, env);
      if (completion.returned) return completion;
    }
    return NORMAL;
  }

  private statement(node: ts.Statement, env: Env): Completion {
    if (++this.steps > this.maxSteps) this.fail(node, 'the interpreted code runs too long for the probe');
    if (ts.isVariableStatement(node)) {
      const mutable = !(node.declarationList.flags & ts.NodeFlags.Const);
      for (const declaration of node.declarationList.declarations) {
        const value = declaration.initializer ? this.evaluate(declaration.initializer, env) : undefined;
        this.bind(declaration.name, value, env, mutable, declaration);
      }
      return NORMAL;
    }
    if (ts.isExpressionStatement(node)) {
      this.evaluate(node.expression, env);
      return NORMAL;
    }
    if (ts.isReturnStatement(node)) return { returned: true, value: node.expression ? this.evaluate(node.expression, env) : undefined };
    if (ts.isIfStatement(node)) {
      if (truthy(this.evaluate(node.expression, env), node, this)) return this.statement(node.thenStatement, env);
      return node.elseStatement ? this.statement(node.elseStatement, env) : NORMAL;
    }
    if (ts.isBlock(node)) return this.block(node.statements, new Env(env));
    if (ts.isFunctionDeclaration(node) || ts.isEmptyStatement(node)) return NORMAL;
    if (ts.isTypeAliasDeclaration(node) || ts.isInterfaceDeclaration(node)) return NORMAL;
    this.fail(node, `\`${snippet(node)}\` (${syntaxName(node)}) is outside what the reconstruct probe interprets`);
  }

  private bind(name: ts.BindingName, value: unknown, env: Env, mutable: boolean, at: ts.Node): void {
    if (ts.isIdentifier(name)) {
      env.declare(name.text, value, mutable);
      return;
    }
    for (const [element, elementValue] of this.destructure(name, value, at, env)) {
      this.bind(element.name, elementValue, env, mutable, element);
    }
  }

  /** The values a binding pattern picks out of `value`, with defaults applied. */
  private destructure(pattern: ts.BindingPattern, value: unknown, at: ts.Node, env: Env | null): [ts.BindingElement, unknown][] {
    const out: [ts.BindingElement, unknown][] = [];
    if (ts.isObjectBindingPattern(pattern)) {
      for (const element of pattern.elements) {
        if (element.dotDotDotToken) this.fail(element, 'rest elements in object patterns');
        const keyNode = element.propertyName ?? element.name;
        if (!ts.isIdentifier(keyNode) && !ts.isStringLiteral(keyNode)) this.fail(element, 'a computed key in a pattern');
        let picked = this.member(value, keyNode.text, element);
        if (picked === undefined && element.initializer) picked = this.evaluate(element.initializer, env);
        out.push([element, picked]);
      }
    } else {
      if (!Array.isArray(value)) this.fail(at, `array destructuring of ${describe(value)}`);
      pattern.elements.forEach((element, index) => {
        if (ts.isOmittedExpression(element)) return;
        if (element.dotDotDotToken) {
          out.push([element, value.slice(index)]);
          return;
        }
        let picked = value[index];
        if (picked === undefined && element.initializer) picked = this.evaluate(element.initializer, env);
        out.push([element, picked]);
      });
    }
    return out;
  }

  // -------------------------------------------------------------------------------------------
  // Declarations outside the running functions (module level, or blocks around the training site)

  /** The declaration `name` refers to at `from`, searching enclosing blocks outward. */
  private findDeclaration(name: string, from: ts.Node): ts.Node | undefined {
    for (let node: ts.Node | undefined = from.parent; node; node = node.parent) {
      if (isFunctionLike(node)) {
        for (const parameter of node.parameters) {
          if (bindsName(parameter.name, name)) {
            this.fail(from, `\`${name}\` is a parameter of a function the probe does not call`);
          }
        }
      }
      if (ts.isSourceFile(node) || ts.isBlock(node) || ts.isModuleBlock(node) || ts.isCaseClause(node) || ts.isDefaultClause(node)) {
        for (const statement of node.statements) {
          const found = declarationIn(statement, name);
          if (found) return found;
        }
      }
      // The counter of a `for` loop around the training step.
      if (ts.isForStatement(node) && node.initializer && ts.isVariableDeclarationList(node.initializer)) {
        const found = node.initializer.declarations.find((d) => ts.isIdentifier(d.name) && d.name.text === name);
        if (found) return found;
      }
    }
    return undefined;
  }

  private valueOfDeclaration(name: string, declaration: ts.Node): unknown {
    if (ts.isFunctionDeclaration(declaration)) return new Closure(declaration, null);
    if (ts.isImportDeclaration(declaration)) return this.importValue(name, declaration);
    if (!ts.isVariableDeclaration(declaration)) this.fail(declaration, `\`${name}\` is declared in a way the probe does not follow`);
    const list = declaration.parent;
    if (ts.isForStatement(list.parent) && list.parent.initializer === list) return this.loopCounter(name, declaration);
    if (ts.isVariableDeclarationList(list) && !(list.flags & ts.NodeFlags.Const) && this.isReassigned(name)) {
      this.fail(declaration, `\`${name}\` is reassigned, so the probe cannot tell which value training sees`);
    }
    let whole: unknown;
    if (this.declarationValues.has(declaration)) {
      whole = this.declarationValues.get(declaration);
    } else {
      if (this.evaluating.has(declaration)) this.fail(declaration, `\`${name}\` depends on itself`);
      if (!declaration.initializer) this.fail(declaration, `\`${name}\` has no initializer`);
      this.evaluating.add(declaration);
      try {
        whole = this.evaluate(declaration.initializer, null);
      } finally {
        this.evaluating.delete(declaration);
      }
      this.declarationValues.set(declaration, whole);
    }
    if (ts.isIdentifier(declaration.name)) return whole;
    const picked = this.pick(declaration.name, whole, name, declaration);
    return picked.value;
  }

  /**
   * A loop counter the training step reads (`xs.slice([start, 0], ...)` in `for (let start = 0;
   * ...; start += batchSize)`): the probe replays the step, not the loop around it, so the counter
   * keeps its first value, and the report says so.
   */
  private loopCounter(name: string, declaration: ts.VariableDeclaration): unknown {
    if (this.declarationValues.has(declaration)) return this.declarationValues.get(declaration);
    if (!declaration.initializer) this.fail(declaration, `the loop counter \`${name}\` has no initial value`);
    const value = this.evaluate(declaration.initializer, null);
    this.declarationValues.set(declaration, value);
    this.notes.push(`\`${name}\`, the counter of the loop at line ${this.lineOfNode(declaration)}, keeps its first value (${typeof value === 'number' ? value : snippet(declaration.initializer)}) in every step: the probe repeats the step, not the loop around it`);
    return value;
  }

  private pick(pattern: ts.BindingPattern, value: unknown, name: string, at: ts.Node): { found: boolean; value: unknown } {
    for (const [element, elementValue] of this.destructure(pattern, value, at, null)) {
      if (ts.isIdentifier(element.name)) {
        if (element.name.text === name) return { found: true, value: elementValue };
      } else {
        const nested = this.pick(element.name, elementValue, name, element);
        if (nested.found) return nested;
      }
    }
    return { found: false, value: undefined };
  }

  private importValue(name: string, declaration: ts.ImportDeclaration): unknown {
    const specifier = declaration.moduleSpecifier;
    if (!ts.isStringLiteral(specifier) || !TFJS_PACKAGE.test(specifier.text)) {
      this.fail(declaration, `\`${name}\` is imported from another module, which the reconstruct probe does not run`);
    }
    const tf = new Namespace('tf', this.host.tf, 'tf');
    const clause = declaration.importClause;
    if (!clause) this.fail(declaration, 'a bare import');
    if (clause.name?.text === name) return tf;
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings) && bindings.name.text === name) return tf;
    if (bindings && ts.isNamedImports(bindings)) {
      for (const element of bindings.elements) {
        if (element.name.text === name) return this.member(tf, (element.propertyName ?? element.name).text, element);
      }
    }
    this.fail(declaration, `\`${name}\` is not bound by this import`);
  }

  private isReassigned(name: string): boolean {
    if (!this.reassigned) {
      const names = new Set<string>();
      const visit = (node: ts.Node): void => {
        if (ts.isBinaryExpression(node) && (node.operatorToken.kind === ts.SyntaxKind.EqualsToken || isCompoundAssignment(node.operatorToken.kind))) {
          collectAssigned(node.left, names);
        } else if ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) && ts.isIdentifier(node.operand)) {
          if (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken) names.add(node.operand.text);
        } else if ((ts.isForOfStatement(node) || ts.isForInStatement(node)) && !ts.isVariableDeclarationList(node.initializer)) {
          collectAssigned(node.initializer as ts.Expression, names);
        }
        node.forEachChild(visit);
      };
      this.sourceFile.forEachChild(visit);
      this.reassigned = names;
    }
    return this.reassigned.has(name);
  }

  // -------------------------------------------------------------------------------------------
  // Crossing between interpreter values and TF.js

  /** An interpreter value as TF.js sees it: closures become JS functions that run the interpreter. */
  private toHost(value: unknown, depth = 0): unknown {
    if (value instanceof Closure) {
      let fn = this.hostFunctions.get(value);
      if (!fn) {
        const closure = value;
        fn = (...args: unknown[]) => this.toHost(this.invoke(closure, args.map((a) => this.fromHost(a, 'callback argument'))));
        this.hostFunctions.set(value, fn);
      }
      return fn;
    }
    if (value instanceof HostFunction) {
      const host = value;
      return (...args: unknown[]) => host.fn.apply(host.thisArg, args);
    }
    if (value instanceof Namespace) {
      if (value.kind === 'tf') return value.target;
      throw new InterpretError(`\`${value.path}\` cannot be passed to TF.js`, null);
    }
    if (depth < 4 && Array.isArray(value)) {
      return value.some((v) => v instanceof Closure || v instanceof HostFunction || Array.isArray(v) || isPlainObject(v))
        ? value.map((v) => this.toHost(v, depth + 1))
        : value;
    }
    if (depth < 4 && isPlainObject(value)) {
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(value)) out[key] = this.toHost(value[key], depth + 1);
      return out;
    }
    return value;
  }

  /** A TF.js value as the interpreter sees it: functions TF.js hands back stay callable. */
  private fromHost(value: unknown, label: string): unknown {
    if (typeof value === 'function') return new HostFunction(label, value as (...args: unknown[]) => unknown, undefined, true);
    return value;
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers

function declarationIn(statement: ts.Statement, name: string): ts.Node | undefined {
  if (ts.isFunctionDeclaration(statement) && statement.name?.text === name) return statement;
  if (ts.isVariableStatement(statement)) {
    for (const declaration of statement.declarationList.declarations) {
      if (bindsName(declaration.name, name)) return declaration;
    }
  }
  if (ts.isImportDeclaration(statement) && statement.importClause) {
    const clause = statement.importClause;
    if (clause.name?.text === name) return statement;
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings) && bindings.name.text === name) return statement;
    if (bindings && ts.isNamedImports(bindings) && bindings.elements.some((e) => e.name.text === name)) return statement;
  }
  if (ts.isClassDeclaration(statement) && statement.name?.text === name) return statement;
  return undefined;
}

function bindsName(name: ts.BindingName, target: string): boolean {
  if (ts.isIdentifier(name)) return name.text === target;
  return name.elements.some((element) => !ts.isOmittedExpression(element) && bindsName(element.name, target));
}

function collectAssigned(target: ts.Expression, names: Set<string>): void {
  if (ts.isIdentifier(target)) names.add(target.text);
  else if (ts.isArrayLiteralExpression(target)) target.elements.forEach((e) => collectAssigned(e, names));
  else if (ts.isObjectLiteralExpression(target)) {
    for (const p of target.properties) {
      if (ts.isShorthandPropertyAssignment(p)) names.add(p.name.text);
      else if (ts.isPropertyAssignment(p)) collectAssigned(p.initializer, names);
    }
  } else if (ts.isParenthesizedExpression(target)) collectAssigned(target.expression, names);
}

/** An identifier that reads a variable (not a property name, a declaration name or a label). */
function isReference(node: ts.Identifier): boolean {
  const parent = node.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === node) return false;
  if ((ts.isPropertyAssignment(parent) || ts.isMethodDeclaration(parent)) && parent.name === node) return false;
  if ((ts.isVariableDeclaration(parent) || ts.isParameter(parent) || ts.isBindingElement(parent) || ts.isFunctionDeclaration(parent)) && parent.name === node) return false;
  if (ts.isBindingElement(parent) && parent.propertyName === node) return false;
  return true;
}

function isFunctionLike(node: ts.Node): node is ts.FunctionLikeDeclaration {
  return ts.isArrowFunction(node) || ts.isFunctionExpression(node) || ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node);
}

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === kind);
}

function isCompoundAssignment(kind: ts.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstCompoundAssignment && kind <= ts.SyntaxKind.LastCompoundAssignment;
}

function compoundBase(kind: ts.SyntaxKind): ts.SyntaxKind {
  switch (kind) {
    case ts.SyntaxKind.PlusEqualsToken:
      return ts.SyntaxKind.PlusToken;
    case ts.SyntaxKind.MinusEqualsToken:
      return ts.SyntaxKind.MinusToken;
    case ts.SyntaxKind.AsteriskEqualsToken:
      return ts.SyntaxKind.AsteriskToken;
    case ts.SyntaxKind.SlashEqualsToken:
      return ts.SyntaxKind.SlashToken;
    case ts.SyntaxKind.PercentEqualsToken:
      return ts.SyntaxKind.PercentToken;
    case ts.SyntaxKind.AsteriskAsteriskEqualsToken:
      return ts.SyntaxKind.AsteriskAsteriskToken;
    default:
      return kind;
  }
}

function isPrimitive(value: unknown): boolean {
  return value === null || value === undefined || typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean';
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function truthy(value: unknown, node: ts.Node, interpreter: Interpreter): boolean {
  if (!isPrimitive(value) && !Array.isArray(value) && !isPlainObject(value)) {
    // A tensor in a condition is always truthy in JavaScript, which is rarely what was meant; refuse.
    throw new InterpretError(`a condition on ${describe(value)}`, interpreter.lineOf(node.getStart()));
  }
  return Boolean(value);
}

function describe(value: unknown): string {
  if (value instanceof Closure || value instanceof HostFunction) return 'a function';
  if (value instanceof Namespace) return `\`${value.path}\``;
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') {
    const name = (value as { constructor?: { name?: string } }).constructor?.name;
    return name === 'Tensor' || name === 'Variable' ? 'a tensor' : `an object${name ? ` (${name})` : ''}`;
  }
  return `a ${typeof value}`;
}

function snippet(node: ts.Node): string {
  const text = node.getText().replace(/\s+/g, ' ');
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function calleeLabel(node: ts.Node): string {
  if (ts.isCallExpression(node)) {
    const callee = node.expression;
    if (ts.isPropertyAccessExpression(callee) && !ts.isIdentifier(callee.expression) && !ts.isPropertyAccessExpression(callee.expression)) {
      return `.${callee.name.text}()`;
    }
    const text = callee.getText().replace(/\s+/g, '');
    return text.length > 40 ? `${text.slice(0, 37)}...` : text;
  }
  return snippet(node);
}

function syntaxName(node: ts.Node): string {
  return ts.SyntaxKind[node.kind] ?? 'unknown syntax';
}

/** A seed per (plan seed, call position, call count): different calls differ, reruns repeat. */
function seedFor(seed: number, position: number, count: number): number {
  let h = (seed ^ 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ position, 0xcc9e2d51) >>> 0;
  h = Math.imul(h ^ count, 0x1b873593) >>> 0;
  return h % 2147483647;
}
