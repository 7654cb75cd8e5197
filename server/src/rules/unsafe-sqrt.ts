import ts = require('typescript');
import type { FileFacts, OpCall } from '../analysis/facts';
import * as R from '../analysis/ranges';
import { insideCustomGrad, mayCarryGradient } from '../analysis/training';
import type { Fix, Severity, ValueRange } from '../analysis/types';
import { span, type TensorValue, type Value } from '../analysis/values';
import { epsilonExpression, tfNamespace } from '../fixes/edits';
import {addEpsilonEdits, receiverText, textOf} from '../fixes/guards';
import { defineRule } from './rule';

type MessageId = 'provenZero' | 'canBeZero' | 'masked' | 'normCanBeZero' | 'unproven' | 'negativeBase' | 'unprovenBase';

const NORMS = new Set(['norm', 'euclideanNorm']);

export const unsafeSqrt = defineRule<MessageId>({
  meta: {
    id: 'unsafe-sqrt',
    fixable: true,
    messages: {
      provenZero: '`{op}` of {what}, which is exactly 0 here ({evidence}), where its gradient is taken: d/dx {fn} at 0 is Infinity, and the weights become NaN after one step.',
      canBeZero: '`{op}` of {what}, which can be exactly 0 ({evidence}), where its gradient is taken: d/dx {fn} at 0 is Infinity, and the weights become NaN after one step.',
      masked: '`{op}` of {what}, which is exactly 0 wherever the mask `{mask}` is 0 ({evidence}), where its gradient is taken: d/dx {fn} at 0 is Infinity, and Infinity times the 0 gradient of the masked entries is NaN in every weight after one step.',
      negativeBase: '`{op}` raises {what} to the fractional power {p}, and {evidence}: in TF.js a negative number to a non-integer power is NaN (pow(-8, 1/3) = NaN, not -2), and so is its gradient.',
      unprovenBase: '`{op}` raises {what} to the fractional power {p} inside the training step, and the analysis cannot show it is never negative: a negative base to a non-integer power is NaN in TF.js.',
      normCanBeZero: '`{op}` of {what}, which can be all zeros ({evidence}), where its gradient is taken: TF.js differentiates the Euclidean norm as x / norm, which is 0 / 0 = NaN at 0.',
      unproven: '`{op}` of {what} inside the training step, which the analysis cannot show is positive; its gradient at 0 is not finite. Add an epsilon inside.',
    },
    docs: {
      summary: 'Flags `tf.sqrt`, Euclidean `tf.norm` and fractional `tf.pow` of a value that can be 0 where the gradient is taken (RMSE losses, norms, stds, masked distances), and fractional powers of values that can be negative.',
      whatItDoes:
        'Checks every `tf.sqrt` / `.sqrt()` and every Euclidean `tf.norm` / `tf.euclideanNorm` inside a loss, a training closure or a function they call, whose argument depends on the weights or the predictions. It reports a warning when the argument can be exactly 0 (a squared error, a variance, a difference of predictions), an error when it is proven 0, and information when nothing shows it is positive. A Euclidean norm is 0 only when every element is 0 at once: a warning for a norm of a difference (a pair of identical embeddings, a prediction equal to its target), information for a norm of the output of a layer, which is all zeros only by accident. Masking makes the zeros certain even when the values are not known: a difference whose two sides are multiplied by the same mask, a product with a 0/1 mask from a comparison or with data holding zeros, or `tf.where` with a zero branch, seen through squares and per-row sums, is a warning. `tf.pow(x, p)` / `x.pow(p)` with a constant non-integer exponent is checked too: for 0 < p < 1 like a square root (its gradient p·x^(p-1) is Infinity at 0), and for any non-integer p, wherever it is computed, whether the base can be negative: TF.js computes pow like `Math.pow`, so pow(-8, 1/3) is NaN, not -2, and so is the gradient. That is an error when the base holds negative values, a warning when it is a difference (a signed error) or its range reaches below 0, and also a warning for an odd root (1/3, 3/5) of a base nothing shows is non-negative, since odd roots are what one takes of signed values. A square root outside training (data preparation) is not reported: sqrt(0) = 0 is a fine value, and only its gradient is infinite; if its result is divided by, `unsafe-division` looks at that.',
      whyIsThisBad:
        'The derivative of sqrt(x) is 1 / (2 sqrt(x)), which is Infinity at 0. A root-mean-squared-error loss is exactly 0 as soon as the predictions match the targets (a zero-initialized model on zero targets, or a perfect fit), and the chain rule then multiplies Infinity by the 0 gradient of the squared error: NaN. TF.js computes the gradient of `tf.norm` as x / norm(x), which is 0 / 0 = NaN for a zero vector. One NaN gradient turns every weight into NaN on the next update.',
      example: [
        "import * as tf from '@tensorflow/tfjs';",
        '',
        'function rootMeanSquaredError(yTrue, yPred) {',
        '  return yPred.sub(yTrue).square().mean().sqrt();',
        '}',
        '',
        "const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [3], kernelInitializer: 'zeros' })] });",
        "model.compile({ optimizer: 'sgd', loss: rootMeanSquaredError });",
        'model.fit(tf.tensor2d([[1, 2, 3], [4, 5, 6]]), tf.zeros([2, 1]), { epochs: 10 });',
      ].join('\n'),
      useInstead: [
        "import * as tf from '@tensorflow/tfjs';",
        '',
        'function rootMeanSquaredError(yTrue, yPred) {',
        '  return yPred.sub(yTrue).square().mean().add(tf.backend().epsilon()).sqrt();',
        '}',
        '',
        "const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [3], kernelInitializer: 'zeros' })] });",
        "model.compile({ optimizer: 'sgd', loss: rootMeanSquaredError });",
        'model.fit(tf.tensor2d([[1, 2, 3], [4, 5, 6]]), tf.zeros([2, 1]), { epochs: 10 });',
      ].join('\n'),
      fixSafety:
        'Adding the backend epsilon inside the square root (`sqrt(x + tf.backend().epsilon())`) is safe: the value changes by at most sqrt(epsilon), about 3e-4 on float32, and the gradient at 0 becomes finite. A Euclidean norm is rewritten as `sqrt(sum(square(x)) + epsilon)` with the same axis and keepDims. For a fractional power of a base that can be negative there are two fixes, both unsafe because they choose what the negative values should mean: `pow(abs(x), p)` (preferred inside a loss, where mean(|error|^1.5) is meant) and `sign(x) * pow(abs(x), p)`, the real odd root (preferred for odd roots and for data transforms); where the gradient is taken and p < 1, the backend epsilon is added to `abs(x)` so the gradient at 0 stays finite.',
      probe:
        'The probe trains with this loss; the first step with a zero argument produces Infinity in the `Sqrt` gradient and NaN in the weights, which localization attributes to this line. The fix is verified by re-training with the epsilon in place.',
      references: ['https://js.tensorflow.org/api/latest/#sqrt', 'https://js.tensorflow.org/api/latest/#norm'],
    },
  },
  check(context) {
    const { facts } = context;
    const byNode = new Map<ts.Node, OpCall>(facts.ops.map((o) => [o.node, o]));
    for (const op of facts.ops) {
      if (op.op === 'pow') {
        checkPow(context, op, byNode);
        continue;
      }
      const isNorm = NORMS.has(op.op);
      if ((op.op !== 'sqrt' && !isNorm) || !op.operand || !op.training) continue;
      if (isNorm && !isEuclidean(op, facts)) continue;
      if (insideCustomGrad(op.node, facts) || !mayCarryGradient(op.operand, facts)) continue;
      const x = facts.evaluator.tensor(op.operand);
      if (!x) continue;
      const mask = x.range.unknown && !isNorm ? maskOf(op.operand, facts, byNode) : undefined;
      const verdict = mask ? { messageId: 'masked' as const, severity: 'warning' as const } : classify(x, isNorm, isDifference(op.operand));
      if (!verdict) continue;
      context.report({
        messageId: verdict.messageId,
        severity: verdict.severity,
        span: span(op.node),
        data: {
          op: isNorm ? opName(op) : 'sqrt',
          fn: 'sqrt(x)',
          what: describe(op.operand),
          evidence: mask ? mask.evidence : evidence(op.operand, x.range),
          mask: mask ? textOf(mask.mask).replace(/\s+/g, ' ') : '',
        },
        ...(mask ? { related: [{ span: span(mask.where), message: `masked here: entries where \`${textOf(mask.mask)}\` is 0 become exactly 0` }] } : {}),
        fixes: fixes(op, facts, x.range.unknown),
      });
    }
  },
});

