// A small abstract interpreter over TF.js expressions. Each expression evaluates to a `Value`:
// a number, a tensor with a value range (exact data when the file writes it inline), a TF.js
// namespace path, a layer, a model, an optimizer, a user function, or `unknown`. An op the
// interpreter does not model yields an unknown tensor: never a false proof of safety or failure.

import ts = require('typescript');
import * as C from './concrete';
import * as R from './ranges';
import { scopeOf, type Declaration, type Scopes, type Update } from './scope';
import type { LayerSpec, ModelSpec, OptimizerKind, OptimizerSpec, Span, TfBindings, ValueOrigin, ValueRange } from './types';
import { RECURRENT_LAYERS } from './types';

export type FunctionNode = ts.FunctionDeclaration | ts.FunctionExpression | ts.ArrowFunction | ts.MethodDeclaration;

export type Stat =
  | 'mean'
  | 'variance'
  | 'std'
  | 'min'
  | 'max'
  | 'range'
  | 'norm'
  | 'sum'
  | 'centered'
  /** `z.sub(z.max(axis, true))`: every element is at most 0 and one per row is exactly 0. */
  | 'maxShifted'
  /** `exp` of a max-shifted value: in (0, 1], one element per row exactly 1, so its sum is at least 1. */
  | 'expShifted';

/** What is known about the data a statistic was computed from. */
export type DataKind =
  /** Every element is known (inline literal data). */
  | 'literal'
  /** Every element is the same known number (`tf.ones`, `tf.fill`). */
  | 'constant'
  /** Drawn from a continuous distribution (`tf.randomNormal`): never constant, never exactly 0. */
  | 'continuous'
  /** Bounded by the analysis but not known element by element (a model's predictions, a relu). */
  | 'known'
  /** From I/O or an op the analysis does not model. */
  | 'unknown';

/** The data a statistic (mean, std, max, sum, norm, ...) was computed from, for messages. */
export interface StatSource {
  /** The expression the statistic reduces (`raw`, `features`). */
  text: string;
  span: Span;
  data: DataKind;
  /** Reduced axes, when known (undefined: all axes). */
  axes?: number[];
  /** Written with `keepDims` true: the statistic broadcasts back over the data it reduced. */
  keepDims?: boolean;
}

export interface TensorValue {
  range: ValueRange;
  shape?: (number | null)[];
  concrete?: C.Concrete;
  normalized: boolean;
  stat?: Stat;
  /** For a statistic: the data it was computed from. */
  statSource?: StatSource;
  /**
   * Drawn from a continuous distribution (`tf.randomUniform` with a float dtype, `tf.randomNormal`)
   * and only shifted or scaled since: with probability 1 no element is exactly 0 and no feature is
   * constant. Interval bounds stay as they are; this only says which values inside them occur.
   */
  continuous?: boolean;
  /** For `exp(z)` and reductions of it: the range of the exponent `z`. */
  expInput?: ValueRange;
  /**
   * For 2-D data whose rows are built element by element (rows pushed in a loop): the range of each
   * column (last axis). Ops that broadcast along the last axis keep them; other ops drop them.
   */
  columns?: ValueRange[];
  /** Mean over samples of the squared norm of a sample (for the SGD divergence predictor). */
  meanSquare?: number;
  origin?: ValueOrigin;
}

export interface LayerFact {
  spec: LayerSpec;
  node: ts.CallExpression;
  config?: ts.ObjectLiteralExpression;
  activationNode?: ts.Expression;
}

export interface OptimizerFact {
  spec: OptimizerSpec;
  /** The `tf.train.*` call, or the string literal given to compile. */
  node: ts.Expression;
}

export interface FitFact {
  node: ts.CallExpression;
  kind: 'fit' | 'fitDataset';
  xNode?: ts.Expression;
  yNode?: ts.Expression;
  x?: TensorValue;
  y?: TensorValue;
  epochs?: number;
  batchSize?: number;
}

export interface ModelFact {
  id: string;
  node: ts.CallExpression;
  style: 'sequential' | 'functional';
  name?: string;
  layers: LayerFact[];
  compile?: ts.CallExpression;
  optimizer?: OptimizerFact;
  /** The expression given as `optimizer:` (the wrapper call, when there is one). */
  optimizerNode?: ts.Expression;
  lossNode?: ts.Expression;
  lossName?: string;
  lossFn?: FunctionNode;
  metrics: string[];
  fits: FitFact[];
}

export type Value =
  | { kind: 'number'; range: ValueRange; value?: number }
  /**
   * `numeric`: the text is known to parse to a finite number (its value may still be unknown).
   * `values`: the text is one of these (a line of an inline CSV, joined over its lines).
   */
  | { kind: 'string'; value?: string; numeric?: boolean; values?: string[] }
  | { kind: 'bool' }
  | { kind: 'tensor'; t: TensorValue }
  | { kind: 'array'; elements: Value[] }
  /**
   * An array whose length is not known (built with `push` in a loop, `.map` / `.filter` of such an
   * array): every element is described by `element`.
   */
  | { kind: 'list'; element: Value; origin?: ValueOrigin }
  /** `other`: the value of any property not in `props` (keys the analysis cannot read). */
  | { kind: 'object'; props: Map<string, Value>; other?: Value }
  | { kind: 'function'; node: FunctionNode; customGrad?: boolean }
  | { kind: 'tf'; path: string }
  | { kind: 'backend' }
  | { kind: 'layer'; layer: LayerFact }
  | { kind: 'symbolic'; layers: LayerFact[]; inputShape?: (number | null)[] }
  | { kind: 'model'; model: ModelFact }
  | { kind: 'optimizer'; optimizer: OptimizerFact }
  /** Another module of the workspace (`import * as data from './data'`, `require('./data')`). */
  | { kind: 'module'; file: ts.SourceFile }
  | { kind: 'unknown' };

export const UNKNOWN_VALUE: Value = { kind: 'unknown' };

export function unknownTensor(extra: Partial<TensorValue> = {}): TensorValue {
  return { range: R.UNKNOWN, normalized: false, ...extra };
}

type Env = ReadonlyMap<ts.Node, Value>;
/** `tf.backend().epsilon()`: 1e-7 on float32 backends (CPU, WASM, WebGL float32), 1e-4 on float16 WebGL. */
export const BACKEND_EPSILON = { float32: 1e-7, float16: 1e-4 } as const;

/** Shape ops that keep only part of the elements. */
const SUBSET_OPS = new Set(['slice', 'gather', 'stridedSlice']);
/** How many saved tensors a `gradFunc`'s second parameter is assumed to hold. */
const SAVED_TENSORS = 8;
const EMPTY_ENV: Env = new Map();
const MAX_CALL_DEPTH = 6;
/** Exact arrays longer than this are mapped as lists (one evaluation of the callback). */
const MAX_MAPPED_ELEMENTS = 256;
/** Nested fixpoints over self-referential variables stop here (the inner one joins with unknown). */
const MAX_NESTED_FIXPOINTS = 3;
const FIXPOINT_ROUNDS = 6;

/** TF.js defaults for string optimizers and for constructors called without arguments. */
export const OPTIMIZER_DEFAULTS: Record<Exclude<OptimizerKind, 'unknown'>, { string: number; ctor?: number }> = {
  sgd: { string: 0.01 },
  momentum: { string: 0.01 },
  adam: { string: 0.001, ctor: 0.001 },
  adamax: { string: 0.002, ctor: 0.002 },
  rmsprop: { string: 0.001 },
  adagrad: { string: 0.01 },
  adadelta: { string: 1.0, ctor: 0.001 },
};

const OPTIMIZER_ARGS: Record<Exclude<OptimizerKind, 'unknown'>, string[]> = {
  sgd: ['learningRate'],
  momentum: ['learningRate', 'momentum', 'useNesterov'],
  adam: ['learningRate', 'beta1', 'beta2', 'epsilon'],
  adamax: ['learningRate', 'beta1', 'beta2', 'epsilon', 'decay'],
  rmsprop: ['learningRate', 'decay', 'momentum', 'epsilon', 'centered'],
  adagrad: ['learningRate', 'initialAccumulatorValue'],
  adadelta: ['learningRate', 'rho', 'epsilon'],
};

/**
 * The file being analyzed. Spans of nodes in other files (modules it imports) carry their file
 * name, so findings and related locations can say where they are; spans in this file do not.
 */
const homes: ts.SourceFile[] = [];

/** Runs `f` with `home` as the file being analyzed (nests; always restored). */
export function withHome<T>(home: ts.SourceFile, f: () => T): T {
  homes.push(home);
  try {
    return f();
  } finally {
    homes.pop();
  }
}

export function span(node: ts.Node): Span {
  const s: Span = { start: node.getStart(), end: node.getEnd() };
  const home = homes[homes.length - 1];
  if (home) {
    const file = node.getSourceFile();
    if (file !== home) s.file = file.fileName;
  }
  return s;
}

/** How the evaluator reaches other modules of the workspace (cross-file analysis). */
export interface ModuleLinker {
  /** The prepared module a specifier written in `from` refers to. */
  resolve(specifier: string, from: ts.SourceFile): ts.SourceFile | undefined;
  /** That module's TF.js bindings. */
  bindings(file: ts.SourceFile): TfBindings;
}

function unwrap(e: ts.Expression): ts.Expression {
  while (
    ts.isParenthesizedExpression(e) ||
    ts.isAsExpression(e) ||
    ts.isNonNullExpression(e) ||
    ts.isTypeAssertionExpression(e) ||
    ts.isSatisfiesExpression(e) ||
    ts.isAwaitExpression(e)
  ) {
    e = e.expression;
  }
  return e;
}

export class Evaluator {
  private readonly memo = new Map<ts.Node, Value>();
  /**
   * Memoized values the depth limit cut short, with the depth they were computed at: asked from
   * nearer the root (a rule asking about an inner call of a deep nesting), they are recomputed
   * with the depth left, instead of staying unknown for good.
   */
  private readonly truncatedAt = new Map<ts.Node, number>();
  /** How many times the depth limit has cut an evaluation short (compared before and after one). */
  private truncations = 0;
  private inProgress = new Set<ts.Node>();
  /**
   * Counts reads that a later parameter binding can change: a parameter looked up outside the
   * evaluation of its function's body, a memoized value that made such a read, a cycle cut short.
   * Compared before and after an evaluation, like `truncations`.
   */
  private paramReads = 0;
  /** Memoized values whose evaluation made such a read (`invalidateWithin` forgets them). */
  private readonly paramDependent = new Set<ts.Node>();
  private depth = 0;
  readonly models: ModelFact[] = [];
  private readonly modelsByNode = new Map<ts.Node, ModelFact>();
  private readonly layersByNode = new Map<ts.Node, LayerFact>();
  private readonly optimizersByNode = new Map<ts.Node, OptimizerFact>();
  /** Values bound to parameters of functions the analysis knows the callers of (losses). */
  readonly paramBindings = new Map<ts.Node, Value>();
  /** Optimizer variables whose `applyGradients` the file replaces (a clipping wrapper). */
  readonly wrappedOptimizerTargets: ts.Expression[] = [];

  private readonly exportsMemo = new Map<ts.SourceFile, Map<string, Value>>();
  /** Values assumed for self-referential variables while their fixpoint is computed. */
  private readonly assumed = new Map<Declaration, Value>();
  /** While above 0, results depend on assumptions and are not memoized. */
  private noMemo = 0;
  private readonly mutationsMemo = new Map<Declaration, ArrayMutations>();

  constructor(
    private readonly sourceFile: ts.SourceFile,
    private readonly scopes: Scopes,
    private readonly homeBindings: TfBindings,
    private readonly linker?: ModuleLinker,
  ) {}

  /** The TF.js bindings of the file a node is in. */
  private bindingsOf(node: ts.Node): TfBindings {
    const file = node.getSourceFile();
    return file === this.sourceFile || !this.linker ? this.homeBindings : this.linker.bindings(file);
  }

  /**
   * Forget memoized values inside functions whose parameters were just bound. Values outside them
   * are unaffected: calls evaluate function bodies with their arguments, never from the memo.
   */
  invalidateWithin(functions: readonly ts.Node[]): void {
    if (functions.length === 0) return;
    const within = spansWithin(functions);
    for (const [node, value] of this.memo) {
      // Values that were not known and read a parameter may depend on the new bindings through
      // closures (a generator returned by a helper whose parameter was just bound).
      if ((isVague(value) && this.paramDependent.has(node)) || within(node)) {
        this.memo.delete(node);
        this.paramDependent.delete(node);
      }
    }
  }

  value(expr: ts.Expression): Value {
    return this.eval(expr, EMPTY_ENV);
  }

  tensor(expr: ts.Expression): TensorValue | undefined {
    return toTensor(this.value(expr));
  }

  /** The TF.js API path an expression names (`''` for the namespace, `'layers.dense'`, ...). */
  tfPath(expr: ts.Expression): string | undefined {
    const v = this.value(expr);
    return v.kind === 'tf' ? v.path : undefined;
  }

  optimizers(): OptimizerFact[] {
    return [...this.optimizersByNode.values()];
  }

  private eval(expr: ts.Expression, env: Env): Value {
    const memoizable = env.size === 0 && this.noMemo === 0;
    if (memoizable) {
      const cached = this.memo.get(expr);
      if (cached) {
        const at = this.truncatedAt.size > 0 ? this.truncatedAt.get(expr) : undefined;
        if (at === undefined || this.depth >= at) {
          if (at !== undefined) this.truncations++;
          if (this.paramDependent.size > 0 && this.paramDependent.has(expr)) this.paramReads++;
          return cached;
        }
      }
    }
    if (this.inProgress.has(expr)) {
      this.paramReads++;
      return UNKNOWN_VALUE;
    }
    if (this.depth > 200) {
      this.truncations++;
      return UNKNOWN_VALUE;
    }
    this.inProgress.add(expr);
    this.depth++;
    const truncationsBefore = this.truncations;
    const readsBefore = this.paramReads;
    let result: Value;
    try {
      result = this.evalUncached(expr, env);
    } finally {
      this.depth--;
      this.inProgress.delete(expr);
    }
    if (memoizable) {
      this.memo.set(expr, result);
      if (this.truncations !== truncationsBefore) this.truncatedAt.set(expr, this.depth);
      else if (this.truncatedAt.size > 0) this.truncatedAt.delete(expr);
      if (this.paramReads !== readsBefore) this.paramDependent.add(expr);
      else if (this.paramDependent.size > 0) this.paramDependent.delete(expr);
    }
    return result;
  }

  private evalUncached(expr: ts.Expression, env: Env): Value {
    const e = unwrap(expr);
    if (e !== expr) return this.eval(e, env);
    if (ts.isNumericLiteral(e)) return num(Number(e.text.replace(/_/g, '')));
    if (ts.isStringLiteralLike(e)) return { kind: 'string', value: e.text };
    if (ts.isTemplateExpression(e)) return this.template(e, env);
    if (e.kind === ts.SyntaxKind.TrueKeyword || e.kind === ts.SyntaxKind.FalseKeyword) return { kind: 'bool' };
    if (ts.isPrefixUnaryExpression(e)) return this.prefix(e, env);
    if (ts.isBinaryExpression(e)) return this.binaryExpr(e, env);
    if (ts.isConditionalExpression(e)) return this.conditional(e, env);
    if (ts.isArrayLiteralExpression(e)) {
      return { kind: 'array', elements: e.elements.map((el) => (ts.isSpreadElement(el) ? UNKNOWN_VALUE : this.eval(el, env))) };
    }
    if (ts.isObjectLiteralExpression(e)) return this.objectLiteral(e, env);
    if (ts.isArrowFunction(e) || ts.isFunctionExpression(e)) return { kind: 'function', node: e };
    if (ts.isIdentifier(e)) return this.identifier(e, env);
    if (ts.isPropertyAccessExpression(e)) return this.propertyAccess(e, env);
    if (ts.isElementAccessExpression(e)) return this.element(e, env);
    if (ts.isCallExpression(e)) return this.call(e, env);
    return UNKNOWN_VALUE;
  }

  private conditional(e: ts.ConditionalExpression, env: Env): Value {
    const joined = joinValues(this.eval(e.whenTrue, env), this.eval(e.whenFalse, env));
    // \`Number.isNaN(v) ? 0 : v\`, \`isFinite(v) ? v : 0\`: the test picks the branch without NaN.
    return mentionsNaNCheck(e.condition) ? stripNaN(joined) : joined;
  }

  private propertyAccess(e: ts.PropertyAccessExpression, env: Env): Value {
    if (e.name.text === 'NaN' && ts.isIdentifier(e.expression) && e.expression.text === 'Number' && !this.scopes.resolve(e.expression)) return nanLiteral(e);
    return this.property(this.eval(e.expression, env), e.name.text);
  }

  private prefix(e: ts.PrefixUnaryExpression, env: Env): Value {
    const v = this.eval(e.operand, env);
    if (e.operator === ts.SyntaxKind.MinusToken && v.kind === 'number') {
      return v.value !== undefined ? num(-v.value) : { kind: 'number', range: R.neg(v.range) };
    }
    if (e.operator === ts.SyntaxKind.PlusToken && v.kind === 'number') return v;
    if (e.operator === ts.SyntaxKind.PlusToken) return this.parsed('Number', v, e, e.operand);
    return UNKNOWN_VALUE;
  }

