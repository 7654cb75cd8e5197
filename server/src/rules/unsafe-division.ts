import ts = require('typescript');
import type { FileFacts, OpCall } from '../analysis/facts';
import * as R from '../analysis/ranges';
import type { Fix, Severity, Span } from '../analysis/types';
import { insideGradFunc } from '../analysis/training';
import { span, type TensorValue } from '../analysis/values';
import {addEpsilonEdits, autodiffReplacement, renameOpEdits, textOf} from '../fixes/guards';
import { tfNamespace } from '../fixes/edits';
import { defineRule } from './rule';

type MessageId = 'provenZero' | 'constantFeature' | 'canBeZero' | 'unproven' | 'whereGradient';

/** Ops that divide, and which operand is the denominator. */
const DIVISIONS: Record<string, 'second' | 'first'> = {
  div: 'second',
  reciprocal: 'first',
  rsqrt: 'first',
};

const SPREAD_STATS = new Set(['std', 'variance', 'range']);
/**
 * Statistics that are 0 only where the data they summarize is constant or all 0, so that the
 * numerator of the usual normalization (`x - mean`, `x` over its own sum or norm) is 0 there too.
 */
const ZERO_WITH_NUMERATOR = new Set(['std', 'variance', 'range', 'sum', 'norm', 'max', 'mean']);