type Context = Parameters<typeof unsafeSqrt.check>[0];

/**
 * `tf.pow(x, p)` / `x.pow(p)` with a constant non-integer exponent. A negative base gives NaN for
 * any non-integer p (TF.js computes pow like Math.pow: pow(-8, 1/3) is NaN, and the gradient
 * p * x^(p - 1) is NaN there too), wherever the value is computed. For 0 < p < 1 the gradient
 * p * x^(p - 1) is Infinity at 0, like sqrt's, which matters where the gradient is taken.
 */
function checkPow(context: Context, op: OpCall, byNode: ReadonlyMap<ts.Node, OpCall>): void {
  const { facts } = context;
  const base = op.operand;
  const expNode = op.rest[0];
  if (!base || !expNode) return;
  const p = constantExponent(expNode, facts);
  if (p === undefined || !Number.isFinite(p) || Number.isInteger(p)) return;
  const x = facts.evaluator.tensor(base);
  const pText = formatExponent(p, expNode);
  const name = op.style === 'method' ? '.pow()' : 'tf.pow';
  const gradient = op.training && !insideCustomGrad(op.node, facts) && mayCarryGradient(base, facts);
  const negative = negativeEvidence(base, x, p, facts);
  if (negative) {
    context.report({
      messageId: 'negativeBase',
      severity: negative.severity,
      span: span(op.node),
      data: { op: name, what: describe(base), p: pText, evidence: negative.evidence },
      fixes: powSignFixes(op, base, expNode, p, gradient, facts),
    });
    return;
  }
  const nonNegative = x !== undefined && x.range.lo >= 0;
  if (!nonNegative) {
    if (gradient && x) {
      context.report({
        messageId: 'unprovenBase',
        severity: 'info',
        span: span(op.node),
        data: { op: name, what: describe(base), p: pText },
        fixes: powSignFixes(op, base, expNode, p, gradient, facts),
      });
    }
    return;
  }
  // A base that is never negative: only the infinite gradient at 0 of 0 < p < 1 remains.
  if (!(p > 0 && p < 1) || !gradient || !x) return;
  const mask = x.range.unknown ? maskOf(base, facts, byNode) : undefined;
  const verdict = mask ? { messageId: 'masked' as const, severity: 'warning' as const } : classify(x, false, false);
  if (!verdict) return;
  context.report({
    messageId: verdict.messageId,
    severity: verdict.severity,
    span: span(op.node),
    data: {
      op: `pow(·, ${pText})`,
      fn: `x^${pText}`,
      what: describe(base),
      evidence: mask ? mask.evidence : evidence(base, x.range),
      mask: mask ? textOf(mask.mask).replace(/\s+/g, ' ') : '',
    },
    ...(mask ? { related: [{ span: span(mask.where), message: `masked here: entries where \`${textOf(mask.mask)}\` is 0 become exactly 0` }] } : {}),
    fixes: [{ title: 'Add the backend epsilon to the base', safety: 'safe', remedy: 'epsilon', preferred: true, edits: addEpsilonEdits(base, op.style, facts) }],
  });
}

