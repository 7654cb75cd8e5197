// Edits shared by the numeric-guard rules (unsafe-division, unsafe-sqrt, exp-overflow): writing an
// operand with an epsilon added, calling a TF.js op in the file's own style, and replacing a broken
// custom gradient by the one autodiff computes.

import ts = require('typescript');
import type { FileFacts, OpCall } from '../analysis/facts';
import type { TextEdit } from '../analysis/types';
import { span } from '../analysis/values';
import { epsilonExpression, tfNamespace, type Namespace } from './edits';
import { walk } from './walk';

export function textOf(node: ts.Node): string {
  return node.getText();
}

/** The expression as a method-call receiver: parenthesized unless it already binds tighter. */
export function receiverText(expr: ts.Expression): string {
  const text = textOf(expr);
  const simple = ts.isIdentifier(expr) || ts.isCallExpression(expr) || ts.isPropertyAccessExpression(expr) ||
    ts.isElementAccessExpression(expr) || ts.isParenthesizedExpression(expr) || ts.isNonNullExpression(expr);
  return simple ? text : `(${text})`;
}

/** `x.add(eps)` for method-style code, `tf.add(x, eps)` for function-style code. */
export function plusEpsilon(expr: ts.Expression, style: OpCall['style'], ns: Namespace): string {
  const eps = epsilonExpression(ns.name);
  return style === 'method' && !ts.isNumericLiteral(expr) ? `${receiverText(expr)}.add(${eps})` : `${ns.name}.add(${textOf(expr)}, ${eps})`;
}

/**
 * Replaces `expr` by `expr + epsilon` (with the import edit when the file has no namespace). A
 * plain number or array (`const scale = 0`) has no `.add` method: it gets the function form.
 */
export function addEpsilonEdits(expr: ts.Expression, style: OpCall['style'], facts: FileFacts): TextEdit[] {
  const ns = tfNamespace(facts);
  const kind = facts.evaluator.value(expr).kind;
  const plain = kind === 'number' || kind === 'array' || kind === 'list';
  return [...ns.edits, { span: span(expr), newText: plusEpsilon(expr, plain ? 'function' : style, ns) }];
}

/**
 * Renames the op of a call: `a.div(b)` to `a.divNoNan(b)`, `tf.div(a, b)` to `tf.divNoNan(a, b)`,
 * and a named import's `div(a, b)` to `tf.divNoNan(a, b)`.
 */
export function renameOpEdits(call: ts.CallExpression, newOp: string, facts: FileFacts): TextEdit[] {
  const callee = call.expression;
  if (ts.isPropertyAccessExpression(callee)) return [{ span: span(callee.name), newText: newOp }];
  const ns = tfNamespace(facts);
  return [...ns.edits, { span: span(callee), newText: `${ns.name}.${newOp}` }];
}

/**
 * A `tf.customGrad(f)` whose callback only saves its inputs and returns `{value, gradFunc}`, where
 * the value depends on nothing but the inputs: the call can become a plain function computing the
 * value, and TF.js autodiff then computes the true gradient. (`tf.grad` cannot be called inside a
 * `gradFunc` instead: in TF.js 4.x a nested gradient computation discards the outer tape.)
 */
export interface AutodiffReplacement {
  customGradCall: ts.CallExpression;
  valueText: string;
  edits: TextEdit[];
}

export function autodiffReplacement(node: ts.Node, facts: FileFacts): AutodiffReplacement | undefined {
  const gradFunc = enclosingGradFunc(node);
  if (!gradFunc) return undefined;
  const owner = ownerOfGradFunc(gradFunc);
  if (!owner) return undefined;
  const call = owner.parent;
  if (!ts.isCallExpression(call) || facts.evaluator.tfPath(call.expression) !== 'customGrad') return undefined;
  const params = owner.parameters.length > 1 ? owner.parameters.slice(0, -1) : owner.parameters;
  const save = owner.parameters.length > 1 ? owner.parameters[owner.parameters.length - 1] : undefined;
  if (params.length === 0 || params.some((p) => !ts.isIdentifier(p.name) || p.dotDotDotToken)) return undefined;
  const result = returnedObject(owner, save);
  if (!result) return undefined;
  const value = propertyValue(result, 'value');
  if (!value || !dependsOnlyOnOutside(value, owner, params, facts) || hasSingularGradient(value, facts)) return undefined;
  const ts_ = /\.[cm]?tsx?$/i.test(facts.sourceFile.fileName);
  const ns = tfNamespace(facts);
  const paramText = params
    .map((p) => (p.type || !ts_ ? textOf(p) : `${textOf(p.name)}: ${ns.name}.Tensor`))
    .join(', ');
  const valueText = textOf(value);
  // An arrow body that starts with `{` (an object literal, or a call on one) would be a block.
  const body = valueText.trimStart().startsWith('{') ? `(${valueText})` : valueText;
  const edits = [...(ts_ ? ns.edits : []), { span: span(call), newText: `(${paramText}) => ${body}` }];
  return { customGradCall: call, valueText, edits };
}