export const unsafeDivision = defineRule<MessageId>({
  meta: {
    id: 'unsafe-division',
    fixable: true,
    messages: {
      provenZero: 'Division by {what}, which is exactly 0 ({evidence}): {consequence}.',
      constantFeature: 'Division by {what}, which is 0 for any feature that is constant ({evidence}): that feature becomes 0 / 0 = NaN.',
      canBeZero: 'Division by {what}, which can be exactly 0 ({evidence}): {consequence}.',
      unproven: 'Division by {what}, which the analysis cannot show is never 0 ({evidence}); guard it with an epsilon.',
      whereGradient: 'Division by {what} inside `tf.where`: the where keeps the value finite, but the gradient of the unused branch is still x / 0, and 0 · Infinity = NaN reaches the weights.',
    },
    docs: {
      summary: 'Flags `tf.div` / `.div()` / `tf.reciprocal` / `tf.rsqrt` by a value that can be 0: the std or range of a feature that can be constant, a sum, a norm, a literal 0.',
      whatItDoes:
        'Checks every `tf.div`, `.div()`, `tf.reciprocal` and `tf.rsqrt`, follows the denominator through variables and helper functions, and bounds it with the value-range analysis. It reports an error when the denominator is proven to hold a 0 (a literal `tf.scalar(0)`, or the std of a column of inline data that is constant, computed exactly in float32), a warning when it is the std, variance or max - min range of a feature that can be constant, or a sum or norm of data that can be all zero, and information when, inside a loss or training step, nothing shows it is not 0. A denominator guarded by an epsilon (`.add(eps)`, `tf.maximum(d, eps)`), by `tf.where(tf.equal(d, 0), 1, d)`, or proven positive (a literal 255, a count, the maximum of positive data) is not reported, nor is `tf.divNoNan`. The norm of a signed layer output (normalizing an embedding) is only information: its components are all 0 together only by accident; the norm of a relu output, of a difference or of data stays a warning.',
      whyIsThisBad:
        'x / 0 is Infinity and 0 / 0 is NaN. Data preparation is where most NaNs in TF.js training come from: z-scoring a feature that is constant in the data (every house has one floor) divides 0 by a std of exactly 0, so that column of the inputs is NaN and the first batch already has a NaN loss. Min-max scaling, ratio features, L2-normalizing a zero vector and dividing by a sum of zeros fail the same way. Inside a loss or a custom gradient, a 0 denominator sends Infinity into the weights in one step.',
      example: [
        "import * as tf from '@tensorflow/tfjs';",
        '',
        '// [bedrooms, floors]: every house has one floor.',
        'const raw = tf.tensor2d([[3, 1], [2, 1], [4, 1], [5, 1]]);',
        'const { mean, variance } = tf.moments(raw, 0);',
        'const features = raw.sub(mean).div(variance.sqrt());',
        '',
        'const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });',
        "model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });",
        'model.fit(features, tf.tensor2d([[3], [2], [4], [5]]), { epochs: 10 });',
      ].join('\n'),
      useInstead: [
        "import * as tf from '@tensorflow/tfjs';",
        '',
        '// [bedrooms, floors]: every house has one floor.',
        'const raw = tf.tensor2d([[3, 1], [2, 1], [4, 1], [5, 1]]);',
        'const { mean, variance } = tf.moments(raw, 0);',
        'const features = raw.sub(mean).div(variance.sqrt().add(tf.backend().epsilon()));',
        '',
        'const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });',
        "model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });",
        'model.fit(features, tf.tensor2d([[3], [2], [4], [5]]), { epochs: 10 });',
      ].join('\n'),
      fixSafety:
        'Adding the backend epsilon (`tf.backend().epsilon()`: 1e-7 on float32, 1e-4 on float16 WebGL) to a non-negative denominator is safe: a constant feature becomes 0 instead of NaN and every other value changes by a relative 1e-7. It is offered when the denominator is a statistic of the data it divides (a std, a range, a sum, a norm), which is 0 only where that data is 0 too, or inside a loss; not for a ratio of two columns in data preparation, where a 0 denominator under a nonzero value would become value / 1e-7, data far from unit scale, so there only `tf.divNoNan` is offered. `tf.divNoNan` is unsafe: it returns 0 wherever the denominator is 0, which silently changes values, and it has no gradient in TF.js 4.x, so it is offered only outside training. For a `tf.customGrad` whose hand-written gradient divides by 0, replacing the custom op by a plain function of its value lets autodiff compute the true gradient (offered only when that gradient is finite: not for a value like the sqrt of something that can be 0, whose hand-written gradient is what keeps it finite); that is unsafe because it drops whatever the custom gradient meant to do, and preferred because an epsilon turns Infinity into a gradient 10^7 times too large.',
      probe:
        'The probe rebuilds the data preparation and the loss with its interpreter and trains; a constant column shows up as NaN in the inputs before the first step, a zero denominator in a gradient as Infinity in the gradients at step 1, and localization names the `RealDiv` kernel and this line. Each fix is then re-run and reported as verified when the loss stays finite.',
      references: [
        'https://js.tensorflow.org/api/latest/#div',
        'https://js.tensorflow.org/api/latest/#divNoNan',
        'https://js.tensorflow.org/api/latest/#moments',
        'https://js.tensorflow.org/api/latest/#customGrad',
      ],
    },
  },
  check(context) {
    const { facts } = context;
    for (const op of facts.ops) {
      const role = DIVISIONS[op.op];
      if (!role) continue;
      const denominator = role === 'second' ? op.rest[0] : op.operand;
      if (!denominator || ts.isSpreadElement(denominator)) continue;
      const dv = facts.evaluator.value(denominator);
      // A plain JS number that is not known (a batch size, a count) is not data.
      if (dv.kind === 'number' && !dv.range.provenZero) continue;
      const d = facts.evaluator.tensor(denominator);
      if (!d) continue;
      const differentiated = op.training && !insideGradFunc(op.node);
      const verdict = classify(d, op, differentiated, denominator, facts);
      if (!verdict) continue;
      const data = {
        what: describe(denominator, d),
        evidence: verdict.evidence,
        consequence: insideGradFunc(op.node)
          ? 'the custom gradient is Infinity or NaN, and the first update puts it into the weights'
          : op.training
            ? 'Infinity or NaN reaches the loss and, through the gradient, every weight'
            : 'the result holds Infinity or NaN (0 / 0), and a model trained on it has a NaN loss from the first batch',
      };
      const related: { span: { start: number; end: number }; message: string }[] = [];
      if (verdict.severity !== 'info') {
        if (d.statSource && !contains(op.node, d.statSource.span.start)) {
          related.push({ span: d.statSource.span, message: `the statistic is computed from \`${short(d.statSource.text)}\`` });
        } else if (d.origin && !contains(op.node, d.origin.span.start)) {
          related.push({ span: d.origin.span, message: `the denominator comes from ${d.origin.description}` });
        }
      }
      context.report({
        messageId: verdict.messageId,
        severity: verdict.severity,
        span: span(op.node),
        data,
        related,
        fixes: fixes(op, d, denominator, differentiated, facts),
      });
    }
  },
});

