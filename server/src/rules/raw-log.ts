import ts = require('typescript');
import type { FileFacts, OpCall } from '../analysis/facts';
import * as R from '../analysis/ranges';
import type { Fix, Severity, ValueRange } from '../analysis/types';
import { epsilonExpression, tfNamespace } from '../fixes/edits';
import { walk } from '../fixes/walk';
import { defineRule } from './rule';
import { span } from '../analysis/values';

type MessageId = 'provenZero' | 'provenNegative' | 'canBeNegative' | 'canBeZero' | 'unproven';

/** Consumers for which `log(0) = -Infinity` is harmless: sampling and arg-max. */
const SAMPLING_CONSUMERS = new Set(['multinomial', 'argMax', 'topk', 'argMin']);

export const rawLog = defineRule<MessageId>({
  meta: {
    id: 'raw-log',
    fixable: true,
    messages: {
      provenZero: '`log` of a value that is exactly 0 here ({evidence}): the result is -Infinity, and 0 · -Infinity in the loss is NaN.',
      provenNegative: '`log` of a value that is negative here ({evidence}): the result is NaN.',
      canBeNegative: '`log` of {what}, which can be negative or 0 ({evidence}): the loss becomes NaN as soon as one prediction is.',
      canBeZero: '`log` of {what}, which can be exactly 0 in float32 ({evidence}): -Infinity, then NaN gradients.',
      unproven: '`log` of a value the analysis cannot show is positive; guard it with an epsilon or use a built-in loss.',
    },
    docs: {
      summary: 'Flags `tf.log` of a value that can be 0 or negative, such as a sigmoid or softmax output or a raw prediction.',
      whatItDoes:
        'Checks every `tf.log(x)` and `x.log()` and bounds `x` with the value-range analysis. It reports when `x` is proven to hold a 0 or a negative value (error), when it can be 0 or negative, as sigmoid and softmax outputs can in float32 or a linear layer\'s predictions always can (warning), and, inside a loss or training step, when nothing shows it is positive (information). A log whose result only feeds sampling (`tf.multinomial`) is not reported.',
      whyIsThisBad:
        '`log(0)` is -Infinity and `log` of a negative number is NaN. In float32, `sigmoid(x)` is exactly 0 for x below about -88 and exactly 1 above about 17, and `softmax` underflows to 0 once the logits spread past about 104, so a hand-written cross-entropy goes NaN the first time the model is confident. The NaN then reaches every weight through the gradient.',
      example: [
        "const tf = require('@tensorflow/tfjs');",
        '',
        'function crossEntropy(yTrue, logits) {',
        '  return tf.neg(tf.mean(tf.sum(tf.mul(yTrue, tf.log(tf.softmax(logits))), -1)));',
        '}',
        '',
        'const model = tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [4] })] });',
        "model.compile({ optimizer: 'adam', loss: crossEntropy });",
      ].join('\n'),
      useInstead: [
        "const tf = require('@tensorflow/tfjs');",
        '',
        'function crossEntropy(yTrue, logits) {',
        '  return tf.neg(tf.mean(tf.sum(tf.mul(yTrue, tf.logSoftmax(logits)), -1)));',
        '}',
        '',
        'const model = tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [4] })] });',
        "model.compile({ optimizer: 'adam', loss: crossEntropy });",
      ].join('\n'),
      fixSafety:
        'Replacing `log(softmax(z))` by `logSoftmax(z)` (also for a hand-written `exp(z) / sum(exp(z))` and through consts such as `const probs = tf.softmax(z)`) and clipping a probability to `[epsilon, 1]` are safe: they change the value only where it was already -Infinity or NaN. The epsilon is `tf.backend().epsilon()`, 1e-7 on float32 backends and 1e-4 on float16 WebGL, where a literal 1e-7 rounds to 0 and guards nothing. Clamping a value that can be negative (`tf.maximum(x, epsilon)`) is unsafe: it hides the real problem, usually an output activation that does not match the loss.',
      probe:
        'The probe trains the model with this loss and stops at the first non-finite loss or weight; localization names the `Log` kernel and this line. It then re-runs with the fix applied and reports whether the loss stays finite.',
      references: ['https://js.tensorflow.org/api/latest/#log', 'https://js.tensorflow.org/api/latest/#logSoftmax'],
    },
  },
  check(context) {
    const { facts } = context;
    for (const op of facts.ops) {
      if (op.op !== 'log' || !op.operand) continue;
      if (isOnlySampled(op, facts)) continue;
      const x = facts.evaluator.tensor(op.operand);
      if (!x) continue;
      const verdict = classify(x.range, op.training);
      if (!verdict) continue;
      const what = describe(op.operand, facts);
      context.report({
        messageId: verdict.messageId,
        severity: verdict.severity,
        span: span(op.node),
        data: { what, evidence: evidence(x.range), range: `[${R.formatNumber(x.range.lo)}, ${R.formatNumber(x.range.hi)}]` },
        // Literal data an op already turned into NaN (0 · log 0, reported at that op): no guard at
        // this log changes a NaN, so none is offered here until that op is fixed.
        fixes: x.concrete && Array.from(x.concrete.values).some((v) => Number.isNaN(v)) ? [] : fixes(op, x.range, facts),
        ...(x.origin && verdict.severity !== 'info'
          ? { related: [{ span: x.origin.span, message: `the value comes from ${x.origin.description}` }] }
          : {}),
      });
    }
  },
});