  private binaryExpr(e: ts.BinaryExpression, env: Env): Value {
    const op = e.operatorToken.kind;
    if (op === ts.SyntaxKind.CommaToken || op === ts.SyntaxKind.EqualsToken) return this.eval(e.right, env);
    if (op === ts.SyntaxKind.BarBarToken) {
      // NaN is falsy: \`parseFloat(s) || 0\` replaces it.
      const left = this.eval(e.left, env);
      return joinValues(left.kind === 'number' ? stripNaN(left) : left, this.eval(e.right, env));
    }
    if (op === ts.SyntaxKind.QuestionQuestionToken) {
      // A number the analysis computed exactly is never null or undefined: \`parseFloat('') ?? 0\` is NaN.
      const left = this.eval(e.left, env);
      if (left.kind === 'number' && left.value !== undefined) return left;
      return joinValues(left, this.eval(e.right, env));
    }
    const a = this.eval(e.left, env);
    const b = this.eval(e.right, env);
    const result = arithmetic(op, a, b);
    // \`0 / 0\`, \`Infinity - Infinity\`: NaN made here, from operands that are not NaN.
    if (result.kind === 'number' && result.range.provenNaN && !result.range.nanOrigin && a.kind === 'number' && b.kind === 'number') {
      result.range = { ...result.range, nanOrigin: { span: span(e), description: `\`${short(e.getText())}\` is NaN` } };
    }
    return result;
  }

  private objectLiteral(e: ts.ObjectLiteralExpression, env: Env): Value {
    const props = new Map<string, Value>();
    for (const p of e.properties) {
      if (ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) {
        props.set(p.name.text, this.eval(p.initializer, env));
      } else if (ts.isShorthandPropertyAssignment(p)) {
        props.set(p.name.text, this.eval(p.name, env));
      } else if (ts.isMethodDeclaration(p) && ts.isIdentifier(p.name)) {
        props.set(p.name.text, { kind: 'function', node: p });
      }
    }
    return { kind: 'object', props };
  }

  private identifier(id: ts.Identifier, env: Env): Value {
    if (id.text === 'undefined') return UNKNOWN_VALUE;
    if (id.text === 'Infinity') return num(Infinity);
    if (id.text === 'NaN' && !this.scopes.resolve(id)) return nanLiteral(id);
    const decl = this.scopes.resolve(id);
    if (!decl) {
      if (this.bindingsOf(id).namespaces.includes(id.text)) return { kind: 'tf', path: '' };
      return UNKNOWN_VALUE;
    }
    const inEnv = env.get(decl);
    if (!inEnv && ts.isParameter(decl)) this.paramReads++;
    const bound = inEnv ?? this.paramBindings.get(decl) ?? this.assumed.get(decl);
    const v = bound ?? this.declaration(decl, env);
    return this.isNaNChecked(decl) ? stripNaN(v) : v;
  }

  private declaration(decl: Declaration, env: Env): Value {
    if (ts.isImportSpecifier(decl) || ts.isNamespaceImport(decl) || ts.isImportClause(decl)) {
      const name = decl.name?.text ?? '';
      const bindings = this.bindingsOf(decl);
      if (bindings.namespaces.includes(name)) return { kind: 'tf', path: '' };
      const path = bindings.named[name];
      return path !== undefined ? { kind: 'tf', path } : this.imported(decl);
    }
    if (ts.isFunctionDeclaration(decl)) return { kind: 'function', node: decl };
    if (ts.isClassDeclaration(decl) || ts.isParameter(decl)) {
      if (ts.isParameter(decl) && decl.initializer) return this.eval(decl.initializer, env);
      if (ts.isParameter(decl)) return this.implicitParameter(decl) ?? this.callbackParameter(decl, env) ?? UNKNOWN_VALUE;
      return UNKNOWN_VALUE;
    }
    if (ts.isBindingElement(decl)) return this.bindingElement(decl, env);
    // VariableDeclaration
    const name = ts.isIdentifier(decl.name) ? decl.name.text : '';
    if (decl.initializer) {
      const direct = this.requireBinding(name, decl.initializer);
      if (direct) return direct;
    }
    const loop = this.loopVariable(decl, env);
    if (loop) return loop;
    const assignments = this.scopes.assignmentsTo(decl);
    const updates = this.scopes.updatesTo(decl);
    if (!decl.initializer && assignments.length === 0) return UNKNOWN_VALUE;
    let v = decl.initializer ? this.eval(decl.initializer, env) : UNKNOWN_VALUE;
    if (assignments.length > 0 || updates.length > 0) return this.fixpoint(decl, v, assignments, updates, env);
    if (v.kind === 'array' && decl.initializer && ts.isArrayLiteralExpression(unwrap(decl.initializer))) v = this.mutatedArray(decl, v, env);
    return v;
  }

  /**
   * A variable assigned or updated after its declaration (`let seed = 7; seed = (seed * 16807) %
   * m`, `total += x`): the join of its initial value and every assigned value, iterated with the
   * variable assumed to hold the join so far until it is stable; bounds that keep growing widen to
   * infinity.
   */
  private fixpoint(decl: Declaration, initial: Value, assignments: ts.Expression[], updates: Update[], env: Env): Value {
    if (this.assumed.size >= MAX_NESTED_FIXPOINTS) {
      let v = initial;
      for (const a of assignments) v = joinValues(v, this.eval(a, env));
      return updates.length > 0 ? joinValues(v, UNKNOWN_VALUE) : v;
    }
    let current = initial;
    this.noMemo++;
    // The assumption cuts the cycle through this variable, so its own assignments (which may be
    // what is being evaluated now) are evaluated afresh.
    const outer = this.inProgress;
    this.inProgress = new Set();
    try {
      for (let round = 0; round < FIXPOINT_ROUNDS; round++) {
        this.assumed.set(decl, current);
        let next = initial;
        for (const a of assignments) next = joinValues(next, this.eval(a, env));
        for (const u of updates) next = joinValues(next, this.updated(u, current, env));
        if (round >= 2) next = widen(current, next);
        if (sameValue(current, next)) return current;
        current = next;
      }
      return joinValues(current, UNKNOWN_VALUE);
    } finally {
      this.assumed.delete(decl);
      this.inProgress = outer;
      this.noMemo--;
    }
  }

  /** The value after `x += v` / `x++` / `--x`, when x holds `current`. */
  private updated(u: Update, current: Value, env: Env): Value {
    if (ts.isBinaryExpression(u)) {
      const op = COMPOUND_TO_BINARY.get(u.operatorToken.kind);
      return op === undefined ? UNKNOWN_VALUE : arithmetic(op, current, this.eval(u.right, env));
    }
    const op = u.operator === ts.SyntaxKind.PlusPlusToken ? ts.SyntaxKind.PlusToken : ts.SyntaxKind.MinusToken;
    return arithmetic(op, current, num(1));
  }

  /**
   * `for (let i = a; i < b; i++)`: i lies in [a, b - 1] inside the loop (and symmetrically for a
   * decreasing loop); `for (const x of xs)`: x is an element of xs. Undefined when the loop is not
   * of that form (the variable is then the fixpoint of its updates).
   */
  private loopVariable(decl: ts.VariableDeclaration, env: Env): Value | undefined {
    const list = decl.parent;
    const loop = list?.parent;
    if (!list || !ts.isVariableDeclarationList(list) || !loop) return undefined;
    if (ts.isForOfStatement(loop) && loop.initializer === list) {
      return this.scopes.assignmentsTo(decl).length === 0 && this.scopes.updatesTo(decl).length === 0
        ? elementOf(this.eval(loop.expression, env))
        : undefined;
    }
    if (!ts.isForStatement(loop) || loop.initializer !== list || !decl.initializer || !ts.isIdentifier(decl.name)) return undefined;
    if ((list.flags & ts.NodeFlags.Let) === 0) return undefined;
    const updates = this.scopes.updatesTo(decl);
    const increment = loop.incrementor && unwrap(loop.incrementor);
    if (this.scopes.assignmentsTo(decl).length > 0 || updates.length !== 1 || (updates[0] as ts.Node) !== increment) return undefined;
    const update = updates[0];
    if (!update) return undefined;
    let step: number | undefined;
    if (ts.isBinaryExpression(update)) {
      const by = this.eval(update.right, env);
      const k = by.kind === 'number' ? by.value : undefined;
      if (k === undefined || k === 0) return undefined;
      if (update.operatorToken.kind === ts.SyntaxKind.PlusEqualsToken) step = k;
      else if (update.operatorToken.kind === ts.SyntaxKind.MinusEqualsToken) step = -k;
    } else {
      step = update.operator === ts.SyntaxKind.PlusPlusToken ? 1 : -1;
    }
    const cond = loop.condition && unwrap(loop.condition);
    const init = this.eval(decl.initializer, env);
    if (step === undefined || !cond || !ts.isBinaryExpression(cond) || init.kind !== 'number' || init.range.unknown) return undefined;
    const isSelf = (n: ts.Expression): boolean => ts.isIdentifier(unwrap(n)) && this.scopes.resolve(unwrap(n) as ts.Identifier) === decl;
    let op: ts.SyntaxKind = cond.operatorToken.kind;
    let other: ts.Expression;
    if (isSelf(cond.left)) other = cond.right;
    else if (isSelf(cond.right)) {
      other = cond.left;
      op = FLIPPED.get(op) ?? op;
    } else return undefined;
    const bound = this.eval(other, env);
    const b = bound.kind === 'number' && !bound.range.unknown ? bound.range : undefined;
    const integral = Number.isInteger(init.range.lo) && Number.isInteger(init.range.hi) && Number.isInteger(step);
    if (step > 0 && (op === ts.SyntaxKind.LessThanToken || op === ts.SyntaxKind.LessThanEqualsToken)) {
      const lo = init.range.lo;
      let hi = b ? b.hi : Infinity;
      if (op === ts.SyntaxKind.LessThanToken && integral && Number.isFinite(hi)) hi = Math.ceil(hi) - 1;
      return { kind: 'number', range: R.range(lo, Math.max(lo, Math.min(hi, Math.max(lo, hi)))) };
    }
    if (step < 0 && (op === ts.SyntaxKind.GreaterThanToken || op === ts.SyntaxKind.GreaterThanEqualsToken)) {
      const hi = init.range.hi;
      let lo = b ? b.lo : -Infinity;
      if (op === ts.SyntaxKind.GreaterThanToken && integral && Number.isFinite(lo)) lo = Math.floor(lo) + 1;
      return { kind: 'number', range: R.range(Math.min(lo, hi), hi) };
    }
    return undefined;
  }

  /**
   * An array literal that is changed after its declaration (`rows.push([...])` in a loop,
   * `rows[i] = ...`): its length is no longer known, so it is a list of the join of every element
   * it starts with and every element put into it.
   */
  private mutatedArray(decl: ts.VariableDeclaration, v: Extract<Value, { kind: 'array' }>, env: Env): Value {
    const m = this.arrayMutations(decl, v.elements.length === 0);
    if (!m.changed) return v;
    const added = m.added.map((a) => this.eval(a, env));
    if (m.unknown) added.push(UNKNOWN_VALUE);
    const all = [...v.elements, ...added];
    const element = all.length === 0 ? UNKNOWN_VALUE : all.reduce(joinValues);
    const list: Value = { kind: 'list', element };
    if (m.site) list.origin = { span: span(m.site), description: `\`${short(m.site.getText())}\`` };
    return list;
  }