/** The exponent when it is one known number: a literal, a const, `1 / 3`, `tf.scalar(0.5)`. */
function constantExponent(node: ts.Expression, facts: FileFacts): number | undefined {
  const v = facts.evaluator.value(node);
  if (v.kind === 'number') return v.value ?? (v.range.lo === v.range.hi ? v.range.lo : undefined);
  const t = facts.evaluator.tensor(node);
  if (t && !t.range.unknown && t.range.lo === t.range.hi) return t.range.lo;
  return undefined;
}

/** The smallest denominator q ≤ 12 with p·q an integer (3 for 1/3 and 2/3, 2 for 1.5), if any. */
function denominator(p: number): number | undefined {
  for (let q = 2; q <= 12; q++) if (Math.abs(p * q - Math.round(p * q)) < 1e-6) return q;
  return undefined;
}

function formatExponent(p: number, node: ts.Expression): string {
  const q = denominator(p);
  if (q !== undefined && q > 2) return `(${Math.round(p * q)}/${q})`;
  const text = textOf(node).replace(/\s+/g, ' ');
  return /^[\d.]+$/.test(text) ? text : R.formatNumber(p);
}

interface NegativeEvidence {
  severity: Severity;
  evidence: string;
}

/** Why the base of a fractional power can be negative, or undefined when nothing says so. */
function negativeEvidence(base: ts.Expression, x: TensorValue | undefined, p: number, facts: FileFacts): NegativeEvidence | undefined {
  const r = x?.range;
  if (r && r.lo >= 0) return undefined;
  if (r && !r.unknown && (r.provenNegative || (r.hi < 0 && r.lo < 0))) {
    return { severity: 'error', evidence: `it holds negative values (its range is [${R.formatNumber(r.lo)}, ${R.formatNumber(r.hi)}])` };
  }
  const difference = differenceOf(base, facts);
  if (difference) return { severity: 'warning', evidence: `it is a difference (\`${difference}\`), negative wherever the second side is larger` };
  if (r && !r.unknown) {
    if (x?.continuous) return { severity: 'warning', evidence: `it is drawn from a distribution over [${R.formatNumber(r.lo)}, ${R.formatNumber(r.hi)}], negative part of the time` };
    return { severity: 'warning', evidence: `its range is [${R.formatNumber(r.lo)}, ${R.formatNumber(r.hi)}]` };
  }
  // An odd root (1/3, 3/5) is what one takes of signed values: for values known to be
  // non-negative people write sqrt or log. TF.js does not compute the real odd root of a negative.
  const q = denominator(p);
  if (q !== undefined && q % 2 === 1) return { severity: 'warning', evidence: `nothing shows it is never negative, while an odd root (1/${q}) is what one takes of signed values` };
  return undefined;
}