interface Verdict {
  messageId: MessageId;
  severity: Severity;
  evidence: string;
}

function classify(d: TensorValue, op: OpCall, differentiated: boolean, node: ts.Expression, facts: FileFacts): Verdict | undefined {
  const r = d.range;
  if (isProvenZero(d)) return { messageId: 'provenZero', severity: 'error', evidence: zeroEvidence(d, node, facts) };
  // A sum of exp (a hand-written softmax) is 0 only if every exponent underflows; its real risk is
  // overflow, which is exp-overflow's finding: one cause, one report.
  if (d.expInput) return undefined;
  if (isProvenNonzero(d)) return undefined;
  if (d.continuous) return undefined;
  const guard = whereGuard(op, node, facts);
  if (guard) return differentiated ? { messageId: 'whereGradient', severity: 'warning', evidence: '' } : undefined;
  const source = d.statSource;
  if (d.stat && SPREAD_STATS.has(d.stat) && source) {
    if (source.data === 'unknown') {
      return { messageId: 'constantFeature', severity: 'warning', evidence: `\`${short(source.text)}\` is not known to the analysis, and real data often has a constant column` };
    }
    if (source.data === 'known') {
      return { messageId: 'constantFeature', severity: 'warning', evidence: `\`${short(source.text)}\` lies in ${interval(r)}, so a feature can be constant` };
    }
    return undefined;
  }
  if (r.unknown) {
    return op.training ? { messageId: 'unproven', severity: 'info', evidence: 'its value comes from outside what the analysis can follow' } : undefined;
  }
  if (!r.mayBeZero) return undefined;
  // The norm of a layer's output (an embedding to normalize) is 0 only if every component is 0 at
  // once, which happens by accident, not by design; a norm of a difference or of data (an empty
  // document's bag of words) is 0 for real.
  if (d.stat === 'norm' && source?.data === 'known' && !r.provenZero && !/\b(sub|squaredDifference)\(/.test(source.text) && signedOperand(node, facts)) {
    return op.training ? { messageId: 'unproven', severity: 'info', evidence: 'a norm of values that are all 0 at once only by accident' } : undefined;
  }
  const evidence = d.stat && source && (d.stat === 'sum' || d.stat === 'norm')
    ? `it lies in ${interval(r)}: every element of \`${short(source.text)}\` it adds up can be 0 at once`
    : `it lies in ${interval(r)}`;
  return { messageId: 'canBeZero', severity: 'warning', evidence };
}

/**
 * The norm's operand takes both signs (a linear layer's output), so its components are 0 together
 * only by accident; a relu output is clamped at 0, and a sample whose units are all dead is a real
 * zero vector.
 */
function signedOperand(node: ts.Expression, facts: FileFacts): boolean {
  const e = ts.isParenthesizedExpression(node) ? node.expression : node;
  if (!ts.isCallExpression(e) || !ts.isPropertyAccessExpression(e.expression)) return false;
  const operand = facts.evaluator.tfPath(e.expression) !== undefined ? e.arguments[0] : e.expression.expression;
  const x = operand ? facts.evaluator.tensor(operand) : undefined;
  return x !== undefined && !x.range.unknown && x.range.lo < 0 && x.range.hi > 0;
}

export function isProvenZero(d: TensorValue): boolean {
  return d.range.provenZero || (!d.range.unknown && d.range.lo === 0 && d.range.hi === 0);
}

/** Every element is certainly not 0: an epsilon guard, a positive literal, a positive range. */
export function isProvenNonzero(d: TensorValue): boolean {
  const r = d.range;
  if (r.lo > 0 || r.hi < 0) return true;
  if (d.concrete) return !r.provenZero;
  return !r.unknown && !r.mayBeZero;
}

function zeroEvidence(d: TensorValue, node: ts.Expression, facts: FileFacts): string {
  const source = d.statSource;
  const line = (s: Span): string => facts.positions.lineLabel(s);
  const text = short(textOf(node));
  if (d.concrete && source && d.stat) {
    const zeros: number[] = [];
    d.concrete.values.forEach((v, i) => {
      if (v === 0) zeros.push(i);
    });
    // Per column when the statistic reduced the samples (axis 0), per row when it reduced each row.
    const many = d.concrete.values.length > 1;
    const unit = source.axes?.includes(0) ? 'column' : source.axes ? 'row' : 'element';
    const perColumn = many && (unit !== 'element' || d.concrete.shape.length === 1);
    const where = d.origin ? `${d.origin.description}, line ${line(d.origin.span)}` : `line ${line(source.span)}`;
    const columns = `${unit === 'element' ? 'column' : unit}${zeros.length > 1 ? 's' : ''} ${zeros.slice(0, 4).map((i) => i + 1).join(', ')}${zeros.length > 4 ? ', ...' : ''}`;
    if (SPREAD_STATS.has(d.stat)) {
      return perColumn
        ? `${columns} of \`${short(source.text)}\` ${zeros.length > 1 ? 'are' : 'is'} constant (${where}), so ${zeros.length > 1 ? 'their' : 'its'} ${statName(d.stat)} is 0`
        : `\`${short(source.text)}\` is constant (${where}), so its ${statName(d.stat)} is 0`;
    }
    return perColumn
      ? `the ${statName(d.stat)} of ${columns} of \`${short(source.text)}\` is 0 (${where})`
      : `the ${statName(d.stat)} of \`${short(source.text)}\` is 0 (${where})`;
  }
  if (d.columns && source && d.stat && SPREAD_STATS.has(d.stat)) {
    const zeros = d.columns.map((c, i) => (c.lo === 0 && c.hi === 0 && !c.unknown ? i : -1)).filter((i) => i >= 0);
    if (zeros.length > 0) {
      const where = d.origin ? ` (${d.origin.description}, line ${line(d.origin.span)})` : '';
      const columns = `column${zeros.length > 1 ? 's' : ''} ${zeros.slice(0, 4).map((i) => i + 1).join(', ')}${zeros.length > 4 ? ', ...' : ''}`;
      return `${columns} of \`${short(source.text)}\`${where} ${zeros.length > 1 ? 'hold' : 'holds'} the same number on every row, so ${zeros.length > 1 ? 'their' : 'its'} ${statName(d.stat)} is 0`;
    }
  }
  if (d.concrete && d.concrete.values.length === 1) {
    return d.origin ? `\`${text}\` is 0, line ${line(d.origin.span)}` : `\`${text}\` is 0`;
  }
  if (d.origin) return `\`${text}\` holds a 0: ${d.origin.description}, line ${line(d.origin.span)}`;
  return `\`${text}\` holds a 0`;
}

function describe(node: ts.Expression, d: TensorValue): string {
  const text = textOf(node);
  const named = text.length <= 40 ? `\`${text}\`` : 'this value';
  if (d.stat && d.statSource && ['std', 'variance', 'range', 'norm', 'sum', 'max', 'min', 'mean'].includes(d.stat)) {
    const own = `the ${statName(d.stat)} of \`${short(d.statSource.text)}\``;
    return text.length <= 40 && text !== d.statSource.text ? `${named}, ${own}` : own;
  }
  return named;
}

function statName(stat: string): string {
  switch (stat) {
    case 'std': return 'std';
    case 'range': return 'range (max - min)';
    default: return stat;
  }
}

function interval(r: { lo: number; hi: number }): string {
  return `[${R.formatNumber(r.lo)}, ${R.formatNumber(r.hi)}]`;
}

function short(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length <= 40 ? oneLine : `${oneLine.slice(0, 37)}...`;
}

function contains(node: ts.Node, offset: number): boolean {
  return offset >= node.getStart() && offset < node.getEnd();
}

/** `tf.where(cond, x.div(d), other)` with a condition that tests the denominator. */
function whereGuard(op: OpCall, denominator: ts.Expression, facts: FileFacts): boolean {
  let n: ts.Node = op.node;
  while (ts.isParenthesizedExpression(n.parent)) n = n.parent;
  const where = n.parent;
  if (!ts.isCallExpression(where) || facts.evaluator.tfPath(where.expression) !== 'where') return false;
  const [cond, a, b] = where.arguments;
  if (!cond || (a !== n && b !== n)) return false;
  const strip = (s: string) => s.replace(/\s+/g, '');
  return strip(textOf(cond)).includes(strip(textOf(denominator)));
}

function fixes(op: OpCall, d: TensorValue, denominator: ts.Expression, differentiated: boolean, facts: FileFacts): Fix[] {
  const out: Fix[] = [];
  const autodiff = insideGradFunc(op.node) ? autodiffReplacement(op.node, facts) : undefined;
  if (autodiff) {
    out.push({
      title: `Drop the hand-written gradient: let autodiff differentiate \`${short(autodiff.valueText)}\``,
      safety: 'unsafe',
      remedy: 'other',
      preferred: true,
      edits: autodiff.edits,
    });
  }
  // An epsilon guards a denominator that is never negative (a std, a norm, a sum, a 0 literal).
  // In data preparation, a 0 under a value that is not itself 0 (a ratio feature: income per
  // household member, price per square foot of a vacant lot) becomes value / epsilon, about 1e7
  // times the value, and the fixed data is unscaled (a finding of its own): divNoNan's 0 is the
  // better answer there. A statistic of the numerator's own data (a std, a range, a sum, a norm)
  // is 0 only where the numerator is 0 too, so its quotient stays 0.
  const hugeQuotient = !op.training && !(d.stat && ZERO_WITH_NUMERATOR.has(d.stat)) && !numeratorIsZero(op, facts);
  if (d.range.lo >= 0 && !hugeQuotient) {
    const target = op.op === 'rsqrt' || op.op === 'reciprocal' ? op.operand : denominator;
    if (target) {
      out.push({
        title: 'Add the backend epsilon to the denominator',
        safety: 'safe',
        remedy: 'epsilon',
        preferred: out.length === 0,
        edits: addEpsilonEdits(target, op.style, facts),
      });
    }
  }
  // tf.divNoNan has no gradient in TF.js 4.x: only where nothing differentiates through it.
  if (!differentiated) {
    const edits = divNoNanEdits(op, facts);
    if (edits) {
      out.push({
        title: 'Use tf.divNoNan (0 where the denominator is 0)',
        safety: 'unsafe',
        remedy: 'epsilon',
        preferred: out.length === 0,
        edits,
      });
    }
  }
  return out;
}

/** The dividend is exactly 0 everywhere (`tf.reciprocal` and `tf.rsqrt` divide 1). */
function numeratorIsZero(op: OpCall, facts: FileFacts): boolean {
  if (op.op !== 'div' || !op.operand) return false;
  const x = facts.evaluator.tensor(op.operand);
  return x !== undefined && isProvenZero(x) && (x.concrete ? x.concrete.values.every((v) => v === 0) : x.range.lo === 0 && x.range.hi === 0);
}

function divNoNanEdits(op: OpCall, facts: FileFacts): Fix['edits'] | undefined {
  if (op.op === 'div') return renameOpEdits(op.node, 'divNoNan', facts);
  const x = op.operand;
  if (!x) return undefined;
  const ns = tfNamespace(facts);
  const inner = op.op === 'rsqrt' ? `${ns.name}.sqrt(${textOf(x)})` : textOf(x);
  return [...ns.edits, { span: span(op.node), newText: `${ns.name}.divNoNan(1, ${inner})` }];
}