/** Ops whose own gradient is not finite where their input (the denominator, for div) is 0. */
const SINGULAR_AT_ZERO = new Set(['sqrt', 'rsqrt', 'log', 'reciprocal', 'div']);

/**
 * The value computes something autodiff cannot differentiate everywhere: `sqrt(x)` of an x that can
 * be 0 (d/dx sqrt(x) is Infinity there), a log or a division by such a value, `pow(x, p)` with p
 * below 1. A hand-written gradient is then what stands between the op and an Infinity gradient, so
 * it cannot simply be dropped.
 */
function hasSingularGradient(value: ts.Expression, facts: FileFacts): boolean {
  const start = value.getStart();
  const end = value.getEnd();
  return facts.ops.some((op) => {
    if (op.node.getStart() < start || op.node.getEnd() > end) return false;
    if (op.op === 'pow') {
      const p = op.rest[0] && !ts.isSpreadElement(op.rest[0]) ? facts.evaluator.value(op.rest[0]) : undefined;
      return !(p?.kind === 'number' && p.range.lo >= 1);
    }
    if (!SINGULAR_AT_ZERO.has(op.op)) return false;
    const input = op.op === 'div' ? op.rest[0] : op.operand;
    if (!input || ts.isSpreadElement(input)) return true;
    const r = facts.evaluator.tensor(input)?.range;
    return !r || r.unknown || r.mayBeZero || (r.lo < 0 && r.hi > 0);
  });
}

function enclosingGradFunc(node: ts.Node): ts.ArrowFunction | ts.FunctionExpression | undefined {
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
    if ((ts.isArrowFunction(n) || ts.isFunctionExpression(n)) && ts.isPropertyAssignment(n.parent) &&
      ts.isIdentifier(n.parent.name) && n.parent.name.text === 'gradFunc') return n;
  }
  return undefined;
}

function ownerOfGradFunc(gradFunc: ts.Node): ts.ArrowFunction | ts.FunctionExpression | undefined {
  for (let n: ts.Node | undefined = gradFunc.parent; n; n = n.parent) {
    if (ts.isArrowFunction(n) || ts.isFunctionExpression(n)) return n;
    if (ts.isFunctionLike(n)) return undefined;
  }
  return undefined;
}

/** The `{value, gradFunc}` object when the body is only save calls and that return. */
function returnedObject(fn: ts.ArrowFunction | ts.FunctionExpression, save: ts.ParameterDeclaration | undefined): ts.ObjectLiteralExpression | undefined {
  const strip = (e: ts.Expression): ts.Expression => {
    while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e) || ts.isTypeAssertionExpression(e)) e = e.expression;
    return e;
  };
  if (!ts.isBlock(fn.body)) {
    const e = strip(fn.body);
    return ts.isObjectLiteralExpression(e) ? e : undefined;
  }
  const statements = fn.body.statements;
  const last = statements[statements.length - 1];
  if (!last || !ts.isReturnStatement(last) || !last.expression) return undefined;
  const saveName = save && ts.isIdentifier(save.name) ? save.name.text : undefined;
  for (const s of statements.slice(0, -1)) {
    if (!ts.isExpressionStatement(s) || !ts.isCallExpression(s.expression)) return undefined;
    const callee = strip(s.expression.expression);
    if (!saveName || !ts.isIdentifier(callee) || callee.text !== saveName) return undefined;
  }
  const e = strip(last.expression);
  return ts.isObjectLiteralExpression(e) ? e : undefined;
}

function propertyValue(obj: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  for (const p of obj.properties) {
    if (ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === name) return p.initializer;
  }
  return undefined;
}

/** Every identifier in `expr` is one of `params` or declared outside `fn`. */
function dependsOnlyOnOutside(expr: ts.Expression, fn: ts.Node, params: readonly ts.ParameterDeclaration[], facts: FileFacts): boolean {
  let ok = true;
  walk(expr, (n) => {
    if (ts.isIdentifier(n) && !(ts.isPropertyAccessExpression(n.parent) && n.parent.name === n) && !ts.isTypeReferenceNode(n.parent) &&
      !ts.isQualifiedName(n.parent)) {
      const decl = facts.scopes.resolve(n);
      if (decl && decl.pos >= fn.pos && decl.end <= fn.end && !params.some((p) => p === decl)) ok = false;
    }
    if (!ok) return 'stop';
    return ts.isTypeNode(n) ? 'skip' : undefined;
  });
  return ok;
}