/** `a.sub(b)`, `tf.sub(a, b)` or `a - b` behind consts: the text of the difference. */
function differenceOf(expr: ts.Expression, facts: FileFacts, depth = 0): string | undefined {
  const e = stripExpr(expr);
  if (ts.isIdentifier(e) && depth < 6) {
    const init = constInitializer(e, facts);
    return init ? differenceOf(init, facts, depth + 1) : undefined;
  }
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.MinusToken) return textOf(e).replace(/\s+/g, ' ');
  if (!ts.isCallExpression(e)) return undefined;
  const parts = callParts(e, facts);
  if (parts?.op === 'sub') return textOf(e).replace(/\s+/g, ' ');
  // Shape-only ops keep the sign.
  if (parts && SHAPE_OPS.has(parts.op) && parts.operand) return differenceOf(parts.operand, facts, depth + 1);
  return undefined;
}

const SHAPE_OPS = new Set(['reshape', 'expandDims', 'squeeze', 'transpose', 'flatten', 'clone', 'identity', 'slice', 'gather', 'tile']);
/** Ops after which an exact 0 in an element stays an exact 0 there. */
const ZERO_KEEPING = new Set([...SHAPE_OPS, 'square', 'abs', 'neg', 'relu']);
/** Partial reductions keep a 0 when the whole reduced group is masked (a per-item mask). */
const REDUCTIONS = new Set(['sum', 'mean', 'max']);
const COMPARISONS = new Set(['greater', 'greaterEqual', 'less', 'lessEqual', 'equal', 'notEqual', 'logicalAnd', 'logicalOr', 'logicalNot', 'isNaN', 'isFinite', 'oneHot']);

interface Mask {
  /** The masking factor (`mask`). */
  mask: ts.Expression;
  /** The expression that applies it. */
  where: ts.Expression;
  evidence: string;
}

/**
 * Masking that makes exact zeros certain inside `expr`: `a.mul(m).sub(b.mul(m))` (both sides
 * multiplied by the same factor), `x.mul(m)` with a 0/1 mask (a comparison, or data holding 0s),
 * `tf.where(c, x, zeros)`; seen through consts, shape ops, squares and partial reductions.
 */
