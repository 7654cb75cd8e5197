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
        'Replacing `log(softmax(z))` by `logSoftmax(z)` and clipping a probability to `[epsilon, 1]` are safe: they change the value only where it was already -Infinity or NaN. The epsilon is `tf.backend().epsilon()`, 1e-7 on float32 backends and 1e-4 on float16 WebGL, where a literal 1e-7 rounds to 0 and guards nothing. Clamping a value that can be negative (`tf.maximum(x, epsilon)`) is unsafe: it hides the real problem, usually an output activation that does not match the loss.',
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
        fixes: fixes(op, x.range, facts),
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
  const softmax = softmaxArgument(operand, facts);
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

/** `tf.softmax(z)` / `z.softmax()` → z. */
function softmaxArgument(expr: ts.Expression, facts: FileFacts): ts.Expression | undefined {
  const e = ts.isParenthesizedExpression(expr) ? expr.expression : expr;
  if (!ts.isCallExpression(e)) return undefined;
  if (ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === 'softmax') {
    const path = facts.evaluator.tfPath(e.expression);
    if (path === 'softmax') return e.arguments[0];
    if (path === undefined && e.arguments.length === 0) return e.expression.expression;
  }
  if (facts.evaluator.tfPath(e.expression) === 'softmax') return e.arguments[0];
  return undefined;
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
      if (!['div', 'mul', 'add', 'sub'].includes(name)) return false;
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

  const logits = softmaxArgument(operand, facts);
  if (logits) {
    out.push({
      title: 'Use tf.logSoftmax (numerically stable)',
      safety: 'safe',
      remedy: 'epsilon',
      preferred: true,
      edits: [...ns.edits, { span: whole, newText: `${ns.name}.logSoftmax(${text(logits)})` }],
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