function classify(r: ValueRange, training: boolean): { messageId: MessageId; severity: Severity } | undefined {
  if (r.provenNegative) return { messageId: 'provenNegative', severity: 'error' };
  if (r.provenZero) return { messageId: 'provenZero', severity: 'error' };
  if (r.unknown) return training ? { messageId: 'unproven', severity: 'info' } : undefined;
  if (r.lo < 0) return { messageId: 'canBeNegative', severity: 'warning' };
  if (r.mayBeZero) return { messageId: 'canBeZero', severity: 'warning' };
  return undefined;
}

function describe(operand: ts.Expression, facts: FileFacts): string {
  const softmax = softmaxOf(operand, facts);
  if (softmax) return 'a softmax output';
  const text = operand.getText();
  return text.length <= 40 ? `\`${text}\`` : 'this value';
}

function evidence(r: ValueRange): string {
  if (r.provenZero) return 'the data holds an exact 0';
  if (r.provenNegative) return `it reaches ${R.formatNumber(r.lo)}`;
  if (r.lo === -Infinity) return 'it is unbounded below, like a linear layer\'s predictions';
  return `its range is [${R.formatNumber(r.lo)}, ${R.formatNumber(r.hi)}]`;
}

interface Softmax {
  logits: ts.Expression;
  /** The axis, when it is not the last. */
  axis?: string;
}

/**
 * The softmax the log is taken of: `tf.softmax(z)` / `z.softmax()`, or a hand-written
 * `exp(z).div(exp(z).sum(axis, true))`, directly or through consts (`const probs = ...;
 * probs.log()`). The log of either is `tf.logSoftmax(z)`, without the -Infinity.
 */
function softmaxOf(expr: ts.Expression, facts: FileFacts, log?: ts.Node): Softmax | undefined {
  const e = constValue(expr, facts);
  if (!ts.isCallExpression(e)) return undefined;
  const path = facts.evaluator.tfPath(e.expression);
  const method = ts.isPropertyAccessExpression(e.expression) && path === undefined ? e.expression.name.text : undefined;
  let found: Softmax | undefined;
  if (path === 'softmax' && e.arguments[0]) found = withAxis(e.arguments[0], e.arguments[1]);
  else if (method === 'softmax' && ts.isPropertyAccessExpression(e.expression)) found = withAxis(e.expression.expression, e.arguments[0]);
  else if (path === 'div' || method === 'div') found = handSoftmax(e, path === 'div', facts);
  // Through a const, the logits are read again at the log: they must be the same value there.
  if (found && log && e !== stripParens(expr) && !sameValueAt(found.logits, log, facts)) return undefined;
  return found;
}

function withAxis(logits: ts.Expression, axis: ts.Expression | undefined): Softmax {
  const text = axis?.getText();
  return text === undefined || text === '-1' ? { logits } : { logits, axis: text };
}