function maskOf(expr: ts.Expression, facts: FileFacts, byNode: ReadonlyMap<ts.Node, OpCall>, depth = 0): Mask | undefined {
  if (depth > 12) return undefined;
  const e = stripExpr(expr);
  if (ts.isIdentifier(e)) {
    const init = constInitializer(e, facts);
    return init ? maskOf(init, facts, byNode, depth + 1) : undefined;
  }
  if (!ts.isCallExpression(e)) return undefined;
  const op = byNode.get(e);
  if (!op || !op.operand) return undefined;
  const line = `line ${facts.positions.lineLabel(span(e))}`;
  if (ZERO_KEEPING.has(op.op)) return maskOf(op.operand, facts, byNode, depth + 1);
  if (REDUCTIONS.has(op.op)) {
    // A full reduction (no axis) is 0 only if everything is masked: not certain.
    return op.rest.length > 0 ? maskOf(op.operand, facts, byNode, depth + 1) : undefined;
  }
  if ((op.op === 'sub' || op.op === 'squaredDifference') && op.rest[0]) {
    const a = factors(op.operand, facts, byNode);
    const b = factors(op.rest[0], facts, byNode);
    for (const fa of a) {
      const shared = b.find((fb) => sameText(fa, fb));
      if (shared) return { mask: fa, where: e, evidence: `both sides of the difference are multiplied by \`${textOf(fa)}\`, ${line}, so masked entries are 0 - 0` };
    }
    return undefined;
  }
  if (op.op === 'mul' && op.rest[0]) {
    for (const m of [op.rest[0], op.operand]) {
      const why = zeroOneMask(m, facts, byNode);
      if (why) return { mask: m, where: e, evidence: `${why}, ${line}` };
    }
    const inner = maskOf(op.operand, facts, byNode, depth + 1) ?? maskOf(op.rest[0], facts, byNode, depth + 1);
    return inner;
  }
  if (op.op === 'where' && op.rest.length >= 2) {
    const [whenTrue, whenFalse] = op.rest;
    for (const branch of [whenTrue, whenFalse]) {
      const t = branch ? facts.evaluator.tensor(branch) : undefined;
      if (branch && t && !t.range.unknown && t.range.lo === 0 && t.range.hi === 0) {
        return { mask: op.operand, where: e, evidence: `\`tf.where\` puts exact zeros where the condition selects \`${textOf(branch)}\`, ${line}` };
      }
    }
  }
  return undefined;
}

/** The factors of a product behind consts: `x.mul(m)` → [x, m]; anything else → [itself]. */
function factors(expr: ts.Expression, facts: FileFacts, byNode: ReadonlyMap<ts.Node, OpCall>, depth = 0): ts.Expression[] {
  const e = stripExpr(expr);
  if (ts.isIdentifier(e) && depth < 6) {
    const init = constInitializer(e, facts);
    if (init) return [e, ...factors(init, facts, byNode, depth + 1)];
  }
  if (ts.isCallExpression(e)) {
    const op = byNode.get(e);
    if (op?.op === 'mul' && op.operand && op.rest[0]) return [...factors(op.operand, facts, byNode, depth + 1), ...factors(op.rest[0], facts, byNode, depth + 1)];
  }
  return [e];
}

/** Why `m` is a 0/1 mask holding zeros: a comparison (cast to float), or data with a 0 in it. */
function zeroOneMask(m: ts.Expression, facts: FileFacts, byNode: ReadonlyMap<ts.Node, OpCall>, depth = 0): string | undefined {
  const e = stripExpr(m);
  if (ts.isIdentifier(e) && depth < 6) {
    const init = constInitializer(e, facts);
    if (init) {
      const why = zeroOneMask(init, facts, byNode, depth + 1);
      if (why) return why.startsWith('`') ? why : `\`${e.text}\` ${why}`;
    }
  }
  if (ts.isCallExpression(e)) {
    const op = byNode.get(e) ?? callParts(e, facts);
    if (op && (op.op === 'cast' || op.op === 'toFloat') && op.operand) return zeroOneMask(op.operand, facts, byNode, depth + 1);
    if (op && COMPARISONS.has(op.op)) return `is a 0/1 mask from \`${op.op}\``;
  }
  const t = facts.evaluator.tensor(e);
  if (t && !t.range.unknown && t.range.provenZero && t.range.hi > 0 && t.range.lo >= 0) return `holds exact zeros (its values lie in [${R.formatNumber(t.range.lo)}, ${R.formatNumber(t.range.hi)}])`;
  return undefined;
}

function sameText(a: ts.Expression, b: ts.Expression): boolean {
  return textOf(a).replace(/\s+/g, '') === textOf(b).replace(/\s+/g, '');
}

function stripExpr(e: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e)) e = e.expression;
  return e;
}