  private arrayMutations(decl: ts.VariableDeclaration, empty: boolean): ArrayMutations {
    const cached = this.mutationsMemo.get(decl);
    if (cached) return cached;
    const m: ArrayMutations = { changed: false, added: [], unknown: false };
    this.mutationsMemo.set(decl, m);
    if (!ts.isIdentifier(decl.name)) return m;
    const scope = scopeOf(decl);
    // Uses come from a per-file index of identifiers by name: walking the declaration's scope for
    // every array was quadratic in the size of a file with many top-level arrays.
    // The index is in document order: only the uses inside the scope are looked at (a minified
    // bundle spells thousands of variables `e`).
    const uses = this.scopes.uses(decl.getSourceFile(), decl.name.text);
    let lo = 0;
    let hi = uses.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((uses[mid] as ts.Identifier).pos < scope.pos) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < uses.length; i++) {
      const id = uses[i] as ts.Identifier;
      if (id.pos >= scope.end) break;
      if (id !== decl.name && id.end <= scope.end && this.scopes.resolve(id) === decl) this.noteArrayUse(id, m, empty);
    }
    return m;
  }

  private noteArrayUse(id: ts.Identifier, m: ArrayMutations, empty: boolean): void {
    const parent = id.parent;
    if (ts.isPropertyAccessExpression(parent) && parent.expression === id) {
      const call = parent.parent;
      const method = parent.name.text;
      if (ts.isCallExpression(call) && call.expression === parent) {
        if (method === 'push' || method === 'unshift') {
          m.changed = true;
          m.site ??= call;
          for (const a of call.arguments) {
            if (ts.isSpreadElement(a)) m.unknown = true;
            else m.added.push(a);
          }
        } else if (method === 'splice') {
          m.changed = true;
          if (call.arguments.length > 2) m.unknown = true;
        } else if (method === 'pop' || method === 'shift' || method === 'sort' || method === 'reverse') {
          m.changed = true;
        } else if (method === 'fill' || method === 'copyWithin') {
          m.changed = true;
          m.unknown = true;
        }
      } else if (method === 'length' && isAssignmentTarget(parent)) {
        m.changed = true;
        m.unknown = true;
      }
      return;
    }
    if (ts.isElementAccessExpression(parent) && parent.expression === id && isAssignmentTarget(parent)) {
      m.changed = true;
      const assignment = parent.parent as ts.BinaryExpression;
      if (assignment.operatorToken.kind === ts.SyntaxKind.EqualsToken) m.added.push(assignment.right);
      else m.unknown = true;
      return;
    }
    // An empty array handed to a function of the file is filled there.
    if (empty && ts.isCallExpression(parent) && parent.arguments.includes(id)) {
      const callee = this.value(parent.expression);
      if (callee.kind !== 'tf') {
        m.changed = true;
        m.unknown = true;
      }
    }
  }

  /**
   * The parameters of a callback given to an array method (`rows.forEach((r, i) => ...)`,
   * `.map`, `.filter`, `.some`, `.every`, `.find`): an element of the array and its index.
   */
  private callbackParameter(p: ts.ParameterDeclaration, env: Env): Value | undefined {
    const fn = p.parent;
    if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return undefined;
    let holder: ts.Node = fn.parent;
    while (ts.isParenthesizedExpression(holder)) holder = holder.parent;
    if (!ts.isCallExpression(holder) || !holder.arguments[0] || unwrap(holder.arguments[0]) !== fn) return undefined;
    const callee = holder.expression;
    if (!ts.isPropertyAccessExpression(callee) || !ELEMENT_CALLBACKS.has(callee.name.text)) return undefined;
    const receiver = this.eval(callee.expression, env);
    if (receiver.kind !== 'array' && receiver.kind !== 'list') return undefined;
    const index = fn.parameters.indexOf(p);
    if (index === 0) return elementOf(receiver);
    if (index === 1) return indexRange(receiver);
    return undefined;
  }

  /**
   * Parameters TF.js itself fills with tensors, whoever calls the function: the inputs of a
   * `tf.customGrad` callback (all but its last, `save`), the `dy` and saved tensors of its
   * `gradFunc`, and the arguments of a function given to `tf.grad` / `tf.grads` /
   * `tf.valueAndGrad(s)`. Their values are unknown tensors, so ops on them are still seen as ops.
   */
  private implicitParameter(p: ts.ParameterDeclaration): Value | undefined {
    const fn = p.parent;
    if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return undefined;
    const index = fn.parameters.indexOf(p);
    const tensor: Value = { kind: 'tensor', t: unknownTensor() };
    switch (this.callbackRole(fn)) {
      case 'customGrad':
        return fn.parameters.length > 1 && index === fn.parameters.length - 1 ? undefined : tensor;
      case 'gradFunc':
        if (index === 0) return tensor;
        if (index === 1) return { kind: 'array', elements: Array.from({ length: SAVED_TENSORS }, () => tensor) };
        return undefined;
      case 'grad':
        return tensor;
      default:
        return undefined;
    }
  }

  private callbackRole(fn: ts.ArrowFunction | ts.FunctionExpression): 'customGrad' | 'gradFunc' | 'grad' | undefined {
    let holder: ts.Node = fn.parent;
    while (ts.isParenthesizedExpression(holder)) holder = holder.parent;
    if (ts.isCallExpression(holder) && holder.arguments[0] && unwrap(holder.arguments[0]) === fn) {
      const path = this.tfPath(holder.expression);
      if (path === 'customGrad') return 'customGrad';
      if (path === 'grad' || path === 'grads' || path === 'valueAndGrad' || path === 'valueAndGrads') return 'grad';
      return undefined;
    }
    if (!ts.isPropertyAssignment(holder) || !ts.isIdentifier(holder.name) || holder.name.text !== 'gradFunc') return undefined;
    // `{value, gradFunc}` returned by a customGrad callback (a `return` or an arrow's body).
    let n: ts.Node = holder.parent.parent;
    while (ts.isParenthesizedExpression(n)) n = n.parent;
    let owner: ts.Node | undefined;
    if (ts.isArrowFunction(n)) owner = n;
    else if (ts.isReturnStatement(n)) {
      for (let up: ts.Node | undefined = n.parent; up; up = up.parent) {
        if (ts.isFunctionLike(up)) {
          owner = up;
          break;
        }
      }
    }
    return owner && (ts.isArrowFunction(owner) || ts.isFunctionExpression(owner)) && this.callbackRole(owner) === 'customGrad'
      ? 'gradFunc'
      : undefined;
  }

  /** `const tf = require('@tensorflow/tfjs')` and friends, as collected by the bindings pass. */
  private requireBinding(name: string, init: ts.Expression): Value | undefined {
    const text = init.getText();
    if (!/\brequire\s*\(|\bimport\s*\(/.test(text)) return undefined;
    const bindings = this.bindingsOf(init);
    if (bindings.namespaces.includes(name)) return { kind: 'tf', path: '' };
    const path = bindings.named[name];
    if (path !== undefined) return { kind: 'tf', path };
    // `require('./data')`, `require('./data').load`: the workspace module, evaluated as usual.
    return this.linker && /\b(?:require|import)\s*\(\s*['"`]\.\.?[/'"`]/.test(text) ? undefined : UNKNOWN_VALUE;
  }

  private bindingElement(decl: ts.BindingElement, env: Env): Value {
    const pattern = decl.parent;
    const name = ts.isIdentifier(decl.name) ? decl.name.text : '';
    const named = this.bindingsOf(decl).named[name];
    if (named !== undefined && this.isRequireDestructuring(decl)) return { kind: 'tf', path: named };
    const holder = pattern.parent;
    let source: Value = UNKNOWN_VALUE;
    if (ts.isVariableDeclaration(holder) && holder.initializer) source = this.eval(holder.initializer, env);
    else if (ts.isVariableDeclaration(holder)) source = this.loopVariable(holder, env) ?? UNKNOWN_VALUE;
    else if (ts.isBindingElement(holder)) source = this.bindingElement(holder, env);
    else if (ts.isParameter(holder)) {
      const inEnv = env.get(holder);
      if (!inEnv) this.paramReads++;
      source = inEnv ?? this.paramBindings.get(holder) ?? this.implicitParameter(holder) ?? UNKNOWN_VALUE;
    }
    if (ts.isObjectBindingPattern(pattern)) {
      const key = decl.propertyName && (ts.isIdentifier(decl.propertyName) || ts.isStringLiteral(decl.propertyName))
        ? decl.propertyName.text
        : name;
      const v = this.property(source, key);
      if (v.kind === 'unknown' && decl.initializer) return this.eval(decl.initializer, env);
      return v;
    }
    const index = pattern.elements.indexOf(decl);
    if (decl.dotDotDotToken) {
      if (source.kind === 'array') return { kind: 'array', elements: source.elements.slice(index) };
      return source.kind === 'list' ? source : UNKNOWN_VALUE;
    }
    if (source.kind === 'array') return source.elements[index] ?? UNKNOWN_VALUE;
    if (source.kind === 'list') return source.element;
    return UNKNOWN_VALUE;
  }

  private isRequireDestructuring(decl: ts.BindingElement): boolean {
    const holder = decl.parent.parent;
    return ts.isVariableDeclaration(holder) && holder.initializer !== undefined &&
      /\brequire\s*\(|\bimport\s*\(/.test(holder.initializer.getText());
  }

  // -------------------------------------------------------------------------------------------
  // Other modules of the workspace

  /** `import x from './m'`, `import { a as b } from './m'`, `import * as m from './m'`. */
  private imported(decl: ts.ImportSpecifier | ts.NamespaceImport | ts.ImportClause): Value {
    let node: ts.Node = decl;
    while (!ts.isImportDeclaration(node) && node.parent) node = node.parent;
    if (!ts.isImportDeclaration(node) || !ts.isStringLiteral(node.moduleSpecifier)) return UNKNOWN_VALUE;
    const file = this.linker?.resolve(node.moduleSpecifier.text, decl.getSourceFile());
    if (!file) return UNKNOWN_VALUE;
    if (ts.isNamespaceImport(decl)) return { kind: 'module', file };
    if (ts.isImportClause(decl)) return this.exported(file, 'default');
    return this.exported(file, (decl.propertyName ?? decl.name).text);
  }

  /** `require('./m')` and `import('./m')` of a workspace module. */
  private requiredModule(e: ts.CallExpression): Value | undefined {
    if (!this.linker) return undefined;
    const isRequire = ts.isIdentifier(e.expression) && e.expression.text === 'require';
    const isImport = e.expression.kind === ts.SyntaxKind.ImportKeyword;
    const arg = e.arguments[0];
    if (!(isRequire || isImport) || !arg || !ts.isStringLiteralLike(arg)) return undefined;
    const file = this.linker.resolve(arg.text, e.getSourceFile());
    return file ? { kind: 'module', file } : undefined;
  }

  /** The value a module exports under `name` (`default` for the default export). */
  private exported(file: ts.SourceFile, name: string): Value {
    let byName = this.exportsMemo.get(file);
    if (!byName) {
      byName = new Map();
      this.exportsMemo.set(file, byName);
    }
    const cached = byName.get(name);
    if (cached) return cached;
    byName.set(name, UNKNOWN_VALUE); // a cycle of re-exports ends in unknown
    const value = this.findExport(file, name);
    byName.set(name, value);
    return value;
  }

  private findExport(file: ts.SourceFile, name: string): Value {
    const isExported = (s: ts.Statement): boolean =>
      (ts.canHaveModifiers(s) ? ts.getModifiers(s) : undefined)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) ?? false;
    const isDefault = (s: ts.Statement): boolean =>
      (ts.canHaveModifiers(s) ? ts.getModifiers(s) : undefined)?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword) ?? false;
    let commonJs: ts.Expression | undefined;
    const starModules: ts.SourceFile[] = [];
    for (const s of file.statements) {
      if (ts.isVariableStatement(s) && isExported(s)) {
        for (const d of s.declarationList.declarations) {
          if (ts.isIdentifier(d.name) && d.name.text === name) return this.declaration(d, EMPTY_ENV);
        }
      } else if (ts.isFunctionDeclaration(s) && isExported(s)) {
        if ((isDefault(s) && name === 'default') || s.name?.text === name) return { kind: 'function', node: s };
      } else if (ts.isExportAssignment(s)) {
        if (s.isExportEquals || name === 'default') commonJs = s.expression;
      } else if (ts.isExportDeclaration(s)) {
        const from = s.moduleSpecifier && ts.isStringLiteral(s.moduleSpecifier)
          ? this.linker?.resolve(s.moduleSpecifier.text, file)
          : undefined;
        if (!s.exportClause) {
          if (from) starModules.push(from);
        } else if (ts.isNamespaceExport(s.exportClause)) {
          if (s.exportClause.name.text === name && from) return { kind: 'module', file: from };
        } else {
          for (const el of s.exportClause.elements) {
            if (el.name.text !== name) continue;
            const local = el.propertyName ?? el.name;
            if (s.moduleSpecifier) return from && ts.isIdentifier(local) ? this.exported(from, local.text) : UNKNOWN_VALUE;
            return ts.isIdentifier(local) ? this.eval(local, EMPTY_ENV) : UNKNOWN_VALUE;
          }
        }
      } else if (ts.isExpressionStatement(s) && ts.isBinaryExpression(s.expression) &&
        s.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
        const target = s.expression.left;
        const targetText = target.getText();
        if (targetText === 'module.exports') commonJs = s.expression.right;
        else if (targetText === `module.exports.${name}` || targetText === `exports.${name}`) return this.eval(s.expression.right, EMPTY_ENV);
      }
    }
    if (commonJs) {
      const whole = this.eval(commonJs, EMPTY_ENV);
      return name === 'default' ? whole : this.property(whole, name);
    }
    for (const from of starModules) {
      const v = this.exported(from, name);
      if (v.kind !== 'unknown') return v;
    }
    return UNKNOWN_VALUE;
  }

  private property(base: Value, name: string): Value {
    switch (base.kind) {
      case 'module':
        return this.exported(base.file, name);
      case 'tf':
        return { kind: 'tf', path: base.path ? `${base.path}.${name}` : name };
      case 'object':
        return base.props.get(name) ?? base.other ?? UNKNOWN_VALUE;
      case 'string':
        return name === 'length' ? { kind: 'number', range: R.range(0, Infinity) } : UNKNOWN_VALUE;
      case 'array':
        return name === 'length' ? num(base.elements.length) : UNKNOWN_VALUE;
      case 'list':
        return name === 'length' ? { kind: 'number', range: R.range(0, Infinity) } : UNKNOWN_VALUE;
      case 'tensor':
        if (name === 'shape' && base.t.shape) {
          return { kind: 'array', elements: base.t.shape.map((d) => (d === null ? UNKNOWN_VALUE : num(d))) };
        }
        return UNKNOWN_VALUE;
      default:
        return UNKNOWN_VALUE;
    }
  }

  private element(e: ts.ElementAccessExpression, env: Env): Value {
    const base = this.eval(e.expression, env);
    const index = this.eval(e.argumentExpression, env);
    if (base.kind === 'array' && index.kind === 'number' && index.value !== undefined) {
      return base.elements[index.value] ?? UNKNOWN_VALUE;
    }
    if ((base.kind === 'array' || base.kind === 'list') && index.kind === 'number') return elementOf(base);
    if ((base.kind === 'object' || base.kind === 'module') && ts.isStringLiteral(e.argumentExpression)) {
      return this.property(base, e.argumentExpression.text);
    }
    if (base.kind === 'object') {
      // \`row[name]\`: that property when the key is known, otherwise any of them.
      if (index.kind === 'string' && index.value !== undefined) return this.property(base, index.value);
      const all = [...base.props.values(), ...(base.other ? [base.other] : [])];
      return all.length > 0 && base.props.size <= MAX_MAPPED_ELEMENTS ? all.reduce(joinValues) : UNKNOWN_VALUE;
    }
    return UNKNOWN_VALUE;
  }

  // -------------------------------------------------------------------------------------------
  // Text and NaN

  /** A template literal: its text when every substitution is known, otherwise some string. */
  private template(e: ts.TemplateExpression, env: Env): Value {
    let text: string | undefined = e.head.text;
    for (const part of e.templateSpans) {
      const v = this.eval(part.expression, env);
      const piece = v.kind === 'string' ? v.value : v.kind === 'number' && v.value !== undefined ? String(v.value) : undefined;
      text = text !== undefined && piece !== undefined ? text + piece + part.literal.text : undefined;
    }
    return text !== undefined ? { kind: 'string', value: text } : { kind: 'string' };
  }

  private stringMethod(receiver: Extract<Value, { kind: 'string' }>, method: string, e: ts.CallExpression, env: Env): Value {
    const text = receiver.value;
    const texts = possibleTexts(receiver);
    switch (method) {
      case 'trim': case 'trimStart': case 'trimEnd': case 'toLowerCase': case 'toUpperCase':
        if (texts) return textOf(texts.map((t) => (t[method] as () => string).call(t)));
        return receiver.numeric && method.startsWith('trim') ? { kind: 'string', numeric: true } : { kind: 'string' };
      case 'split': {
        const sep = this.separator(e.arguments[0], env);
        if (text !== undefined && sep !== undefined) {
          const parts = text.split(sep);
          if (parts.length <= MAX_SPLIT_PARTS) return { kind: 'array', elements: parts.map((value): Value => ({ kind: 'string', value })) };
        }
        // One of several known lines: each field is one of their fields.
        if (texts && sep !== undefined) return { kind: 'list', element: textOf(texts.flatMap((t) => t.split(sep))) };
        return { kind: 'list', element: { kind: 'string' } };
      }
      case 'slice': case 'substring': case 'substr': case 'replace': case 'replaceAll': case 'padStart': case 'padEnd':
      case 'charAt': case 'at': case 'concat': case 'normalize':
        return { kind: 'string' };
      default:
        return UNKNOWN_VALUE;
    }
  }

  /** A split separator: a known string or a regular expression literal. */
  private separator(node: ts.Expression | undefined, env: Env): string | RegExp | undefined {
    if (!node) return undefined;
    const n = unwrap(node);
    if (ts.isRegularExpressionLiteral(n)) {
      const m = /^\/(.*)\/([a-z]*)$/s.exec(n.text);
      try {
        return m ? new RegExp(m[1] as string, m[2]) : undefined;
      } catch {
        return undefined;
      }
    }
    const v = this.eval(n, env);
    return v.kind === 'string' ? v.value : undefined;
  }

  /**
   * `parseFloat(s)`, `Number(s)`, `+s`, `parseInt(s, radix)`: exact for known text; NaN-capable for
   * text the analysis cannot show is numeric, unless the program tests that text for NaN.
   */
  private parsed(parser: string, v: Value, node: ts.Node, argNode?: ts.Expression, radix?: Value): Value {
    const parse = PARSERS.get(parser);
    if (!parse) return UNKNOWN_VALUE;
    const radixValue = radix === undefined ? undefined : radix.kind === 'number' ? radix.value : null;
    if (v.kind === 'number') {
      if (v.value !== undefined && radixValue !== null) return carryNaNValue(num(parse(String(v.value), radixValue)), [v]);
      return parser === 'Number' || parser === 'parseFloat' || parser === 'Number.parseFloat' ? v : { kind: 'number', range: R.carryNaN(R.UNKNOWN, v.range) };
    }
    if (v.kind !== 'string') return UNKNOWN_VALUE;
    const what = `\`${short(node.getText())}\``;
    if (v.value !== undefined && radixValue !== null) {
      const result = num(parse(v.value, radixValue));
      if (Number.isNaN(result.value)) {
        const field = v.value.trim() === '' ? 'an empty field' : `the field '${short(v.value)}'`;
        result.range = { ...result.range, nanOrigin: { span: span(node), description: `${what} gives NaN for ${field}` } };
      }
      return result;
    }
    if (argNode && this.textIsChecked(argNode)) return { kind: 'number', range: R.UNKNOWN };
    if (v.values && radixValue !== null) {
      // One of several known texts (a field of any line of an inline CSV, so of any column): its
      // bounds would mix columns, so they stay unknown; it can be NaN only if one of them parses to NaN.
      const bad = v.values.find((t) => Number.isNaN(parse(t, radixValue)));
      if (bad === undefined) return { kind: 'number', range: R.UNKNOWN };
      const field = bad.trim() === '' ? 'an empty field' : `the field '${short(bad)}'`;
      return { kind: 'number', range: { ...R.UNKNOWN, mayBeNaN: true, nanOrigin: { span: span(node), description: `${what} gives NaN for ${field}` } } };
    }
    if (v.numeric && radixValue === undefined) return { kind: 'number', range: R.UNKNOWN };
    const why = parser === 'Number' ? 'a non-numeric field' : 'an empty or non-numeric field';
    return { kind: 'number', range: { ...R.UNKNOWN, mayBeNaN: true, nanOrigin: { span: span(node), description: `${what} is NaN for ${why}` } } };
  }

  /** `Number`, `parseFloat`, `Number.parseInt`, ... written as a function reference. */
  private parserReference(node: ts.Expression): string | undefined {
    const n = unwrap(node);
    if (ts.isIdentifier(n) && PARSERS.has(n.text) && !this.scopes.resolve(n)) return n.text;
    if (ts.isPropertyAccessExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'Number' && !this.scopes.resolve(n.expression)) {
      const name = `Number.${n.name.text}`;
      return PARSERS.has(name) ? name : undefined;
    }
    return undefined;
  }

  /** `Object.fromEntries(pairs)`, `Object.values(obj)`. */
  private objectCall(name: string, args: Value[]): Value {
    const arg = args[0];
    if (name === 'fromEntries' && (arg?.kind === 'array' || arg?.kind === 'list')) {
      const props = new Map<string, Value>();
      let other: Value | undefined;
      const pairs = arg.kind === 'array' ? arg.elements : [arg.element];
      for (const pair of pairs) {
        const key = pair.kind === 'array' ? pair.elements[0] : undefined;
        const value = pair.kind === 'array' ? pair.elements[1] ?? UNKNOWN_VALUE : pair.kind === 'list' ? pair.element : UNKNOWN_VALUE;
        if (arg.kind === 'array' && key?.kind === 'string' && key.value !== undefined) props.set(key.value, value);
        else other = other ? joinValues(other, value) : value;
      }
      return other ? { kind: 'object', props, other } : { kind: 'object', props };
    }
    if (name === 'values' && arg?.kind === 'object') {
      const values = [...arg.props.values()];
      if (!arg.other) return { kind: 'array', elements: values };
      return { kind: 'list', element: [...values, arg.other].reduce(joinValues) };
    }
    return UNKNOWN_VALUE;
  }

  /** The declaration the text a parse reads is tested for NaN (`isNaN(cells[2])`). */
  private textIsChecked(node: ts.Expression): boolean {
    const root = rootIdentifier(node, this.scopes);
    const decl = root && this.scopes.resolve(root);
    return decl !== undefined && this.isNaNChecked(decl);
  }

  private readonly nanChecks = new Map<ts.SourceFile, Set<Declaration>>();
  /** Per file, the nodes that may test a value for NaN, noted by the facts walk. */
  private readonly nanTestCandidates = new Map<ts.SourceFile, ts.Node[]>();

  /** Called by the facts walk for every node of `file` for which `mayTestNaN` holds. */
  noteNaNTestCandidate(file: ts.SourceFile, node: ts.Node): void {
    const list = this.nanTestCandidates.get(file);
    if (list) list.push(node);
    else this.nanTestCandidates.set(file, [node]);
  }

  /**
   * Whether the program tests a variable for NaN anywhere (`Number.isNaN(v)`, `isFinite(row.x)`,
   * `values.some(isNaN)`, `tf.isNaN(xs)`, `v !== v`): flow-insensitively, such a variable is taken
   * as validated, so its value carries no NaN fact.
   */
  private isNaNChecked(decl: Declaration): boolean {
    const file = decl.getSourceFile();
    let checked = this.nanChecks.get(file);
    if (!checked) {
      checked = collectNaNChecks(this.nanTestCandidates.get(file) ?? [], this.scopes);
      this.nanChecks.set(file, checked);
    }
    return checked.has(decl);
  }

  // -------------------------------------------------------------------------------------------
  // Calls

  private call(e: ts.CallExpression, env: Env): Value {
    const callee = unwrap(e.expression);
    if (ts.isPropertyAccessExpression(callee)) {
      if (ts.isIdentifier(callee.expression) && !this.scopes.resolve(callee.expression)) {
        const builtin = this.globalMethodCall(callee.expression.text, callee.name.text, e, env);
        if (builtin) return builtin;
      }
      const receiver = this.eval(callee.expression, env);
      const method = callee.name.text;
      if (receiver.kind === 'tf') return this.tfCall(receiver.path ? `${receiver.path}.${method}` : method, e, env);
      return this.methodCall(receiver, method, e, env);
    }
    const required = this.requiredModule(e);
    if (required) return required;
    if (ts.isIdentifier(callee) && PARSERS.has(callee.text) && !this.scopes.resolve(callee)) return this.parseCall(callee.text, e, env);
    const fn = this.eval(callee, env);
    if (fn.kind === 'tf') return this.tfCall(fn.path, e, env);
    if (fn.kind === 'function') return this.userCall(fn, e.arguments, env);
    return UNKNOWN_VALUE;
  }

  /** `Math.*`, `Array.from`, `Number.parseFloat`, `Object.fromEntries`: undefined for other globals. */
  private globalMethodCall(global: string, name: string, e: ts.CallExpression, env: Env): Value | undefined {
    if (global === 'Math') {
      const args = this.args(e, env);
      return carryNaNValue(mathCall(name, args), args);
    }
    if (global === 'Array' && name === 'from') return this.arrayFrom(e, env);
    if (global === 'Number' && PARSERS.has(`Number.${name}`)) return this.parseCall(`Number.${name}`, e, env);
    if (global === 'Object') return this.objectCall(name, this.args(e, env));
    return undefined;
  }

  private parseCall(parser: string, e: ts.CallExpression, env: Env): Value {
    const args = this.args(e, env);
    return this.parsed(parser, args[0] ?? UNKNOWN_VALUE, e, e.arguments[0], args[1]);
  }

  private args(e: ts.CallExpression, env: Env): Value[] {
    return e.arguments.map((a) => (ts.isSpreadElement(a) ? UNKNOWN_VALUE : this.eval(a, env)));
  }

  /** Evaluates a call of a function written in this file, with its parameters bound. */
  userCall(fn: Extract<Value, { kind: 'function' }>, argNodes: readonly ts.Expression[], env: Env, argValues?: Value[]): Value {
    if (this.depth > MAX_CALL_DEPTH * 20) {
      this.truncations++;
      return UNKNOWN_VALUE;
    }
    const node = fn.node;
    const values = argValues ?? argNodes.map((a) => this.eval(a, env));
    const inner = new Map(env);
    node.parameters.forEach((p, i) => {
      const v = values[i];
      if (v) inner.set(p, v);
    });
    if (!node.body) return UNKNOWN_VALUE;
    let result: Value;
    if (!ts.isBlock(node.body)) {
      result = this.eval(node.body, inner);
    } else {
      const returns: ts.Expression[] = [];
      collectReturns(node.body, returns);
      result = returns.length === 0 ? UNKNOWN_VALUE : returns.map((r) => this.eval(r, inner)).reduce(joinValues);
    }
    if (fn.customGrad && result.kind === 'object') return result.props.get('value') ?? { kind: 'tensor', t: unknownTensor() };
    // A wrapper that replaces the optimizer's applyGradients clips (or otherwise controls) gradients.
    if (result.kind === 'optimizer' && /\.applyGradients\s*=/.test(node.getText())) {
      result.optimizer.spec.clipped = true;
    }
    return result;
  }

  /** `Array.from({ length: n }, (_, i) => ...)`, `Array.from(xs, f)`, `Array.from(xs)`. */
  private arrayFrom(e: ts.CallExpression, env: Env): Value {
    const [source, fn] = this.args(e, env);
    let element: Value;
    let index: Value;
    if (source?.kind === 'array' || source?.kind === 'list') {
      element = elementOf(source);
      index = indexRange(source);
    } else if (source?.kind === 'object' && source.props.get('length')?.kind === 'number') {
      const length = source.props.get('length') as Extract<Value, { kind: 'number' }>;
      element = UNKNOWN_VALUE;
      index = { kind: 'number', range: R.range(0, Math.max(0, length.range.hi - 1)) };
    } else return UNKNOWN_VALUE;
    if (!fn) return { kind: 'list', element };
    return fn.kind === 'function' ? { kind: 'list', element: this.userCall(fn, [], env, [element, index]) } : { kind: 'list', element: UNKNOWN_VALUE };
  }

  /** `map`, `filter`, `slice`, `concat`, ... of an array or a list. */
  private arrayMethod(receiver: Extract<Value, { kind: 'array' | 'list' }>, method: string, e: ts.CallExpression, env: Env): Value {
    const args = this.args(e, env);
    switch (method) {
      case 'map': {
        const fn = args[0];
        const parser = e.arguments[0] ? this.parserReference(e.arguments[0]) : undefined;
        if (parser) {
          // \`.map(Number)\`, \`.map(parseFloat)\`; \`.map(parseInt)\` passes the index as the radix.
          const parse = (el: Value, i: Value): Value => this.parsed(parser, el, e, undefined, parser.endsWith('parseInt') ? i : undefined);
          if (receiver.kind === 'array' && receiver.elements.length <= MAX_MAPPED_ELEMENTS) {
            return { kind: 'array', elements: receiver.elements.map((el, i) => parse(el, num(i))) };
          }
          return { kind: 'list', element: parse(elementOf(receiver), indexRange(receiver)) };
        }
        if (fn?.kind !== 'function') return { kind: 'list', element: UNKNOWN_VALUE };
        if (receiver.kind === 'array' && receiver.elements.length <= MAX_MAPPED_ELEMENTS) {
          return { kind: 'array', elements: receiver.elements.map((el, i) => this.userCall(fn, [], env, [el, num(i)])) };
        }
        return { kind: 'list', element: this.userCall(fn, [], env, [elementOf(receiver), indexRange(receiver)]) };
      }
      case 'filter': {
        // A filter that tests for NaN (\`!Number.isNaN(r.x)\`, \`.filter(Number.isFinite)\`,
        // \`r.every(Number.isFinite)\`) keeps only elements without it; \`.filter(Boolean)\` drops NaN numbers.
        const test = e.arguments[0];
        const element = elementOf(receiver);
        if (test && (mentionsNaNCheck(test) || (isGlobalName(test, 'Boolean') && element.kind === 'number'))) return { kind: 'list', element: stripNaN(element) };
        return { kind: 'list', element };
      }
      case 'slice': {
        // \`lines.slice(1)\` of a known array (an inline CSV without its header) is known too.
        const [from, to] = args;
        const exactIndex = (v: Value | undefined): boolean => v === undefined || (v.kind === 'number' && v.value !== undefined && Number.isInteger(v.value));
        if (receiver.kind === 'array' && exactIndex(from) && exactIndex(to)) {
          return { kind: 'array', elements: receiver.elements.slice(numberOf(from), numberOf(to)) };
        }
        return { kind: 'list', element: elementOf(receiver) };
      }
      case 'reverse': case 'sort': case 'toSorted': case 'toReversed':
        return { kind: 'list', element: elementOf(receiver) };
      case 'concat':
        return { kind: 'list', element: [receiver as Value, ...args].map((a) => (a.kind === 'array' || a.kind === 'list' ? elementOf(a) : a)).reduce(joinValues) };
      case 'flat':
        return { kind: 'list', element: ((el: Value) => (el.kind === 'array' || el.kind === 'list' ? elementOf(el) : el))(elementOf(receiver)) };
      case 'at': case 'find': case 'pop': case 'shift':
        return elementOf(receiver);
      default:
        return UNKNOWN_VALUE;
    }
  }

  private methodCall(receiver: Value, method: string, e: ts.CallExpression, env: Env): Value {
    switch (receiver.kind) {
      case 'array':
      case 'list':
        return this.arrayMethod(receiver, method, e, env);
      case 'tensor':
        return this.op(method, [receiver, ...this.args(e, env)], e, true);
      case 'number':
        if (method === 'toFixed' || method === 'toString' || method === 'toPrecision') {
          if (receiver.value !== undefined && Number.isFinite(receiver.value) && method === 'toString') return { kind: 'string', value: String(receiver.value) };
          return receiver.range.mayBeNaN ? { kind: 'string' } : { kind: 'string', numeric: true };
        }
        return UNKNOWN_VALUE;
      case 'string':
        return this.stringMethod(receiver, method, e, env);
      case 'unknown':
        return textSource(method, e) ?? UNKNOWN_VALUE;
      case 'backend':
        if (method === 'epsilon') return { kind: 'number', range: R.range(BACKEND_EPSILON.float32, BACKEND_EPSILON.float16, { mayBeZero: false }) };
        return UNKNOWN_VALUE;
      case 'layer':
        if (method === 'apply') {
          const input = this.args(e, env)[0];
          const prior = input?.kind === 'symbolic' ? input : { kind: 'symbolic' as const, layers: [] };
          return { kind: 'symbolic', layers: [...prior.layers, receiver.layer], ...(prior.inputShape ? { inputShape: prior.inputShape } : {}) };
        }
        return UNKNOWN_VALUE;
      case 'model':
        if (method === 'predict' || method === 'apply' || method === 'predictOnBatch') {
          return { kind: 'tensor', t: { range: outputRange(receiver.model), normalized: false } };
        }
        return UNKNOWN_VALUE;
      default:
        return UNKNOWN_VALUE;
    }
  }

  private tfCall(path: string, e: ts.CallExpression, env: Env): Value {
    if (path.startsWith('layers.')) return this.layer(path.slice('layers.'.length), e, env);
    if (path.startsWith('train.')) return this.optimizer(path.slice('train.'.length), e, env);
    switch (path) {
      case 'sequential':
        return this.sequential(e, env);
      case 'model':
        return this.functionalModel(e, env);
      case 'input': {
        const config = this.args(e, env)[0];
        const shape = config?.kind === 'object' ? shapeOf(config.props.get('shape')) : undefined;
        return { kind: 'symbolic', layers: [], ...(shape ? { inputShape: shape } : {}) };
      }
      case 'backend':
        return { kind: 'backend' };
      case 'tidy': {
        const fn = this.args(e, env).find((a) => a.kind === 'function');
        return fn && fn.kind === 'function' ? this.userCall(fn, [], env, []) : UNKNOWN_VALUE;
      }
      case 'customGrad': {
        const fn = this.args(e, env)[0];
        return fn?.kind === 'function' ? { kind: 'function', node: fn.node, customGrad: true } : UNKNOWN_VALUE;
      }
      case 'keep':
      case 'clone':
      case 'variable':
        return this.args(e, env)[0] ?? UNKNOWN_VALUE;
    }
    return this.op(path, this.args(e, env), e, false);
  }

  // -------------------------------------------------------------------------------------------
  // Tensor ops (function form `tf.op(x, ...)` and method form `x.op(...)` share this)

  private op(name: string, args: Value[], node: ts.CallExpression, method: boolean): Value {
    const t = (i: number): TensorValue | undefined => toTensor(args[i]);
    /** The syntax node of operand `i` (the receiver is operand 0 of a method call). */
    const operand = (i: number): ts.Expression | undefined => operandNode(node, i, method);
    const n = (i: number): number | undefined => {
      const v = args[i];
      return v?.kind === 'number' ? v.value : undefined;
    };
    const here = (description: string): ValueOrigin => ({ span: span(node), description });
    switch (name) {
      case 'tensor': case 'tensor1d': case 'tensor2d': case 'tensor3d': case 'tensor4d': case 'tensor5d': case 'tensor6d': {
        const shapeArg = shapeOf(args[1]);
        const concrete = C.fromNested(plain(args[0]), shapeArg?.every((d) => d !== null) ? (shapeArg as number[]) : undefined);
        // NaN in the data: where it comes from, and whether a fixed element certainly is NaN.
        const nan = nanFacts(args[0]);
        if (concrete) {
          const literal = tensorFromConcrete(concrete, here('the literal data'));
          if (nan) literal.t.range = { ...literal.t.range, ...nan };
          return literal;
        }
        const summary = summarizeData(args[0]);
        if (summary && nan) summary.range = { ...summary.range, ...nan };
        if (summary) {
          const origin = here(`the values of \`${short(operand(0)?.getText() ?? 'the data')}\``);
          const t: TensorValue = { range: summary.range, normalized: false, origin, ...(shapeArg ?? summary.shape ? { shape: shapeArg ?? summary.shape } : {}) };
          const rank = (shapeArg ?? summary.shape)?.length;
          if (summary.columns && rank === 2 && (!shapeArg || shapeArg[1] === summary.columns.length)) t.columns = summary.columns;
          return { kind: 'tensor', t };
        }
        const t = unknownTensor(shapeArg ? { shape: shapeArg } : {});
        if (nan) t.range = { ...t.range, ...nan };
        return { kind: 'tensor', t };
      }
      case 'scalar': {
        const v = n(0);
        return v !== undefined ? tensorFromConcrete(C.scalar(v), here('the scalar')) : { kind: 'tensor', t: unknownTensor({ shape: [] }) };
      }
      case 'zeros': case 'ones': case 'fill': {
        const shape = shapeOf(args[0]);
        const v = name === 'zeros' ? 0 : name === 'ones' ? 1 : n(1);
        if (v === undefined) return { kind: 'tensor', t: unknownTensor(shape ? { shape } : {}) };
        const concrete = shape && shape.every((d) => d !== null) ? C.fill(shape as number[], v) : undefined;
        if (concrete) return tensorFromConcrete(concrete, here(`${name}`));
        return { kind: 'tensor', t: { range: R.exact(v), normalized: false, ...(shape ? { shape } : {}), meanSquare: v * v * features(shape) } };
      }
      case 'zerosLike': case 'onesLike': {
        const v = name === 'zerosLike' ? 0 : 1;
        const src = t(0);
        return { kind: 'tensor', t: { range: R.exact(v), normalized: false, ...(src?.shape ? { shape: src.shape } : {}) } };
      }
      case 'randomUniform': {
        const shape = shapeOf(args[0]);
        const lo = n(1) ?? 0;
        const hi = n(2) ?? 1;
        return {
          kind: 'tensor',
          t: {
            range: R.range(lo, hi),
            normalized: false,
            ...(shape ? { shape } : {}),
            meanSquare: features(shape) * ((lo * lo + lo * hi + hi * hi) / 3),
            origin: here(`tf.randomUniform in [${R.formatNumber(lo)}, ${R.formatNumber(hi)})`),
            ...(isIntegerDtype(args[3]) || lo === hi ? {} : { continuous: true }),
          },
        };
      }
      case 'randomNormal': case 'truncatedNormal': case 'randomStandardNormal': {
        const shape = shapeOf(args[0]);
        const mean = name === 'randomStandardNormal' ? 0 : n(1) ?? 0;
        const std = name === 'randomStandardNormal' ? 1 : n(2) ?? 1;
        const k = name === 'truncatedNormal' ? 2 : 4;
        return {
          kind: 'tensor',
          t: {
            range: R.range(mean - k * std, mean + k * std),
            normalized: mean === 0 && std <= 1,
            ...(shape ? { shape } : {}),
            meanSquare: features(shape) * (mean * mean + std * std),
            origin: here(`tf.${name} with mean ${R.formatNumber(mean)} and std ${R.formatNumber(std)}`),
            ...(isIntegerDtype(args[3]) || std === 0 ? {} : { continuous: true }),
          },
        };
      }
      case 'linspace': case 'range': {
        const a = n(0);
        const b = n(1);
        if (a === undefined || b === undefined) return { kind: 'tensor', t: unknownTensor() };
        return { kind: 'tensor', t: { range: R.range(Math.min(a, b), Math.max(a, b)), normalized: false, origin: here(`tf.${name}`) } };
      }
      case 'oneHot':
        return { kind: 'tensor', t: { range: R.range(0, 1, { provenZero: (n(1) ?? 2) > 1 }), normalized: true } };
      case 'eye':
        return { kind: 'tensor', t: { range: R.range(0, 1, { provenZero: (n(0) ?? 2) > 1 }), normalized: true } };

      // Shape and dtype ops keep the values.
      case 'reshape': case 'expandDims': case 'squeeze': case 'transpose': case 'flatten': case 'slice':
      case 'gather': case 'tile': case 'reverse': case 'cast': case 'toFloat': case 'toInt': case 'asType':
      case 'clone': case 'stridedSlice': case 'broadcastTo': case 'as1D': case 'as2D': case 'asScalar': {
        const x = t(0);
        if (!x) return { kind: 'tensor', t: unknownTensor() };
        const keepsShape = name === 'cast' || name === 'toFloat' || name === 'toInt' || name === 'asType' || name === 'clone';
        // Values (and what they are a statistic of) survive; an integer cast ends continuity.
        const result: TensorValue = { ...x };
        if (name === 'toInt' || (name === 'cast' || name === 'asType') && isIntegerDtype(args[1])) delete result.continuous;
        if (name === 'slice' && x.concrete) {
          const begin = shapeOf(args[1]);
          const size = args[2] ? shapeOf(args[2]) : undefined;
          const sliced = begin && begin.every((d) => d !== null) && (!args[2] || (size && size.every((d) => d !== null)))
            ? C.slice(x.concrete, begin as number[], size as number[] | undefined)
            : undefined;
          if (sliced) return { kind: 'tensor', t: { ...tensorFromConcrete(sliced, x.origin).t, normalized: x.normalized } };
        }
        // A part of a tensor may leave out the 0 or the negative value the whole holds.
        if (SUBSET_OPS.has(name)) result.range = { ...x.range, provenZero: false, provenNegative: false, provenNaN: false };
        if (!keepsShape) {
          delete result.columns;
          delete result.shape;
          if (name !== 'reshape' || !x.concrete) delete result.concrete;
          else {
            const shape = shapeOf(args[1]);
            if (shape && shape.every((d) => d !== null && d >= 0)) result.concrete = { shape: shape as number[], values: x.concrete.values };
            else delete result.concrete;
          }
        }
        return { kind: 'tensor', t: result };
      }
      case 'split': case 'unstack': {
        // Parts of a tensor: each lies in the whole's range (but may miss its zeros).
        const x = t(0);
        const parts = name === 'split'
          ? (args[1]?.kind === 'number' ? args[1].value : args[1]?.kind === 'array' ? args[1].elements.length : undefined)
          : x?.shape?.[numberOf(args[1]) ?? 0] ?? undefined;
        if (!x || parts === undefined || parts === null || !Number.isInteger(parts) || parts <= 0 || parts > 1000) return UNKNOWN_VALUE;
        const part: TensorValue = { range: { ...x.range, provenZero: false, provenNegative: false, provenNaN: false }, normalized: x.normalized };
        if (x.continuous) part.continuous = true;
        if (x.origin) part.origin = x.origin;
        return { kind: 'array', elements: Array.from({ length: parts }, () => ({ kind: 'tensor', t: { ...part } }) as Value) };
      }
      case 'concat': case 'stack': {
        const list = args[0];
        // `tf.concat([])` throws at run time: nothing to join.
        if (list?.kind !== 'array' || list.elements.length === 0) return { kind: 'tensor', t: unknownTensor() };
        const parts = list.elements.map(toTensor);
        if (parts.some((p) => !p)) return { kind: 'tensor', t: unknownTensor() };
        const ranges = (parts as TensorValue[]).map((p) => p.range);
        return { kind: 'tensor', t: { range: ranges.reduce(R.join), normalized: (parts as TensorValue[]).every((p) => p.normalized) } };
      }
      case 'pad': {
        const x = t(0);
        return { kind: 'tensor', t: x ? { range: R.join(x.range, R.exact(0)), normalized: x.normalized } : unknownTensor() };
      }
      case 'where': {
        const a = t(1);
        const b = t(2);
        if (!a || !b) return { kind: 'tensor', t: unknownTensor() };
        // `tf.where(tf.equal(d, 0), ones, d)`: the branch that is taken where d is 0 replaces the 0.
        const tested = zeroTest(operand(0));
        const replaced = (branch: ts.Expression | undefined, r: ValueRange): ValueRange =>
          branch && tested && sameExpression(tested.text, branch.getText()) ? withoutZero(r) : r;
        const ra = tested?.equalZero === false ? replaced(operand(1), a.range) : a.range;
        const rb = tested?.equalZero === true ? replaced(operand(2), b.range) : b.range;
        return { kind: 'tensor', t: { range: R.join(ra, rb), normalized: a.normalized && b.normalized } };
      }

      // Elementwise binary ops.
      case 'add': case 'sub': case 'mul': case 'div': case 'divNoNan': case 'realDiv': case 'maximum': case 'minimum':
      case 'squaredDifference': case 'pow':
        return this.binaryOp(name, args[0], args[1], node, operand(0));
      case 'addN': {
        const list = args[0];
        if (list?.kind !== 'array' || list.elements.length === 0) return { kind: 'tensor', t: unknownTensor() };
        const parts = list.elements.map((el) => toTensor(el)?.range ?? R.UNKNOWN);
        return { kind: 'tensor', t: { range: parts.reduce(R.add), normalized: false } };
      }

      // Elementwise unary ops.
      case 'neg': case 'abs': case 'square': case 'sqrt': case 'exp': case 'log': case 'sigmoid': case 'tanh': case 'relu':
      case 'relu6': case 'elu': case 'selu': case 'leakyRelu': case 'softplus': case 'log1p': case 'expm1': case 'reciprocal':
      case 'rsqrt': case 'logSigmoid': case 'sin': case 'cos': case 'floor': case 'ceil': case 'round': case 'sign': case 'step':
      case 'clipByValue': case 'softmax': case 'logSoftmax': case 'erf': case 'atan': case 'isNaN': case 'isFinite': case 'isInf':
        return this.unaryOp(name, t(0), args);

      // Comparisons and logic: 0 / 1.
      case 'greater': case 'greaterEqual': case 'less': case 'lessEqual': case 'equal': case 'notEqual':
      case 'logicalAnd': case 'logicalOr': case 'logicalNot': case 'logicalXor':
        return { kind: 'tensor', t: { range: R.range(0, 1), normalized: true } };

      // Reductions.
      case 'mean': case 'sum': case 'max': case 'min':
        return this.reduction(name, t(0), args[1], args[2], node, operand(0));
      case 'norm': case 'euclideanNorm':
        return this.norm(name, t(0), args, node, operand(0));
      case 'logSumExp': {
        const x = t(0);
        return { kind: 'tensor', t: x && !x.range.unknown ? { range: R.range(x.range.lo, Infinity), normalized: false } : unknownTensor() };
      }
      case 'argMax': case 'argMin':
        return { kind: 'tensor', t: { range: R.range(0, Infinity), normalized: false } };
      case 'moments':
        return this.moments(t(0), args[1], operand(0));
      case 'matMul': case 'dot': {
        const a = t(0);
        const b = t(1);
        if (a?.concrete && b?.concrete && a.concrete.shape.length === 2 && b.concrete.shape.length === 2) {
          return { kind: 'tensor', t: { range: R.mul(a.range, b.range), normalized: false } };
        }
        if (!a || !b || a.range.unknown || b.range.unknown) {
          return { kind: 'tensor', t: a && b ? { ...unknownTensor(), range: R.carryNaN(R.UNKNOWN, a.range, b.range) } : unknownTensor() };
        }
        const inner = a.shape?.[a.shape.length - 1] ?? null;
        const scale = inner ?? Infinity;
        const m = R.mul(a.range, b.range);
        return { kind: 'tensor', t: { range: R.carryNaN(R.range(Math.min(0, m.lo * scale), Math.max(0, m.hi * scale)), m), normalized: false } };
      }
    }
    if (name.startsWith('losses.')) return { kind: 'tensor', t: { range: R.range(0, Infinity, { unknown: true }), normalized: false } };
    return { kind: 'tensor', t: unknownTensor() };
  }

  private binaryOp(name: string, av: Value | undefined, bv: Value | undefined, node: ts.CallExpression, aNode?: ts.Expression): Value {
    const a = toTensor(av);
    const b = toTensor(bv);
    if (!a || !b) return { kind: 'tensor', t: unknownTensor() };
    const f = BINARY[name];
    const stat = binaryStat(name, a, b, aNode);
    const statSource = stat ? (stat === a.stat ? a.statSource : b.statSource) : undefined;
    const continuous = continuousResult(name, a, b);
    // Literal data and the backend epsilon: exact on float32 backends, with the range widened to
    // cover float16's epsilon too.
    const ac = a.concrete ?? epsilonConcrete(av);
    const bc = b.concrete ?? epsilonConcrete(bv);
    if (ac && bc && f) {
      const c = C.binary(ac, bc, (x, y) => Math.fround(f(x, y)));
      if (c) {
        const result = tensorFromConcrete(c, scaledOrigin(name, a, b, node), stat);
        result.t.normalized = isNormalizing(name, a, b) || (a.normalized && b.normalized && name !== 'mul');
        if (statSource) result.t.statSource = statSource;
        if (ac !== a.concrete || bc !== b.concrete) {
          const f16 = C.binary(a.concrete ?? epsilonConcrete(av, 'float16') ?? ac, b.concrete ?? epsilonConcrete(bv, 'float16') ?? bc, (x, y) => Math.fround(f(x, y)));
          if (f16) result.t.range = R.join(result.t.range, R.fromValues(f16.values));
        }
        result.t.range = R.carryNaN(result.t.range, a.range, b.range);
        return result;
      }
      // Shapes that do not broadcast ([3, 4] by [3]): TF.js throws, there is no value to bound.
      if (!C.broadcastShape(ac.shape, bc.shape)) return { kind: 'tensor', t: unknownTensor() };
    }
    let r: ValueRange;
    switch (name) {
      case 'add': r = R.add(a.range, b.range); break;
      case 'sub': r = R.sub(a.range, b.range); break;
      case 'mul': r = R.mul(a.range, b.range); break;
      case 'div': case 'realDiv': r = R.div(a.range, b.range); break;
      // Where the denominator is 0 the result is 0; elsewhere it is a / b over b's nonzero values,
      // which only literal data tells apart from 0 (an interval [0, 4500] holds values as small as
      // one likes, so the quotient is unbounded, not a finite a / 1e-38).
      case 'divNoNan': r = b.range.mayBeZero ? R.join(R.div(a.range, nonzeroPart(b)), R.exact(0)) : R.div(a.range, b.range); break;
      case 'maximum': r = R.maximum(a.range, b.range); break;
      case 'minimum': r = R.minimum(a.range, b.range); break;
      case 'squaredDifference': r = R.square(R.sub(a.range, b.range)); break;
      default: r = R.UNKNOWN;
    }
    let columns = stat === 'maxShifted' ? undefined : columnOp(name, a, b);
    // max - min is never negative, and exactly 0 for a column that is one number on every row.
    if (stat === 'range' && name === 'sub' && columns) {
      const maxes = columns;
      columns = (b.columns ?? []).map((min, i) => {
        const max = a.columns?.[i] ?? maxes[i] as ValueRange;
        return max.lo === max.hi && min.lo === min.hi && max.lo === min.lo && !max.unknown ? R.exact(0) : R.range(0, Math.max(0, max.hi - min.lo));
      });
      if (columns.length === 0) columns = undefined;
    }
    if (columns) r = columnsRange(columns);
    else if (stat === 'range' && name === 'sub' && !r.unknown) r = R.range(0, Math.max(0, r.hi));
    // x - max(x): at most 0, and the maximum itself becomes exactly 0.
    if (stat === 'maxShifted') r = R.range(Math.min(0, a.range.lo - a.range.hi), 0, { provenZero: true, unknown: a.range.unknown });
    // x / sum(x) of non-negative x (frequencies, a hand-written softmax): each element is a share of
    // a total that includes it, with or without an epsilon added to the total.
    if (isShareOfOwnSum(name, a, b, aNode)) r = R.range(0, 1);
    const result: TensorValue = { range: r, normalized: isNormalizing(name, a, b) };
    if (columns) result.columns = columns;
    const shape = a.shape ?? b.shape;
    if (shape) result.shape = shape;
    if (stat) result.stat = stat;
    if (statSource) result.statSource = statSource;
    if (continuous) result.continuous = true;
    if (result.normalized) {
      delete result.columns;
      result.range = name === 'div' && (b.stat === 'range' || b.stat === 'max') ? R.range(-1, 1) : R.range(-4, 4);
      result.range.unknown = false;
    }
    const scalarOther = b.concrete && b.concrete.values.length === 1 ? (b.concrete.values[0] as number) : undefined;
    if (a.meanSquare !== undefined && scalarOther !== undefined) {
      if (name === 'mul') result.meanSquare = a.meanSquare * scalarOther * scalarOther;
      else if (name === 'div' && scalarOther !== 0) result.meanSquare = a.meanSquare / (scalarOther * scalarOther);
    }
    const origin = scaledOrigin(name, a, b, node);
    if (origin) result.origin = origin;
    result.range = R.carryNaN(result.range, a.range, b.range);
    return { kind: 'tensor', t: result };
  }

  private unaryOp(name: string, x: TensorValue | undefined, args: Value[]): Value {
    if (!x) return { kind: 'tensor', t: unknownTensor() };
    const f = UNARY[name];
    const keepsSource = (name === 'sqrt' && x.stat === 'variance') || (name === 'exp' && x.stat === 'maxShifted');
    const stat: Stat | undefined = name === 'sqrt' && x.stat === 'variance' ? 'std' : name === 'exp' && x.stat === 'maxShifted' ? 'expShifted' : undefined;
    const finish = (result: TensorValue): Value => {
      if (stat) result.stat = stat;
      if (keepsSource && x.statSource) result.statSource = x.statSource;
      if (name === 'exp') result.expInput = x.range;
      if (x.continuous && (name === 'neg' || name === 'abs')) result.continuous = true;
      // Every elementwise op keeps NaN, except the tests for it.
      result.range = NAN_TEST_OPS.has(name) ? R.withoutNaN(result.range) : R.carryNaN(result.range, x.range);
      return { kind: 'tensor', t: result };
    };
    if (x.concrete && f) {
      return finish(tensorFromConcrete(C.map(x.concrete, (v) => Math.fround(f(v))), x.origin).t);
    }
    const numArg = (i: number): number | undefined => {
      const v = args[i];
      if (v?.kind === 'number') return v.value ?? (v.range.lo === v.range.hi ? v.range.lo : undefined);
      return undefined;
    };
    let r: ValueRange;
    switch (name) {
      case 'neg': r = R.neg(x.range); break;
      case 'abs': r = R.abs(x.range); break;
      case 'square': r = R.square(x.range); break;
      case 'sqrt': r = R.sqrt(x.range); break;
      case 'rsqrt': case 'reciprocal': r = R.div(R.exact(1), name === 'rsqrt' ? R.sqrt(x.range) : x.range); break;
      case 'exp': r = R.exp(x.range); break;
      case 'expm1': r = R.expm1(x.range); break;
      case 'log': r = R.log(x.range); break;
      case 'log1p': r = R.log(R.add(x.range, R.exact(1))); break;
      case 'sigmoid': r = R.sigmoid(x.range); break;
      case 'tanh': r = R.tanh(x.range); break;
      case 'softsign': case 'erf': case 'sin': case 'cos': case 'sign': r = R.range(-1, 1); break;
      case 'relu': case 'relu6': r = R.relu(x.range); if (name === 'relu6') r = R.clip(r, 0, 6); break;
      case 'elu': case 'selu': r = R.range(-1.76, Math.max(0, x.range.hi), { unknown: x.range.unknown }); break;
      case 'leakyRelu': r = R.range(Math.min(0, x.range.lo), Math.max(0, x.range.hi), { unknown: x.range.unknown }); break;
      case 'softplus': r = R.range(0, Math.max(0, x.range.hi) + 1, { unknown: x.range.unknown }); break;
      case 'logSigmoid': case 'logSoftmax': r = R.range(-Infinity, 0, { mayBeZero: true }); break;
      case 'softmax': r = R.softmax(x.range, lastDimension(x.shape)); break;
      case 'clipByValue': {
        const lo = numArg(1);
        const hi = numArg(2);
        const loRange = args[1]?.kind === 'number' ? args[1].range : undefined;
        r = lo !== undefined && hi !== undefined ? R.clip(x.range, lo, hi) : loRange && loRange.lo > 0 ? R.range(loRange.lo, Infinity) : R.UNKNOWN;
        break;
      }
      case 'step': case 'isNaN': case 'isFinite': case 'isInf': r = R.range(0, 1); break;
      case 'floor': case 'ceil': case 'round': r = { ...R.range(Math.floor(x.range.lo), Math.ceil(x.range.hi)), unknown: x.range.unknown }; break;
      case 'atan': r = R.range(-Math.PI / 2, Math.PI / 2); break;
      default: r = R.UNKNOWN;
    }
    const result: TensorValue = { range: r, normalized: x.normalized && ['neg', 'abs', 'tanh', 'sigmoid', 'clipByValue', 'softmax'].includes(name) };
    if (x.shape) result.shape = x.shape;
    if (x.origin) result.origin = x.origin;
    return finish(result);
  }

  private reduction(
    name: 'mean' | 'sum' | 'max' | 'min',
    x: TensorValue | undefined,
    axisArg: Value | undefined,
    keepArg: Value | undefined,
    node: ts.CallExpression,
    xNode: ts.Expression | undefined,
  ): Value {
    const stat: Stat = name === 'mean' ? 'mean' : name === 'sum' ? 'sum' : name;
    if (!x) return { kind: 'tensor', t: unknownTensor({ stat }) };
    const axes = axesOf(axisArg);
    const source = statSource(x, xNode, axes);
    // keepDims is the last argument in both styles (`x.sum(1, true)`, `tf.sum(x, 1, true)`): true,
    // or a truthy number in untyped code.
    const keepNode = keepArg ? node.arguments[node.arguments.length - 1] : undefined;
    const keeps = keepNode && (keepNode.kind === ts.SyntaxKind.TrueKeyword || (ts.isNumericLiteral(keepNode) && Number(keepNode.text) !== 0));
    if (source && keeps) source.keepDims = true;
    let result: TensorValue;
    if (x.concrete && axes !== null) {
      const keep = keepArg?.kind === 'bool';
      result = tensorFromConcrete(C.reduce(x.concrete, name, axes, keep), x.origin ?? { span: span(node), description: `the ${name}` }, stat).t;
    } else {
      let r = x.range;
      if (name === 'sum') {
        // How many elements each output sums: the reduced axes only (all of them without an axis).
        const dims = x.shape;
        const reduced = !dims || axes === null ? undefined : axes === undefined ? dims : axes.map((a) => dims[a < 0 ? a + dims.length : a] ?? null);
        const count = reduced && reduced.every((d) => d !== null) ? (reduced as number[]).reduce((a, b) => a * b, 1) : Infinity;
        r = R.mul(x.range, R.range(Math.min(1, count), count));
        r.mayBeZero = x.range.mayBeZero || (x.range.lo < 0 && x.range.hi > 0);
        // A max-shifted exp holds an exact 1 in every row it was shifted over.
        if (x.stat === 'expShifted') r = R.range(Math.max(1, r.lo), Math.max(1, r.hi), { unknown: r.unknown });
      }
      result = { range: { ...r }, normalized: x.normalized, stat };
      // min / max / mean over the rows of data with known columns: one value in each column's range.
      if (x.columns && name !== 'sum' && axes && axes.length === 1 && (axes[0] === 0 || axes[0] === -2) && x.shape?.length === 2) {
        result.columns = x.columns;
        result.range = columnsRange(x.columns.map((c) => ({ ...c, provenZero: c.lo === 0 && c.hi === 0 && !c.unknown })));
        result.shape = [x.columns.length];
      }
    }
    if (source) result.statSource = source;
    if (x.continuous) result.continuous = true;
    if (x.expInput) result.expInput = x.expInput;
    result.range = R.carryNaN(result.range, x.range);
    return { kind: 'tensor', t: result };
  }

  private norm(name: string, x: TensorValue | undefined, args: Value[], node: ts.CallExpression, xNode: ts.Expression | undefined): Value {
    if (!x) return { kind: 'tensor', t: unknownTensor({ stat: 'norm' }) };
    const ordArg = name === 'norm' ? args[1] : undefined;
    const ord = ordArg?.kind === 'number' ? ordArg.value : ordArg?.kind === 'string' ? ordArg.value : ordArg ? null : 'euclidean';
    const axes = axesOf(name === 'norm' ? args[2] : args[1]);
    const source = statSource(x, xNode, axes);
    const finish = (t: TensorValue): Value => {
      t.stat = 'norm';
      t.range = R.carryNaN(t.range, x.range);
      if (source) t.statSource = source;
      if (x.continuous) t.continuous = true;
      return { kind: 'tensor', t };
    };
    const euclidean = ord === 'euclidean' || ord === 'fro' || ord === 2;
    if (x.concrete && axes === undefined && (euclidean || ord === 1 || ord === Infinity)) {
      const v = x.concrete.values;
      const total = euclidean
        ? Math.sqrt(v.reduce((s, e) => s + e * e, 0))
        : ord === 1 ? v.reduce((s, e) => s + Math.abs(e), 0) : v.reduce((m, e) => Math.max(m, Math.abs(e)), 0);
      return finish(tensorFromConcrete(C.scalar(total), { span: span(node), description: 'the norm' }).t);
    }
    // Every norm lies between the smallest |element| and (count times) the largest.
    const r = x.range;
    const lo = r.lo > 0 ? r.lo : r.hi < 0 ? -r.hi : 0;
    const count = x.shape && x.shape.every((d) => d !== null) ? (x.shape as number[]).reduce((a, b) => a * b, 1) : Infinity;
    const hi = count === Infinity || ord === null ? Infinity : R.maxAbs(r) * (ord === 1 ? count : euclidean ? Math.sqrt(count) : 1);
    return finish({
      range: R.range(Math.fround(lo) > lo ? 0 : lo, hi, { provenZero: r.lo === 0 && r.hi === 0 && !r.unknown, unknown: r.unknown }),
      normalized: false,
    });
  }

  private moments(x: TensorValue | undefined, axisArg: Value | undefined, xNode: ts.Expression | undefined): Value {
    const axes = axesOf(axisArg);
    const source = x ? statSource(x, xNode, axes) : undefined;
    const withSource = (v: Extract<Value, { kind: 'tensor' }>): Value => {
      if (source) v.t.statSource = source;
      if (x) v.t.range = R.carryNaN(v.t.range, x.range);
      if (x?.continuous) v.t.continuous = true;
      return v;
    };
    if (x?.concrete && axes !== null) {
      const m = C.moments(x.concrete, axes);
      if (m) {
        return {
          kind: 'object',
          props: new Map<string, Value>([
            ['mean', withSource(tensorFromConcrete(m.mean, x.origin, 'mean'))],
            ['variance', withSource(tensorFromConcrete(m.variance, x.origin, 'variance'))],
          ]),
        };
      }
    }
    const r = x?.range ?? R.UNKNOWN;
    const width = r.hi - r.lo;
    // Data that is one known number everywhere has a variance of exactly 0.
    const variance = !r.unknown && width === 0
      ? R.exact(0)
      : { ...R.range(0, Number.isFinite(width) ? (width * width) / 4 : Infinity), unknown: r.unknown };
    return {
      kind: 'object',
      props: new Map<string, Value>([
        ['mean', withSource({ kind: 'tensor', t: { range: { ...r, provenZero: false, provenNegative: false }, normalized: false, stat: 'mean' } })],
        // A feature can be constant, so its variance can be exactly 0.
        ['variance', withSource({ kind: 'tensor', t: { range: variance, normalized: false, stat: 'variance' } })],
      ]),
    };
  }

  // -------------------------------------------------------------------------------------------
  // Layers, models, optimizers

  private layer(kind: string, e: ts.CallExpression, env: Env): Value {
    const existing = this.layersByNode.get(e);
    if (existing) return { kind: 'layer', layer: existing };
    const configNode = e.arguments[0] && ts.isObjectLiteralExpression(unwrap(e.arguments[0])) ? (unwrap(e.arguments[0]) as ts.ObjectLiteralExpression) : undefined;
    const config = e.arguments[0] ? this.eval(e.arguments[0], env) : UNKNOWN_VALUE;
    const props = config.kind === 'object' ? config.props : new Map<string, Value>();
    const str = (k: string): string | undefined => {
      const v = props.get(k);
      return v?.kind === 'string' ? v.value : undefined;
    };
    const activationNode = configNode ? propertyNode(configNode, 'activation') : undefined;
    const options: Record<string, number | string | boolean> = {};
    for (const [k, v] of props) {
      if (v.kind === 'number' && v.value !== undefined) options[k] = v.value;
      else if (v.kind === 'string' && v.value !== undefined) options[k] = v.value;
    }
    const units = props.get('units');
    const spec: LayerSpec = {
      kind,
      span: span(e),
      activation: str('activation') ?? (['lstm', 'gru', 'simpleRNN'].includes(kind) ? 'tanh' : 'linear'),
      recurrent: RECURRENT_LAYERS.includes(kind),
      options,
    };
    if (units?.kind === 'number' && units.value !== undefined) spec.units = units.value;
    if (activationNode) spec.activationSpan = span(activationNode);
    const inputShape = shapeOf(props.get('inputShape')) ?? (props.has('inputDim') ? [numberOf(props.get('inputDim')) ?? null] : undefined);
    if (inputShape) spec.inputShape = inputShape;
    const init = str('kernelInitializer');
    if (init) spec.kernelInitializer = init;
    const fact: LayerFact = { spec, node: e };
    if (configNode) fact.config = configNode;
    if (activationNode) fact.activationNode = activationNode;
    this.layersByNode.set(e, fact);
    return { kind: 'layer', layer: fact };
  }

  private sequential(e: ts.CallExpression, env: Env): Value {
    const existing = this.modelsByNode.get(e);
    if (existing) return { kind: 'model', model: existing };
    const model = this.newModel(e, 'sequential');
    const config = e.arguments[0] ? this.eval(e.arguments[0], env) : UNKNOWN_VALUE;
    const layers = config.kind === 'object' ? config.props.get('layers') : undefined;
    if (layers?.kind === 'array') {
      for (const l of layers.elements) if (l.kind === 'layer') model.layers.push(l.layer);
    }
    return { kind: 'model', model };
  }

  private functionalModel(e: ts.CallExpression, env: Env): Value {
    const existing = this.modelsByNode.get(e);
    if (existing) return { kind: 'model', model: existing };
    const model = this.newModel(e, 'functional');
    const config = e.arguments[0] ? this.eval(e.arguments[0], env) : UNKNOWN_VALUE;
    let outputs = config.kind === 'object' ? config.props.get('outputs') : undefined;
    if (outputs?.kind === 'array') outputs = outputs.elements[0];
    if (outputs?.kind === 'symbolic') {
      model.layers.push(...outputs.layers);
      const first = model.layers[0];
      if (first && !first.spec.inputShape && outputs.inputShape) first.spec.inputShape = outputs.inputShape;
    }
    return { kind: 'model', model };
  }

  private newModel(e: ts.CallExpression, style: 'sequential' | 'functional'): ModelFact {
    const model: ModelFact = { id: `model@${e.getStart()}`, node: e, style, layers: [], metrics: [], fits: [] };
    const holder = e.parent;
    if (holder && ts.isVariableDeclaration(holder) && ts.isIdentifier(holder.name)) model.name = holder.name.text;
    this.modelsByNode.set(e, model);
    this.models.push(model);
    return model;
  }

  private optimizer(kindName: string, e: ts.CallExpression, env: Env): Value {
    const existing = this.optimizersByNode.get(e);
    if (existing) return { kind: 'optimizer', optimizer: existing };
    const kind = (kindName in OPTIMIZER_ARGS ? kindName : 'unknown') as OptimizerKind;
    const names = kind === 'unknown' ? [] : OPTIMIZER_ARGS[kind];
    const values = this.args(e, env);
    const spec: OptimizerSpec = {
      kind,
      span: span(e),
      fromString: false,
      learningRateExplicit: e.arguments.length > 0,
      learningRateMissing: false,
      clipped: false,
    };
    const openParen = e.arguments.pos;
    spec.argsSpan = { start: openParen, end: e.arguments.end };
    names.forEach((argName, i) => {
      const v = values[i];
      const node = e.arguments[i];
      if (!node || !v) return;
      const value = v.kind === 'number' ? v.value ?? (v.range.lo === v.range.hi ? v.range.lo : undefined) : undefined;
      if (argName === 'learningRate') {
        if (value !== undefined) spec.learningRate = value;
        spec.learningRateSpan = span(node);
      } else if (argName === 'epsilon') {
        if (value !== undefined) spec.epsilon = value;
        spec.epsilonSpan = span(node);
      } else if (argName === 'momentum' && value !== undefined) {
        spec.momentum = value;
      }
    });
    if (e.arguments.length === 0 && kind !== 'unknown') {
      const def = OPTIMIZER_DEFAULTS[kind].ctor;
      if (def === undefined) spec.learningRateMissing = true;
      else spec.learningRate = def;
    }
    const fact: OptimizerFact = { spec, node: e };
    this.optimizersByNode.set(e, fact);
    return { kind: 'optimizer', optimizer: fact };
  }

  /** `compile({optimizer: 'adam'})`: the string form, with TF.js's default rate. */
  stringOptimizer(node: ts.Expression, value: string): OptimizerFact {
    const existing = this.optimizersByNode.get(node);
    if (existing) return existing;
    const name = value.toLowerCase();
    const kind = (name in OPTIMIZER_DEFAULTS ? name : 'unknown') as OptimizerKind;
    const spec: OptimizerSpec = {
      kind,
      span: span(node),
      fromString: true,
      learningRateExplicit: false,
      learningRateMissing: false,
      clipped: false,
    };
    if (kind !== 'unknown') spec.learningRate = OPTIMIZER_DEFAULTS[kind].string;
    const fact: OptimizerFact = { spec, node };
    this.optimizersByNode.set(node, fact);
    return fact;
  }
}

const BINARY: Record<string, (x: number, y: number) => number> = {
  add: (x, y) => x + y,
  sub: (x, y) => x - y,
  mul: (x, y) => x * y,
  div: (x, y) => x / y,
  realDiv: (x, y) => x / y,
  divNoNan: (x, y) => (y === 0 ? 0 : x / y),
  maximum: Math.max,
  minimum: Math.min,
  squaredDifference: (x, y) => (x - y) * (x - y),
  pow: (x, y) => x ** y,
};

const UNARY: Record<string, (x: number) => number> = {
  neg: (x) => -x,
  abs: Math.abs,
  square: (x) => x * x,
  sqrt: Math.sqrt,
  rsqrt: (x) => 1 / Math.sqrt(x),
  reciprocal: (x) => 1 / x,
  exp: Math.exp,
  expm1: Math.expm1,
  log: Math.log,
  log1p: Math.log1p,
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  tanh: Math.tanh,
  relu: (x) => Math.max(0, x),
  sin: Math.sin,
  cos: Math.cos,
  floor: Math.floor,
  ceil: Math.ceil,
  round: Math.round,
  sign: Math.sign,
};

/** Statistics survive centering, range-taking and a small epsilon added for safety. */
function binaryStat(name: string, a: TensorValue, b: TensorValue, aNode: ts.Expression | undefined): Stat | undefined {
  if (name === 'sub' && b.stat === 'max' && aNode && b.statSource && sameExpression(b.statSource.text, aNode.getText())) return 'maxShifted';
  if (name === 'sub' && b.stat === 'mean') return 'centered';
  if (name === 'sub' && a.stat === 'max' && b.stat === 'min') return 'range';
  const tiny = b.range.lo > 0 && b.range.hi <= 1e-2 && !b.range.unknown;
  if ((name === 'add' || name === 'maximum') && tiny && (a.stat === 'std' || a.stat === 'variance' || a.stat === 'range' || a.stat === 'norm' || a.stat === 'sum')) return a.stat;
  return undefined;
}

function sameExpression(a: string, b: string): boolean {
  return a.replace(/\s+/g, '') === b.replace(/\s+/g, '');
}

/**
 * Continuous data stays continuous when shifted or scaled by something that is not itself drawn
 * from the same distribution element by element (a literal, a statistic), and under negation.
 */
function continuousResult(name: string, a: TensorValue, b: TensorValue): boolean {
  const fixed = (t: TensorValue): boolean => t.concrete !== undefined || t.stat !== undefined || (!t.range.unknown && t.range.lo === t.range.hi);
  const nonzero = (t: TensorValue): boolean => t.continuous === true || (!t.range.mayBeZero && !t.range.unknown);
  switch (name) {
    case 'add': case 'sub':
      return (a.continuous === true && fixed(b) && !b.continuous) || (b.continuous === true && fixed(a) && !a.continuous);
    case 'mul':
      return (a.continuous === true && fixed(b) && nonzero(b)) || (b.continuous === true && fixed(a) && nonzero(a));
    case 'div': case 'realDiv':
      return a.continuous === true && fixed(b) && nonzero(b);
    default:
      return false;
  }
}

export function dataKind(x: TensorValue): DataKind {
  if (x.concrete) return 'literal';
  if (!x.range.unknown && x.range.lo === x.range.hi) return 'constant';
  if (x.continuous) return 'continuous';
  return x.range.unknown ? 'unknown' : 'known';
}

function statSource(x: TensorValue, xNode: ts.Expression | undefined, axes: number[] | undefined | null): StatSource | undefined {
  if (!xNode) return undefined;
  const source: StatSource = { text: xNode.getText(), span: span(xNode), data: dataKind(x) };
  if (axes) source.axes = axes;
  return source;
}

/** `tf.equal(x, 0)` / `x.equal(0)` (equalZero) or `tf.notEqual(x, 0)` / `x.notEqual(0)`: the text of x. */
function zeroTest(cond: ts.Expression | undefined): { text: string; equalZero: boolean } | undefined {
  while (cond && ts.isParenthesizedExpression(cond)) cond = cond.expression;
  if (!cond || !ts.isCallExpression(cond) || !ts.isPropertyAccessExpression(cond.expression)) return undefined;
  const name = cond.expression.name.text;
  if (name !== 'equal' && name !== 'notEqual') return undefined;
  const isZero = (e: ts.Expression | undefined): boolean => e !== undefined && ts.isNumericLiteral(unwrap(e)) && Number((unwrap(e) as ts.NumericLiteral).text) === 0;
  const [first, second] = cond.arguments;
  // Method form `x.equal(0)`, or function form `tf.equal(x, 0)` (either operand may be the 0).
  const subject = cond.arguments.length === 1 && isZero(first)
    ? cond.expression.expression
    : isZero(second) ? first : isZero(first) ? second : undefined;
  return subject ? { text: subject.getText(), equalZero: name === 'equal' } : undefined;
}

/** A range with its zeros removed (the elements that were 0 were replaced). */
function withoutZero(r: ValueRange): ValueRange {
  if (r.unknown) return r;
  const lo = r.lo === 0 ? Number.MIN_VALUE : r.lo;
  const hi = r.hi === 0 ? -Number.MIN_VALUE : r.hi;
  return { ...r, lo, hi, mayBeZero: false, provenZero: false };
}

/** The syntax node of operand `i` of an op call (a method call's receiver is operand 0). */
export function operandNode(node: ts.CallExpression, i: number, method: boolean): ts.Expression | undefined {
  if (!method) return node.arguments[i];
  if (i === 0) return ts.isPropertyAccessExpression(node.expression) ? node.expression.expression : undefined;
  return node.arguments[i - 1];
}

/** The backend epsilon as a scalar, at its float32 (or float16) value. */
function epsilonConcrete(v: Value | undefined, precision: keyof typeof BACKEND_EPSILON = 'float32'): C.Concrete | undefined {
  if (v?.kind !== 'number' || v.value !== undefined) return undefined;
  if (v.range.lo !== BACKEND_EPSILON.float32 || v.range.hi !== BACKEND_EPSILON.float16) return undefined;
  return C.scalar(BACKEND_EPSILON[precision]);
}

function isIntegerDtype(v: Value | undefined): boolean {
  return v?.kind === 'string' && v.value !== undefined && /^(int32|bool)$/.test(v.value);
}

function lastDimension(shape: (number | null)[] | undefined): number | undefined {
  const d = shape?.[shape.length - 1];
  return d === null || d === undefined ? undefined : d;
}

/** `x.sub(mean).div(std)`, `(x - min) / (max - min)`, `x.div(x.max())`: normalization patterns. */
/**
 * `x.div(x.sum(axis, true))` (or `divNoNan`, or the sum plus an epsilon) with x never negative:
 * every element is divided by a total it is part of. Without keepDims only a sum over every axis,
 * over the first one, or over the last one of a vector (`scores.div(scores.sum(-1))`, the rank
 * not known to be more) broadcasts back onto the elements it adds up.
 */
function isShareOfOwnSum(name: string, a: TensorValue, b: TensorValue, aNode: ts.Expression | undefined): boolean {
  if ((name !== 'div' && name !== 'divNoNan') || b.stat !== 'sum' || !b.statSource || !aNode || a.range.lo < 0) return false;
  if (!sameExpression(b.statSource.text, aNode.getText())) return false;
  const axes = b.statSource.axes;
  const vector = a.shape === undefined || a.shape.length <= 1;
  return b.statSource.keepDims === true || axes === undefined ||
    (axes.length === 1 && (axes[0] === 0 || (axes[0] === -1 && vector)));
}

/** The range of a denominator's nonzero elements: exact for literal data, the whole range otherwise. */
function nonzeroPart(b: TensorValue): ValueRange {
  if (b.concrete) {
    const nonzero = Array.from(b.concrete.values).filter((v) => v !== 0);
    if (nonzero.length > 0) return R.fromValues(nonzero);
  }
  return b.range;
}

function isNormalizing(name: string, a: TensorValue, b: TensorValue): boolean {
  if (name !== 'div' && name !== 'divNoNan' && name !== 'mul') return false;
  if (name === 'div' || name === 'divNoNan') {
    if (a.stat === 'centered' && (b.stat === 'std' || b.stat === 'variance' || b.stat === 'range')) return true;
    if (b.stat === 'range' || b.stat === 'max' || b.stat === 'norm') return true;
    if (a.stat === 'centered' && b.range.lo > 0 && b.stat === undefined && !b.concrete) return true;
  }
  return false;
}

function scaledOrigin(name: string, a: TensorValue, b: TensorValue, node: ts.CallExpression): ValueOrigin | undefined {
  const scalar = b.concrete && b.concrete.values.length === 1 ? (b.concrete.values[0] as number) : undefined;
  if ((name === 'mul' || name === 'add') && scalar !== undefined && Math.abs(scalar) > 1) {
    return { span: span(node), description: `scaled by ${R.formatNumber(scalar)}` };
  }
  return a.origin ?? b.origin;
}

export function tensorFromConcrete(c: C.Concrete, origin: ValueOrigin | undefined, stat?: Stat): Extract<Value, { kind: 'tensor' }> {
  const t: TensorValue = {
    range: R.fromValues(c.values),
    shape: c.shape,
    concrete: c,
    normalized: false,
    meanSquare: C.meanSquaredNorm(c),
  };
  if (origin) t.origin = origin;
  if (stat) t.stat = stat;
  return { kind: 'tensor', t };
}

export function toTensor(v: Value | undefined): TensorValue | undefined {
  if (!v) return undefined;
  if (v.kind === 'tensor') return v.t;
  if (v.kind === 'number') {
    if (v.value !== undefined) return tensorFromConcrete(C.scalar(v.value), undefined).t;
    return { range: v.range, normalized: false, shape: [] };
  }
  if (v.kind === 'array' || v.kind === 'list') {
    const c = v.kind === 'array' ? C.fromNested(plain(v)) : undefined;
    const nan = nanFacts(v);
    if (c) {
      const t = tensorFromConcrete(c, undefined).t;
      if (nan) t.range = { ...t.range, ...nan };
      return t;
    }
    const summary = summarizeData(v);
    const t = summary ? { range: summary.range, normalized: false, ...(summary.shape ? { shape: summary.shape } : {}) } : unknownTensor();
    if (nan) t.range = { ...t.range, ...nan };
    return t;
  }
  if (v.kind === 'unknown') return unknownTensor();
  return undefined;
}

/** A JS value (nested arrays of numbers) from an abstract value, when fully known. */
export function plain(v: Value | undefined): unknown {
  if (!v) return undefined;
  if (v.kind === 'number') return v.value;
  if (v.kind === 'array') return v.elements.map(plain);
  return undefined;
}

export function num(value: number): Extract<Value, { kind: 'number' }> {
  return { kind: 'number', value, range: R.exact(value) };
}

export function numberOf(v: Value | undefined): number | undefined {
  return v?.kind === 'number' ? v.value : undefined;
}

function shapeOf(v: Value | undefined): (number | null)[] | undefined {
  if (v?.kind !== 'array') return undefined;
  return v.elements.map((el) => (el.kind === 'number' && el.value !== undefined ? el.value : null));
}

/** Axis argument: undefined = all axes; null = not known. */
function axesOf(v: Value | undefined): number[] | undefined | null {
  if (!v || (v.kind === 'unknown')) return v ? null : undefined;
  if (v.kind === 'number') return v.value !== undefined ? [v.value] : null;
  if (v.kind === 'array') {
    const axes = v.elements.map(numberOf);
    return axes.every((a) => a !== undefined) ? (axes as number[]) : null;
  }
  return null;
}

function features(shape: (number | null)[] | undefined): number {
  if (!shape || shape.length < 2) return 1;
  return shape.slice(1).reduce<number>((a, d) => a * (d ?? 1), 1);
}

export function joinValues(a: Value, b: Value): Value {
  if (a.kind === 'unknown') return b.kind === 'tensor' ? { kind: 'tensor', t: { ...b.t, range: R.join(b.t.range, R.UNKNOWN), columns: undefined } as TensorValue } : a;
  if (b.kind === 'unknown') return a.kind === 'tensor' ? { kind: 'tensor', t: { ...a.t, range: R.join(a.t.range, R.UNKNOWN), columns: undefined } as TensorValue } : b;
  if (a.kind === 'tensor' && b.kind === 'tensor') {
    const t: TensorValue = { range: R.join(a.t.range, b.t.range), normalized: a.t.normalized && b.t.normalized };
    if (a.t.origin) t.origin = a.t.origin;
    return { kind: 'tensor', t };
  }
  if (a.kind === 'number' && b.kind === 'number') {
    if (a.value !== undefined && a.value === b.value) return a;
    return { kind: 'number', range: R.join(a.range, b.range) };
  }
  if (a.kind === 'array' && b.kind === 'array' && a.elements.length === b.elements.length) {
    return a.elements.every((el, i) => el === b.elements[i])
      ? a
      : { kind: 'array', elements: a.elements.map((el, i) => joinValues(el, b.elements[i] as Value)) };
  }
  if ((a.kind === 'array' || a.kind === 'list') && (b.kind === 'array' || b.kind === 'list')) {
    const elements = [...(a.kind === 'array' ? a.elements : [a.element]), ...(b.kind === 'array' ? b.elements : [b.element])];
    const list: Value = { kind: 'list', element: elements.length ? elements.reduce(joinValues) : UNKNOWN_VALUE };
    const origin = (a.kind === 'list' ? a.origin : undefined) ?? (b.kind === 'list' ? b.origin : undefined);
    if (origin) list.origin = origin;
    return list;
  }
  if (a.kind === 'object' && b.kind === 'object' && a !== b) {
    const props = new Map<string, Value>();
    for (const [k, v] of a.props) props.set(k, joinValues(v, b.props.get(k) ?? b.other ?? UNKNOWN_VALUE));
    for (const [k, v] of b.props) if (!props.has(k)) props.set(k, joinValues(v, a.other ?? UNKNOWN_VALUE));
    const other = a.other && b.other ? joinValues(a.other, b.other) : undefined;
    return other ? { kind: 'object', props, other } : { kind: 'object', props };
  }
  if (a.kind === 'string' && b.kind === 'string') {
    if (a.value !== undefined && a.value === b.value) return a;
    const va = possibleTexts(a);
    const vb = possibleTexts(b);
    if (va && vb) {
      const union = [...new Set([...va, ...vb])];
      if (union.length <= MAX_STRING_SET) return { kind: 'string', values: union };
    }
    return numericText(a) && numericText(b) ? { kind: 'string', numeric: true } : { kind: 'string' };
  }
  if (a.kind === b.kind) return a;
  return UNKNOWN_VALUE;
}

// ---------------------------------------------------------------------------------------------
// NaN in the data

const MAX_SPLIT_PARTS = 20_000;
/** Tensor ops whose result says whether an element is NaN (never NaN themselves). */
const NAN_TEST_OPS = new Set(['isNaN', 'isFinite', 'isInf']);

/** Functions that turn text into a number, with their exact semantics. */
const PARSERS = new Map<string, (text: string, radix?: number) => number>([
  ['parseFloat', (t) => Number.parseFloat(t)],
  ['Number.parseFloat', (t) => Number.parseFloat(t)],
  ['parseInt', (t, r) => Number.parseInt(t, r)],
  ['Number.parseInt', (t, r) => Number.parseInt(t, r)],
  ['Number', (t) => Number(t)],
]);

/** Names of NaN tests: `isNaN`, `Number.isFinite`, `tf.isNaN`, `x.isFinite()`, `_.isNaN`, ... */
const NAN_TESTS = new Set(['isNaN', 'isFinite', 'isInteger', 'isSafeInteger']);
const NAN_TEST_PATTERN = /\b(?:isNaN|isFinite|isInteger|isSafeInteger)\b/;

function nanLiteral(node: ts.Node): Extract<Value, { kind: 'number' }> {
  const v = num(NaN);
  v.range = { ...v.range, nanOrigin: { span: span(node), description: 'the literal `NaN`' } };
  return v;
}

/** The expression tests for NaN somewhere (a filter callback, a condition). */
function mentionsNaNCheck(node: ts.Node): boolean {
  return NAN_TEST_PATTERN.test(node.getText()) || /\b(\w+)\s*!==?\s*\1\b/.test(node.getText());
}

function isGlobalName(node: ts.Expression, name: string): boolean {
  const n = unwrap(node);
  return ts.isIdentifier(n) && n.text === name;
}

/** A value's NaN facts removed, deeply (the program filters or replaces NaN). */
export function stripNaN(v: Value, depth = 0): Value {
  if (depth > 8) return v;
  switch (v.kind) {
    case 'number':
      return v.range.mayBeNaN || v.range.provenNaN ? { ...v, range: R.withoutNaN(v.range) } : v;
    case 'tensor':
      return v.t.range.mayBeNaN ? { kind: 'tensor', t: { ...v.t, range: R.withoutNaN(v.t.range) } } : v;
    case 'array':
      return { kind: 'array', elements: v.elements.map((el) => stripNaN(el, depth + 1)) };
    case 'list':
      return { ...v, element: stripNaN(v.element, depth + 1) };
    case 'object': {
      const props = new Map<string, Value>();
      for (const [k, p] of v.props) props.set(k, stripNaN(p, depth + 1));
      return v.other ? { kind: 'object', props, other: stripNaN(v.other, depth + 1) } : { kind: 'object', props };
    }
    default:
      return v;
  }
}

type NaNFacts = Pick<ValueRange, 'mayBeNaN' | 'provenNaN' | 'nanOrigin'>;

/**
 * Whether data built from `v` (nested arrays, lists, row objects, numbers, tensors) can hold NaN,
 * and whether it certainly does (an element of a fixed array that is NaN).
 */
export function nanFacts(v: Value | undefined, depth = 0): NaNFacts | undefined {
  if (!v || depth > 8) return undefined;
  const fromRange = (r: ValueRange): NaNFacts | undefined =>
    r.mayBeNaN ? { mayBeNaN: true, ...(r.provenNaN ? { provenNaN: true } : {}), ...(r.nanOrigin ? { nanOrigin: r.nanOrigin } : {}) } : undefined;
  switch (v.kind) {
    case 'number': return fromRange(v.range);
    case 'tensor': return fromRange(v.t.range);
    case 'array': case 'object': {
      const parts = v.kind === 'array' ? v.elements : [...v.props.values(), ...(v.other ? [v.other] : [])];
      let found: NaNFacts | undefined;
      for (const p of parts) {
        const f = nanFacts(p, depth + 1);
        if (!f) continue;
        if (!found || (f.provenNaN && !found.provenNaN)) found = f;
      }
      return found;
    }
    case 'list': {
      const f = nanFacts(v.element, depth + 1);
      if (!f) return undefined;
      const { provenNaN: _p, ...possible } = f;
      return possible;
    }
    default:
      return undefined;
  }
}

/** A number result of an op on `inputs` keeps their NaN facts. */
function carryNaNValue(result: Value, inputs: Value[]): Value {
  if (result.kind !== 'number') return result;
  const ranges = inputs.flatMap((i) => (i.kind === 'number' ? [i.range] : []));
  return { ...result, range: R.carryNaN(result.range, ...ranges) };
}

/** Text that I/O produces, from a method call on a value the analysis does not know. */
function textSource(method: string, e: ts.CallExpression): Value | undefined {
  const arg = e.arguments[0] && unwrap(e.arguments[0]);
  switch (method) {
    case 'split':
      // `line.split(',')`: text split into fields (a tensor's split takes a number).
      return arg && (ts.isStringLiteralLike(arg) || ts.isRegularExpressionLiteral(arg)) ? { kind: 'list', element: { kind: 'string' } } : undefined;
    case 'readFileSync': case 'readFile':
      return { kind: 'string' };
    case 'text':
      return e.arguments.length === 0 ? { kind: 'string' } : undefined;
    case 'toString': case 'trim': case 'toLowerCase': case 'toUpperCase':
      return { kind: 'string' };
    default:
      return undefined;
  }
}

/** The variable an expression reads from: `row` in `row.values[2]`, `xs` in `xs.reshape([-1])`. */
function rootIdentifier(node: ts.Expression, scopes: Scopes): ts.Identifier | undefined {
  let n: ts.Expression = node;
  for (let i = 0; i < 20; i++) {
    n = unwrap(n);
    if (ts.isIdentifier(n)) return n;
    if (ts.isPropertyAccessExpression(n) || ts.isElementAccessExpression(n)) n = n.expression;
    else if (ts.isCallExpression(n)) {
      const callee = unwrap(n.expression);
      const globalCallee = ts.isIdentifier(callee)
        ? !scopes.resolve(callee)
        : ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && !scopes.resolve(callee.expression);
      if (globalCallee && n.arguments[0]) n = n.arguments[0];
      else if (ts.isPropertyAccessExpression(callee)) n = callee.expression;
      else return undefined;
    } else return undefined;
  }
  return undefined;
}

/** A reference to a NaN test as a function value: `isNaN`, `Number.isFinite`. */
function isNaNTestReference(node: ts.Expression): boolean {
  const n = unwrap(node);
  if (ts.isIdentifier(n)) return NAN_TESTS.has(n.text);
  return ts.isPropertyAccessExpression(n) && NAN_TESTS.has(n.name.text);
}

const ELEMENT_TESTS = new Set(['some', 'every', 'find', 'findIndex', 'findLastIndex', 'includes', 'indexOf']);

/** A node that may test a value for NaN (the facts walk keeps these for `collectNaNChecks`). */
export function mayTestNaN(node: ts.Node): boolean {
  if (ts.isCallExpression(node)) {
    const callee = unwrap(node.expression);
    const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
    return name !== undefined && (NAN_TESTS.has(name) || ELEMENT_TESTS.has(name));
  }
  if (ts.isBinaryExpression(node)) {
    const k = node.operatorToken.kind;
    return k === ts.SyntaxKind.ExclamationEqualsEqualsToken || k === ts.SyntaxKind.EqualsEqualsEqualsToken ||
      k === ts.SyntaxKind.ExclamationEqualsToken || k === ts.SyntaxKind.EqualsEqualsToken;
  }
  return false;
}

/** The declarations that the candidates (nodes for which `mayTestNaN` holds) test for NaN. */
function collectNaNChecks(candidates: readonly ts.Node[], scopes: Scopes): Set<Declaration> {
  const checked = new Set<Declaration>();
  const add = (e: ts.Expression | undefined): void => {
    const root = e && rootIdentifier(e, scopes);
    const decl = root && scopes.resolve(root);
    if (decl) checked.add(decl);
  };
  for (const node of candidates) {
    if (ts.isCallExpression(node)) {
      const callee = unwrap(node.expression);
      const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
      if (name && NAN_TESTS.has(name)) {
        // `isNaN(v)`, `Number.isFinite(row.x)`, `tf.isNaN(xs)`; `xs.isNaN()` tests its receiver.
        if (node.arguments[0]) add(node.arguments[0]);
        else if (ts.isPropertyAccessExpression(callee)) add(callee.expression);
      } else if (name && ELEMENT_TESTS.has(name) && ts.isPropertyAccessExpression(callee)) {
        // `values.some(isNaN)`, `row.every((v) => Number.isFinite(v))`, `values.includes(NaN)`.
        const arg = node.arguments[0];
        if (arg && (isNaNTestReference(arg) || ((ts.isArrowFunction(arg) || ts.isFunctionExpression(arg)) && mentionsNaNCheck(arg)) || isGlobalName(arg, 'NaN'))) {
          add(callee.expression);
        }
      }
    } else if (ts.isBinaryExpression(node) && node.left.getText() === node.right.getText()) {
      // `v !== v` is true only for NaN.
      add(node.left);
    }
  }
  return checked;
}

const NUMERIC_TEXT = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;
/** A text value stands for at most this many distinct strings; beyond, its value is unknown. */
const MAX_STRING_SET = 4096;

/** Text every parser reads as a finite number (`'12'`, `' -1.5e3 '`). */
function numericText(v: Extract<Value, { kind: 'string' }>): boolean {
  const texts = possibleTexts(v);
  return texts ? texts.every((t) => NUMERIC_TEXT.test(t)) : v.numeric === true;
}

/** Every string a text value can be, when the analysis knows them. */
function possibleTexts(v: Extract<Value, { kind: 'string' }>): string[] | undefined {
  return v.value !== undefined ? [v.value] : v.values;
}

/** A text value that is one of `texts`. */
function textOf(texts: string[]): Extract<Value, { kind: 'string' }> {
  const unique = [...new Set(texts)];
  if (unique.length === 1) return { kind: 'string', value: unique[0] as string };
  if (unique.length <= MAX_STRING_SET) return { kind: 'string', values: unique };
  return unique.every((t) => NUMERIC_TEXT.test(t)) ? { kind: 'string', numeric: true } : { kind: 'string' };
}

function collectReturns(node: ts.Node, out: ts.Expression[]): void {
  ts.forEachChild(node, (child) => {
    if (ts.isFunctionLike(child)) return;
    if (ts.isReturnStatement(child) && child.expression) out.push(child.expression);
    else collectReturns(child, out);
  });
}

export function propertyNode(obj: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  // From the end: a repeated key overrides the earlier ones (`{ optimizer, optimizer: opt }`).
  for (const p of [...obj.properties].reverse()) {
    if (ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && p.name.text === name) return p.initializer;
    if (ts.isShorthandPropertyAssignment(p) && p.name.text === name) return p.name;
  }
  return undefined;
}

/** The range of a model's predictions, from its last layer's activation. */
export function outputRange(model: ModelFact): ValueRange {
  const last = model.layers[model.layers.length - 1];
  if (!last) return R.UNKNOWN;
  return activationRange(last.spec.activation);
}

export function activationRange(activation: string): ValueRange {
  switch (activation) {
    case 'sigmoid': case 'hardSigmoid': return R.range(0, 1);
    case 'softmax': return R.range(0, 1);
    case 'tanh': case 'softsign': return R.range(-1, 1);
    case 'relu': case 'softplus': case 'elu': case 'selu': return R.range(activation === 'relu' || activation === 'softplus' ? 0 : -1.76, Infinity);
    case 'relu6': return R.range(0, 6);
    case 'linear': case undefined: return R.range(-Infinity, Infinity);
    default: return R.UNKNOWN;
  }
}

export function modelSpec(model: ModelFact): ModelSpec {
  const spec: ModelSpec = {
    id: model.id,
    span: span(model.node),
    style: model.style,
    layers: model.layers.map((l) => l.spec),
    metrics: model.metrics,
    fits: [],
  };
  if (model.name) spec.name = model.name;
  if (model.optimizer) spec.optimizer = model.optimizer.spec;
  if (model.compile) spec.compileSpan = span(model.compile);
  return spec;
}

interface ArrayMutations {
  /** Something changes the array after its declaration. */
  changed: boolean;
  /** Expressions put into it (`push` arguments, `a[i] = v` values). */
  added: ts.Expression[];
  /** Elements of unknown value are put into it (spread, fill, a helper that fills it). */
  unknown: boolean;
  /** The first push, for messages. */
  site?: ts.Node;
}

const ELEMENT_CALLBACKS = new Set(['forEach', 'map', 'filter', 'some', 'every', 'find', 'findIndex', 'flatMap']);

const FLIPPED = new Map<ts.SyntaxKind, ts.SyntaxKind>([
  [ts.SyntaxKind.LessThanToken, ts.SyntaxKind.GreaterThanToken],
  [ts.SyntaxKind.GreaterThanToken, ts.SyntaxKind.LessThanToken],
  [ts.SyntaxKind.LessThanEqualsToken, ts.SyntaxKind.GreaterThanEqualsToken],
  [ts.SyntaxKind.GreaterThanEqualsToken, ts.SyntaxKind.LessThanEqualsToken],
]);

const COMPOUND_TO_BINARY = new Map<ts.SyntaxKind, ts.BinaryOperator>([
  [ts.SyntaxKind.PlusEqualsToken, ts.SyntaxKind.PlusToken],
  [ts.SyntaxKind.MinusEqualsToken, ts.SyntaxKind.MinusToken],
  [ts.SyntaxKind.AsteriskEqualsToken, ts.SyntaxKind.AsteriskToken],
  [ts.SyntaxKind.SlashEqualsToken, ts.SyntaxKind.SlashToken],
  [ts.SyntaxKind.PercentEqualsToken, ts.SyntaxKind.PercentToken],
  [ts.SyntaxKind.AsteriskAsteriskEqualsToken, ts.SyntaxKind.AsteriskAsteriskToken],
]);

/** Number arithmetic, keeping the operands' NaN facts. */
function arithmetic(op: ts.SyntaxKind, a: Value, b: Value): Value {
  return carryNaNValue(exactOrInterval(op, a, b), [a, b]);
}

/** Number arithmetic: exact when both sides are known numbers, interval arithmetic otherwise. */
function exactOrInterval(op: ts.SyntaxKind, a: Value, b: Value): Value {
  if (op === ts.SyntaxKind.PlusToken && (a.kind === 'string' || b.kind === 'string')) return { kind: 'string' };
  if (a.kind !== 'number' || b.kind !== 'number') return UNKNOWN_VALUE;
  if (a.value !== undefined && b.value !== undefined) {
    switch (op) {
      case ts.SyntaxKind.PlusToken: return num(a.value + b.value);
      case ts.SyntaxKind.MinusToken: return num(a.value - b.value);
      case ts.SyntaxKind.AsteriskToken: return num(a.value * b.value);
      case ts.SyntaxKind.SlashToken: return num(a.value / b.value);
      case ts.SyntaxKind.AsteriskAsteriskToken: return num(a.value ** b.value);
      case ts.SyntaxKind.PercentToken: return num(a.value % b.value);
      default: return UNKNOWN_VALUE;
    }
  }
  switch (op) {
    case ts.SyntaxKind.PlusToken: return { kind: 'number', range: R.add(a.range, b.range) };
    case ts.SyntaxKind.MinusToken: return { kind: 'number', range: R.sub(a.range, b.range) };
    case ts.SyntaxKind.AsteriskToken: return { kind: 'number', range: R.mul(a.range, b.range) };
    case ts.SyntaxKind.SlashToken: return { kind: 'number', range: R.div(a.range, b.range) };
    case ts.SyntaxKind.PercentToken: {
      // x % m has the sign of x and a magnitude below |m| (a seeded LCG stays in [0, m)).
      const m = b.range.unknown || b.range.mayBeZero ? undefined : Math.max(Math.abs(b.range.lo), Math.abs(b.range.hi));
      if (m === undefined || !Number.isFinite(m)) return { kind: 'number', range: R.UNKNOWN };
      const nonNegative = !a.range.unknown && a.range.lo >= 0;
      const nonPositive = !a.range.unknown && a.range.hi <= 0;
      const lo = nonNegative ? 0 : -m;
      const hi = nonPositive ? 0 : m;
      // Within the dividend's own range when that is smaller.
      const within = !a.range.unknown && R.maxAbs(a.range) < m;
      return { kind: 'number', range: within ? R.join(R.range(Math.max(lo, Math.min(0, a.range.lo)), Math.min(hi, Math.max(0, a.range.hi))), R.exact(0)) : R.range(lo, hi) };
    }
    default: return UNKNOWN_VALUE;
  }
}

/** `Math.round(x)`, `Math.max(a, b)`, `Math.random()`, ...: exact for known numbers, ranges otherwise. */
function mathCall(name: string, args: Value[]): Value {
  const nums = args.map((a) => (a.kind === 'number' ? a : undefined));
  if (name === 'random') return { kind: 'number', range: R.range(0, 1) };
  if (nums.some((n) => !n)) return UNKNOWN_VALUE;
  const ns = nums as Extract<Value, { kind: 'number' }>[];
  const f = MATH_EXACT[name];
  if (f && ns.every((n) => n.value !== undefined)) return num(f(...ns.map((n) => n.value as number)));
  const x = ns[0]?.range;
  if (!x) return UNKNOWN_VALUE;
  const keepUnknown = (r: ValueRange): Value => ({ kind: 'number', range: { ...r, unknown: x.unknown || r.unknown } });
  switch (name) {
    case 'round': case 'floor': case 'ceil': case 'trunc':
      return keepUnknown(R.range(Math.floor(x.lo), Math.ceil(x.hi)));
    case 'abs': return keepUnknown(R.abs(x));
    case 'sqrt': return keepUnknown(R.sqrt(x));
    case 'exp': return keepUnknown(R.exp(x));
    case 'log': return keepUnknown(R.log(x));
    case 'sign': return keepUnknown(R.range(x.lo < 0 ? -1 : x.lo === 0 ? 0 : 1, x.hi > 0 ? 1 : x.hi === 0 ? 0 : -1));
    case 'max': return { kind: 'number', range: ns.map((n) => n.range).reduce(R.maximum) };
    case 'min': return { kind: 'number', range: ns.map((n) => n.range).reduce(R.minimum) };
    case 'sin': case 'cos': return keepUnknown(R.range(-1, 1));
    case 'tanh': return keepUnknown(R.tanh(x));
    default: return UNKNOWN_VALUE;
  }
}

const MATH_EXACT: Record<string, (...x: number[]) => number> = {
  round: Math.round, floor: Math.floor, ceil: Math.ceil, trunc: Math.trunc, abs: Math.abs, sqrt: Math.sqrt,
  exp: Math.exp, log: Math.log, sign: Math.sign, max: Math.max, min: Math.min, sin: Math.sin, cos: Math.cos,
  tanh: Math.tanh, pow: Math.pow, log10: Math.log10, log2: Math.log2, hypot: Math.hypot,
};

/** Any element of an array or a list (the join of all of them). */
export function elementOf(v: Value): Value {
  if (v.kind === 'list') return v.element;
  if (v.kind === 'array') return v.elements.length === 0 ? UNKNOWN_VALUE : v.elements.reduce(joinValues);
  return UNKNOWN_VALUE;
}

function indexRange(v: Value): Value {
  if (v.kind === 'array') return { kind: 'number', range: R.range(0, Math.max(0, v.elements.length - 1)) };
  return { kind: 'number', range: R.range(0, Infinity) };
}

/**
 * The range and shape of nested arrays / lists of numbers that are not all known exactly (rows
 * pushed in a loop): undefined when some leaf is not a number.
 */
export function summarizeData(v: Value | undefined): { range: ValueRange; shape?: (number | null)[]; columns?: ValueRange[] } | undefined {
  if (!v) return undefined;
  if (v.kind === 'number') return { range: v.range, shape: [] };
  if (v.kind !== 'array' && v.kind !== 'list') return undefined;
  const parts = v.kind === 'array' ? v.elements : [v.element];
  if (parts.length === 0) return undefined;
  const summaries = parts.map(summarizeData);
  if (summaries.some((p) => !p || p.range.unknown)) return undefined;
  const first = summaries[0] as { range: ValueRange; shape?: (number | null)[] };
  const range = (summaries as { range: ValueRange }[]).map((p) => p.range).reduce(R.join);
  const inner = first.shape && summaries.every((p) => p?.shape && p.shape.length === first.shape?.length) ? first.shape : undefined;
  const length = v.kind === 'array' ? v.elements.length : null;
  if (!inner) return { range };
  const result: { range: ValueRange; shape: (number | null)[]; columns?: ValueRange[] } = { range, shape: [length, ...inner] };
  // Rows of numbers: the range of each column.
  if (inner.length === 1 && inner[0] !== null) {
    const rows = parts.map((p) => (p.kind === 'array' && p.elements.every((el) => el.kind === 'number') ? p.elements : undefined));
    if (rows.every((r) => r && r.length === inner[0])) {
      result.columns = (rows[0] as Value[]).map((_, i) =>
        (rows as Value[][]).map((r) => (r[i] as Extract<Value, { kind: 'number' }>).range).reduce(R.join));
    }
  }
  return result;
}

/** The per-column ranges of an operand broadcast along the last axis of data with `k` columns. */
function broadcastColumns(t: TensorValue, k: number): ValueRange[] | undefined {
  if (t.columns) return t.columns.length === k ? t.columns : undefined;
  const c = t.concrete;
  if (c) {
    if (c.values.length === 1) return Array.from({ length: k }, () => R.exact(c.values[0] as number));
    const vectorLike = c.shape.length === 1 || (c.shape.length === 2 && c.shape[0] === 1);
    if (vectorLike && c.values.length === k) return Array.from(c.values, (v) => R.exact(v));
    return undefined;
  }
  if (t.shape && t.shape.length === 0 && !t.range.unknown) return Array.from({ length: k }, () => t.range);
  return undefined;
}

/** Column ranges of an elementwise op between data with columns and a broadcast operand. */
function columnOp(name: string, a: TensorValue, b: TensorValue): ValueRange[] | undefined {
  const k = a.columns?.length ?? b.columns?.length;
  if (!k) return undefined;
  const ca = broadcastColumns(a, k);
  const cb = broadcastColumns(b, k);
  if (!ca || !cb) return undefined;
  const f = name === 'add' ? R.add : name === 'sub' ? R.sub : name === 'mul' ? R.mul : name === 'div' || name === 'realDiv' ? R.div : undefined;
  if (!f) return undefined;
  return ca.map((r, i) => f(r, cb[i] as ValueRange));
}

/** The range of data made of these columns: any of them (a 0 in one column is a 0 in the data). */
function columnsRange(columns: ValueRange[]): ValueRange {
  const r = columns.reduce(R.join);
  return { ...r, provenZero: columns.some((c) => c.provenZero), provenNegative: columns.some((c) => c.provenNegative) };
}

function isAssignmentTarget(node: ts.Node): boolean {
  const parent = node.parent;
  return ts.isBinaryExpression(parent) && parent.left === node &&
    parent.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && parent.operatorToken.kind <= ts.SyntaxKind.LastAssignment;
}

function short(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > 40 ? `${oneLine.slice(0, 37)}...` : oneLine;
}

function sameValue(a: Value, b: Value): boolean {
  if (a.kind !== b.kind) return false;
  const sameRange = (x: ValueRange, y: ValueRange): boolean =>
    x.lo === y.lo && x.hi === y.hi && x.mayBeZero === y.mayBeZero && x.unknown === y.unknown && x.mayBeNaN === y.mayBeNaN;
  if (a.kind === 'number' && b.kind === 'number') return a.value === b.value && sameRange(a.range, b.range);
  if (a.kind === 'tensor' && b.kind === 'tensor') return sameRange(a.t.range, b.t.range);
  if (a.kind === 'list' && b.kind === 'list') return sameValue(a.element, b.element);
  if (a.kind === 'array' && b.kind === 'array') return a.elements.length === b.elements.length && a.elements.every((el, i) => sameValue(el, b.elements[i] as Value));
  return true;
}

/** Bounds that grew from `prev` to `next` go to infinity, so the fixpoint ends. */
function widen(prev: Value, next: Value): Value {
  const w = (p: ValueRange, n: ValueRange): ValueRange => {
    const lo = n.lo < p.lo ? -Infinity : n.lo;
    const hi = n.hi > p.hi ? Infinity : n.hi;
    return { ...n, lo, hi, mayBeZero: n.mayBeZero || (lo <= 0 && hi >= 0) };
  };
  if (prev.kind === 'number' && next.kind === 'number') return next.value !== undefined && next.value === prev.value ? next : { kind: 'number', range: w(prev.range, next.range) };
  if (prev.kind === 'tensor' && next.kind === 'tensor') return { kind: 'tensor', t: { ...next.t, range: w(prev.t.range, next.t.range) } };
  if (prev.kind === 'list' && next.kind === 'list') return { ...next, element: widen(prev.element, next.element) };
  return next;
}

/** A value the analysis knows little about (worth evaluating again once more is bound). */
/**
 * Whether a node lies in one of `functions`: per file, their spans (nested ones merged into the
 * ones around them), searched by position.
 */
function spansWithin(functions: readonly ts.Node[]): (node: ts.Node) => boolean {
  const byFile = new Map<ts.SourceFile, { pos: number; end: number }[]>();
  for (const f of [...functions].sort((a, b) => a.pos - b.pos || b.end - a.end)) {
    const file = f.getSourceFile();
    const spans = byFile.get(file) ?? [];
    byFile.set(file, spans);
    const last = spans[spans.length - 1];
    if (last && f.pos < last.end) last.end = Math.max(last.end, f.end);
    else spans.push({ pos: f.pos, end: f.end });
  }
  const [only] = byFile.keys();
  const single = byFile.size === 1 ? byFile.get(only as ts.SourceFile) : undefined;
  return (node) => {
    // One file (the usual case): by position first, the file only for a node found inside.
    const spans = single ?? byFile.get(node.getSourceFile());
    if (!spans) return false;
    let lo = 0;
    let hi = spans.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = spans[mid] as { pos: number; end: number };
      if (node.pos < s.pos) hi = mid - 1;
      else if (node.pos >= s.end) lo = mid + 1;
      else return node.end <= s.end && (!single || node.getSourceFile() === only);
    }
    return false;
  };
}

function isVague(v: Value): boolean {
  switch (v.kind) {
    case 'unknown': return true;
    case 'number': return v.range.unknown;
    case 'tensor': return v.t.range.unknown;
    case 'list': return isVague(v.element);
    case 'array': return v.elements.some(isVague);
    default: return false;
  }
}