/** `e.div(e.sum(axis, true))` / `tf.div(e, tf.sum(e, axis, true))` with `e` an `exp(z)`: the logits z. */
function handSoftmax(div: ts.CallExpression, functionStyle: boolean, facts: FileFacts): Softmax | undefined {
  const numerator = functionStyle ? div.arguments[0] : ts.isPropertyAccessExpression(div.expression) ? div.expression.expression : undefined;
  const denominator = constValue(functionStyle ? div.arguments[1] : div.arguments[0], facts);
  if (!numerator || !ts.isCallExpression(denominator)) return undefined;
  const sumPath = facts.evaluator.tfPath(denominator.expression);
  const sumMethod = ts.isPropertyAccessExpression(denominator.expression) && sumPath === undefined && denominator.expression.name.text === 'sum';
  const [summed, axis, keepDims] = sumPath === 'sum'
    ? denominator.arguments
    : sumMethod ? [(denominator.expression as ts.PropertyAccessExpression).expression, ...denominator.arguments] : [];
  // A sum over every axis (no axis, or no keepDims to broadcast back) is not a softmax per row.
  if (!summed || !axis || keepDims?.kind !== ts.SyntaxKind.TrueKeyword) return undefined;
  if (compact(summed.getText()) !== compact(numerator.getText())) return undefined;
  const exp = constValue(numerator, facts);
  if (!ts.isCallExpression(exp)) return undefined;
  const expPath = facts.evaluator.tfPath(exp.expression);
  const logits = expPath === 'exp'
    ? exp.arguments[0]
    : ts.isPropertyAccessExpression(exp.expression) && expPath === undefined && exp.expression.name.text === 'exp' && exp.arguments.length === 0
      ? exp.expression.expression
      : undefined;
  return logits ? withAxis(logits, axis) : undefined;
}

/** The expression, or the initializer of the const it names (up to two hops). */
function constValue(expr: ts.Expression | undefined, facts: FileFacts): ts.Expression {
  let e = stripParens(expr as ts.Expression);
  for (let hops = 0; e && ts.isIdentifier(e) && hops < 2; hops++) {
    const decl = facts.scopes.resolve(e);
    if (!decl || !ts.isVariableDeclaration(decl) || !decl.initializer || !isConst(decl)) break;
    e = stripParens(decl.initializer);
  }
  return e;
}

function isConst(decl: ts.VariableDeclaration): boolean {
  return ts.isVariableDeclarationList(decl.parent) && (decl.parent.flags & ts.NodeFlags.Const) !== 0;
}

/**
 * The logits, written at the log instead of where the softmax was computed, name the same value:
 * an identifier of a const or of a parameter nothing assigns, whose scope holds the log.
 */
function sameValueAt(logits: ts.Expression, log: ts.Node, facts: FileFacts): boolean {
  const e = stripParens(logits);
  if (!ts.isIdentifier(e)) return false;
  const decl = facts.scopes.resolve(e);
  if (!decl || (!ts.isParameter(decl) && !(ts.isVariableDeclaration(decl) && isConst(decl)))) return false;
  if (facts.scopes.assignmentsTo(decl).length > 0 || facts.scopes.updatesTo(decl).length > 0) return false;
  let scope: ts.Node | undefined = decl.parent;
  while (scope && !ts.isFunctionLike(scope) && !ts.isBlock(scope) && !ts.isSourceFile(scope)) scope = scope.parent;
  return !!scope && log.getStart() >= scope.getStart() && log.getEnd() <= scope.getEnd();
}

function stripParens(e: ts.Expression): ts.Expression {
  while (e && ts.isParenthesizedExpression(e)) e = e.expression;
  return e;
}

function compact(text: string): string {
  return text.replace(/\s+/g, '');
}

function isOnlySampled(op: OpCall, facts: FileFacts): boolean {
  return onlySampled(op.node, facts, 0);
}

/**
 * The value only reaches sampling (`tf.multinomial(logits)`), through scaling ops and through a
 * `const` whose every use is sampled too (`const logits = tf.log(p).div(t); multinomial(logits)`).
 */