/** The initializer of a const (or never reassigned let) an identifier names, in this file. */
function constInitializer(id: ts.Identifier, facts: FileFacts): ts.Expression | undefined {
  const decl = facts.scopes.resolve(id);
  if (!decl || !ts.isVariableDeclaration(decl) || !decl.initializer || !ts.isIdentifier(decl.name)) return undefined;
  if (decl.getSourceFile() !== facts.sourceFile) return undefined;
  if (facts.scopes.assignmentsTo(decl).length > 0) return undefined;
  return decl.initializer;
}

/** The op of a call: `tf.sub(a, b)` → sub with operand a; `a.sub(b)` → sub with operand a. */
function callParts(call: ts.CallExpression, facts: FileFacts): { op: string; operand?: ts.Expression } | undefined {
  const path = facts.evaluator.tfPath(call.expression);
  if (path !== undefined) return { op: path, ...(call.arguments[0] ? { operand: call.arguments[0] } : {}) };
  if (ts.isPropertyAccessExpression(call.expression)) return { op: call.expression.name.text, operand: call.expression.expression };
  return undefined;
}

/**
 * Rewrites of `pow(x, p)` for a base that can be negative: on |x| (what a loss like
 * mean(|error|^1.5) means), or sign(x)·|x|^p (the real odd root of signed data). Where the
 * gradient is taken and 0 < p < 1, the backend epsilon keeps the gradient at 0 finite.
 */
function powSignFixes(op: OpCall, base: ts.Expression, expNode: ts.Expression, p: number, gradient: boolean, facts: FileFacts): Fix[] {
  const ns = tfNamespace(facts);
  const eps = epsilonExpression(ns.name);
  const needsEps = gradient && p < 1;
  const x = textOf(base);
  const e = textOf(expNode);
  const method = op.style === 'method';
  const abs = method ? `${receiverText(base)}.abs()${needsEps ? `.add(${eps})` : ''}` : needsEps ? `${ns.name}.add(${ns.name}.abs(${x}), ${eps})` : `${ns.name}.abs(${x})`;
  const absPow = method ? `${abs}.pow(${e})` : `${ns.name}.pow(${abs}, ${e})`;
  const signed = method ? `${receiverText(base)}.sign().mul(${absPow})` : `${ns.name}.mul(${ns.name}.sign(${x}), ${absPow})`;
  const q = denominator(p);
  const oddRoot = q !== undefined && q % 2 === 1;
  const preferSign = oddRoot || !op.training;
  return [
    {
      title: `Raise the absolute value: |x|^${formatExponent(p, expNode)}${needsEps ? ' (plus the backend epsilon)' : ''}`,
      safety: 'unsafe',
      remedy: 'other',
      preferred: !preferSign,
      edits: [...ns.edits, { span: span(op.node), newText: absPow }],
    },
    {
      title: `Keep the sign: sign(x)·|x|^${formatExponent(p, expNode)}${needsEps ? ' (plus the backend epsilon)' : ''}`,
      safety: 'unsafe',
      remedy: 'other',
      preferred: preferSign,
      edits: [...ns.edits, { span: span(op.node), newText: signed }],
    },
  ];
}

function classify(x: TensorValue, isNorm: boolean, difference: boolean): { messageId: MessageId; severity: Severity } | undefined {
  const r = x.range;
  if (x.continuous) return undefined;
  if (isNorm) {
    // The norm is 0 only when every element is 0 at once: likely for a difference (a pair of equal
    // embeddings, a prediction equal to its target), merely possible for a layer's output.
    if (r.lo > 0 || r.hi < 0) return undefined;
    if (r.unknown) return { messageId: 'unproven', severity: 'info' };
    if (!r.mayBeZero) return undefined;
    if (r.provenZero && r.lo === 0 && r.hi === 0) return { messageId: 'normCanBeZero', severity: 'error' };
    // Values clamped at 0 (a relu output) are all 0 together for real: a sample whose units all died.
    const signed = r.lo < 0 && r.hi > 0;
    return { messageId: 'normCanBeZero', severity: difference || r.provenZero || !signed ? 'warning' : 'info' };
  }
  if (r.lo > 0) return undefined;
  if (!r.unknown && r.lo === 0 && r.hi === 0) return { messageId: 'provenZero', severity: 'error' };
  if (r.unknown) return { messageId: 'unproven', severity: 'info' };
  return { messageId: 'canBeZero', severity: 'warning' };
}

