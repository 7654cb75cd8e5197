import ts = require('typescript');
import type { FileFacts, OpCall } from '../analysis/facts';
import * as R from '../analysis/ranges';
import { insideCustomGrad, mayCarryGradient } from '../analysis/training';
import type { Fix, Severity, ValueRange } from '../analysis/types';
import { span, type TensorValue, type Value } from '../analysis/values';
import { epsilonExpression, tfNamespace } from '../fixes/edits';
import {addEpsilonEdits, receiverText, textOf} from '../fixes/guards';
import { defineRule } from './rule';

type MessageId = 'provenZero' | 'canBeZero' | 'normCanBeZero' | 'unproven';

const NORMS = new Set(['norm', 'euclideanNorm']);

export const unsafeSqrt = defineRule<MessageId>({
  meta: {
    id: 'unsafe-sqrt',
    fixable: true,
    messages: {
      provenZero: '`sqrt` of {what}, which is exactly 0 here ({evidence}), where its gradient is taken: d/dx sqrt(x) at 0 is Infinity, and the weights become NaN after one step.',
      canBeZero: '`sqrt` of {what}, which can be exactly 0 ({evidence}), where its gradient is taken: d/dx sqrt(x) at 0 is Infinity, and the weights become NaN after one step.',
      normCanBeZero: '`{op}` of {what}, which can be all zeros ({evidence}), where its gradient is taken: TF.js differentiates the Euclidean norm as x / norm, which is 0 / 0 = NaN at 0.',
      unproven: '`{op}` of {what} inside the training step, which the analysis cannot show is positive; its gradient at 0 is not finite. Add an epsilon inside.',
    },
    docs: {
      summary: 'Flags `tf.sqrt` and Euclidean `tf.norm` of a value that can be 0 where the gradient is taken: RMSE losses, norms and stds inside a loss.',
      whatItDoes:
        'Checks every `tf.sqrt` / `.sqrt()` and every Euclidean `tf.norm` / `tf.euclideanNorm` inside a loss, a training closure or a function they call, whose argument depends on the weights or the predictions. It reports a warning when the argument can be exactly 0 (a squared error, a variance, a difference of predictions), an error when it is proven 0, and information when nothing shows it is positive. A square root outside training (data preparation) is not reported: sqrt(0) = 0 is a fine value, and only its gradient is infinite; if its result is divided by, `unsafe-division` looks at that.',
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
        'Adding the backend epsilon inside the square root (`sqrt(x + tf.backend().epsilon())`) is safe: the value changes by at most sqrt(epsilon), about 3e-4 on float32, and the gradient at 0 becomes finite. A Euclidean norm is rewritten as `sqrt(sum(square(x)) + epsilon)` with the same axis and keepDims.',
      probe:
        'The probe trains with this loss; the first step with a zero argument produces Infinity in the `Sqrt` gradient and NaN in the weights, which localization attributes to this line. The fix is verified by re-training with the epsilon in place.',
      references: ['https://js.tensorflow.org/api/latest/#sqrt', 'https://js.tensorflow.org/api/latest/#norm'],
    },
  },
  check(context) {
    const { facts } = context;
    for (const op of facts.ops) {
      const isNorm = NORMS.has(op.op);
      if ((op.op !== 'sqrt' && !isNorm) || !op.operand || !op.training) continue;
      if (isNorm && !isEuclidean(op, facts)) continue;
      if (insideCustomGrad(op.node, facts) || !mayCarryGradient(op.operand, facts)) continue;
      const x = facts.evaluator.tensor(op.operand);
      if (!x) continue;
      const verdict = classify(x, isNorm);
      if (!verdict) continue;
      context.report({
        messageId: verdict.messageId,
        severity: verdict.severity,
        span: span(op.node),
        data: { op: isNorm ? opName(op) : 'sqrt', what: describe(op.operand), evidence: evidence(op.operand, x.range) },
        fixes: fixes(op, facts),
      });
    }
  },
});

function classify(x: TensorValue, isNorm: boolean): { messageId: MessageId; severity: Severity } | undefined {
  const r = x.range;
  if (x.continuous) return undefined;
  if (isNorm) {
    // The norm is 0 only when every element is 0.
    if (r.lo > 0 || r.hi < 0) return undefined;
    if (r.unknown) return { messageId: 'unproven', severity: 'info' };
    return r.mayBeZero ? { messageId: 'normCanBeZero', severity: r.provenZero && r.lo === 0 && r.hi === 0 ? 'error' : 'warning' } : undefined;
  }
  if (r.lo > 0) return undefined;
  if (!r.unknown && r.lo === 0 && r.hi === 0) return { messageId: 'provenZero', severity: 'error' };
  if (r.unknown) return { messageId: 'unproven', severity: 'info' };
  return { messageId: 'canBeZero', severity: 'warning' };
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
  if (isSquaredError(operand)) return 'a squared error, 0 whenever the predictions match the targets, as a zero-initialized model does on zero targets';
  if (!r.unknown && r.lo === 0 && r.hi === 0) return 'it is exactly 0 everywhere';
  if (/(sub|squaredDifference)\(/.test(textOf(operand).replace(/\s+/g, ''))) return 'a difference, 0 wherever its two sides match';
  if (r.unknown) return 'nothing bounds it away from 0';
  return `its range is [${R.formatNumber(r.lo)}, ${R.formatNumber(r.hi)}]`;
}

function fixes(op: OpCall, facts: FileFacts): Fix[] {
  const x = op.operand;
  if (!x) return [];
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