function onlySampled(start: ts.Node, facts: FileFacts, hops: number): boolean {
  let node: ts.Node = start;
  for (let depth = 0; depth < 6 && node.parent; depth++) {
    const parent = node.parent;
    if (ts.isCallExpression(parent)) {
      const path = facts.evaluator.tfPath(parent.expression);
      const method = ts.isPropertyAccessExpression(parent.expression) ? parent.expression.name.text : undefined;
      const name = path ?? method ?? '';
      if (SAMPLING_CONSUMERS.has(name)) return true;
      if (!['div', 'divNoNan', 'mul', 'add', 'sub'].includes(name)) return false;
    } else if (ts.isVariableDeclaration(parent) && parent.initializer === node && ts.isIdentifier(parent.name) && hops < 2) {
      const uses = usesOf(parent, facts);
      return uses.length > 0 && uses.every((use) => onlySampled(use, facts, hops + 1));
    } else if (!ts.isPropertyAccessExpression(parent) && !ts.isParenthesizedExpression(parent)) {
      return false;
    }
    node = parent;
  }
  return false;
}

/** The identifiers that refer to a `const`'s declaration, within its scope. */
function usesOf(decl: ts.VariableDeclaration, facts: FileFacts): ts.Identifier[] {
  const list = decl.parent;
  if (!ts.isVariableDeclarationList(list) || (list.flags & ts.NodeFlags.Const) === 0) return [];
  const name = (decl.name as ts.Identifier).text;
  const scope = list.parent?.parent ?? decl.getSourceFile();
  const out: ts.Identifier[] = [];
  walk(scope, (n) => {
    if (ts.isIdentifier(n) && n.text === name && n !== decl.name && facts.scopes.resolve(n) === decl) out.push(n);
  });
  return out;
}

function fixes(op: OpCall, r: ValueRange, facts: FileFacts): Fix[] {
  const operand = op.operand;
  if (!operand) return [];
  const ns = tfNamespace(facts);
  const eps = epsilonExpression(ns.name);
  const text = (n: ts.Node) => n.getText();
  const whole = span(op.node);
  const out: Fix[] = [];

  const softmax = softmaxOf(operand, facts, op.node);
  if (softmax) {
    out.push({
      title: 'Use tf.logSoftmax (numerically stable)',
      safety: 'safe',
      remedy: 'epsilon',
      preferred: true,
      edits: [...ns.edits, { span: whole, newText: `${ns.name}.logSoftmax(${text(softmax.logits)}${softmax.axis !== undefined ? `, ${softmax.axis}` : ''})` }],
    });
  }
  const operandSpan = span(operand);
  const wrap = (fn: string, args: string): string =>
    op.style === 'function' ? `${ns.name}.${fn}(${text(operand)}, ${args})` : `${parenthesize(operand)}.${fn}(${args})`;
  // Adding an epsilon proves the log safe only for a value known to be >= 0; for a value the
  // analysis cannot bound, only a clamp does (and the finding would come back after `x + eps`, so
  // fix-all would add one more epsilon on every save).
  if (r.lo >= 0 && !r.unknown) {
    const probability = r.hi <= 1;
    out.push({
      title: probability
        ? 'Clip to [epsilon, 1] before the log (backend-aware epsilon)'
        : 'Add the backend epsilon before the log',
      safety: 'safe',
      remedy: 'epsilon',
      preferred: out.length === 0,
      edits: [...ns.edits, { span: operandSpan, newText: probability ? wrap('clipByValue', `${eps}, 1`) : wrap('add', eps) }],
    });
  } else {
    out.push({
      title: r.unknown
        ? 'Clamp to the backend epsilon before the log (would hide negative values, if any)'
        : 'Clamp to the backend epsilon before the log (hides negative values)',
      safety: 'unsafe',
      remedy: 'epsilon',
      preferred: out.length === 0,
      // Function style: `x.maximum(eps)` on a value not known to be a tensor stays unknown.
      edits: [...ns.edits, { span: operandSpan, newText: `${ns.name}.maximum(${text(operand)}, ${eps})` }],
    });
  }
  return out;
}

function parenthesize(expr: ts.Expression): string {
  const text = expr.getText();
  const simple = ts.isIdentifier(expr) || ts.isCallExpression(expr) || ts.isPropertyAccessExpression(expr) ||
    ts.isElementAccessExpression(expr) || ts.isParenthesizedExpression(expr);
  return simple ? text : `(${text})`;
}