/** `a.sub(b)`, `tf.sub(a, b)`, `tf.squaredDifference(a, b)`, as written or through a const. */
function isDifference(expr: ts.Expression): boolean {
  return /\b(sub|squaredDifference)\(/.test(textOf(expr).replace(/\s+/g, ''));
}

function opName(op: OpCall): string {
  return op.style === 'method' ? `.${op.op}()` : `tf.${op.op}`;
}

/** `tf.norm(x)`, `tf.norm(x, 'euclidean' | 'fro' | 2, ...)`, `tf.euclideanNorm(x, ...)`. */
function isEuclidean(op: OpCall, facts: FileFacts): boolean {
  if (op.op === 'euclideanNorm') return true;
  const ordNode = op.style === 'method' ? op.rest[0] : op.rest[0];
  if (!ordNode) return true;
  const ord: Value = facts.evaluator.value(ordNode);
  if (ord.kind === 'string') return ord.value === 'euclidean' || ord.value === 'fro';
  if (ord.kind === 'number') return ord.value === 2;
  return false;
}

function describe(operand: ts.Expression): string {
  const text = textOf(operand).replace(/\s+/g, ' ');
  return text.length <= 50 ? `\`${text}\`` : 'this value';
}

/** `mean(square(a - b))`-like: a squared error, 0 whenever predictions match targets. */
function isSquaredError(expr: ts.Expression): boolean {
  const text = textOf(expr).replace(/\s+/g, '');
  return /(square|squaredDifference)\(/.test(text) && /(sub|squaredDifference)\(/.test(text);
}

function evidence(operand: ts.Expression, r: ValueRange): string {
  if (isSquaredError(operand)) return 'a squared difference, 0 whenever its two sides are equal: a prediction that matches its target, a pair of identical inputs';
  if (!r.unknown && r.lo === 0 && r.hi === 0) return 'it is exactly 0 everywhere';
  if (/(sub|squaredDifference)\(/.test(textOf(operand).replace(/\s+/g, ''))) return 'a difference, 0 wherever its two sides match';
  if (r.unknown) return 'nothing bounds it away from 0';
  return `its range is [${R.formatNumber(r.lo)}, ${R.formatNumber(r.hi)}]`;
}

function fixes(op: OpCall, facts: FileFacts, unbounded: boolean): Fix[] {
  const x = op.operand;
  if (!x) return [];
  if (op.op === 'sqrt' && unbounded) {
    // `x + eps` of a value nothing bounds is still unbounded: only a clamp proves the root safe
    // (else fix-all would add one more epsilon on every save). It changes negative values: unsafe.
    const ns = tfNamespace(facts);
    const eps = epsilonExpression(ns.name);
    // Function style even in method-style code: `x.maximum(...)` on a value nothing knows is a tensor
    // would stay unknown to the analysis.
    const clamped = `${ns.name}.maximum(${textOf(x)}, ${eps})`;
    return [{
      title: 'Clamp to the backend epsilon inside the square root (would hide negative values, if any)',
      safety: 'unsafe',
      remedy: 'epsilon',
      preferred: true,
      edits: [...ns.edits, { span: span(x), newText: clamped }],
    }];
  }
  if (op.op === 'sqrt') {
    return [{ title: 'Add the backend epsilon inside the square root', safety: 'safe', remedy: 'epsilon', preferred: true, edits: addEpsilonEdits(x, op.style, facts) }];
  }
  // A Euclidean norm as sqrt(sum(x²) + epsilon), keeping axis and keepDims.
  const ns = tfNamespace(facts);
  const eps = epsilonExpression(ns.name);
  const reduceArgs = (op.op === 'norm' ? op.rest.slice(1) : op.rest).map((a) => textOf(a));
  const newText = op.style === 'method'
    ? `${receiverText(x)}.square().sum(${reduceArgs.join(', ')}).add(${eps}).sqrt()`
    : `${ns.name}.sqrt(${ns.name}.add(${ns.name}.sum(${[`${ns.name}.square(${textOf(x)})`, ...reduceArgs].join(', ')}), ${eps}))`;
  return [{
    title: 'Compute the norm as sqrt(sum of squares + backend epsilon)',
    safety: 'safe',
    remedy: 'epsilon',
    preferred: true,
    edits: [...ns.edits, { span: span(op.node), newText }],
  }];
}
