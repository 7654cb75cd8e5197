import ts = require('typescript');
import type { FileFacts, OpCall } from '../analysis/facts';
import * as R from '../analysis/ranges';
import { isLinearModel } from '../analysis/training';
import type { OptimizerSpec, Severity, Span } from '../analysis/types';
import { span, type ModelFact, type OptimizerFact, type TensorValue } from '../analysis/values';
import { scaleTargetsFix } from '../fixes/scale-targets';
import { siteContaining, sourceModel, strip } from './model-output';
import { defineRule } from './rule';

type MessageId = 'diverges' | 'stalls' | 'large';

/**
 * Calibrated by training (@tensorflow/tfjs 4.22, CPU; 64 standardized samples, a 16- or 64-unit
 * relu layer and a linear output, MSE, batch 16): plain SGD / momentum went to Infinity or NaN
 * within 2-6 epochs whenever lr_eff · max|y| was 5 or more (lr_eff = lr / (1 - momentum)), and
 * trained normally at 1.7. A linear model converged at the same relative rate at every target
 * scale, because its curvature does not depend on the targets.
 */
const DIVERGENCE_PRODUCT = 5;
/** Below this the targets are near unit scale for every rule here. */
const MIN_TARGET = 10;
/**
 * With Adam-style optimizers (and absolute-error losses) a weight moves about `lr` per step
 * whatever the error, so the output needs about max|y| / lr steps to reach the targets. Measured:
 * Adam at 0.001 left the loss of targets near 1.7e4 unchanged (ratio 1.000) after 120 steps.
 */
const STALL_LIMIT = 1000;
const STALL_STEPS = 1e5;

type LossShape = 'squared' | 'absolute';

const REGRESSION_LOSSES: Record<string, LossShape> = {
  meanSquaredError: 'squared',
  mse: 'squared',
  MSE: 'squared',
  'losses.meanSquaredError': 'squared',
  'metrics.meanSquaredError': 'squared',
  'metrics.mse': 'squared',
  'metrics.MSE': 'squared',
  meanAbsoluteError: 'absolute',
  mae: 'absolute',
  MAE: 'absolute',
  logcosh: 'absolute',
  'losses.absoluteDifference': 'absolute',
  'losses.huberLoss': 'absolute',
  'metrics.meanAbsoluteError': 'absolute',
  'metrics.mae': 'absolute',
  'metrics.MAE': 'absolute',
};

const PLAIN = new Set(['sgd', 'momentum']);
const ADAPTIVE = new Set(['adam', 'adamax', 'rmsprop', 'adagrad', 'adadelta']);

export const unscaledTargets = defineRule<MessageId>({
  meta: {
    id: 'unscaled-targets',
    fixable: true,
    messages: {
      diverges:
        'Regression targets `{y}` reach {maxAbs} ({origin}, line {line}). Under {loss} with {optimizer} at {lr}, the first gradients are about {maxAbs}× larger than on scaled targets (lr · max|y| ≈ {product}): the hidden layers overshoot and the loss goes to Infinity, then NaN.',
      stalls:
        'Regression targets `{y}` reach {maxAbs} ({origin}, line {line}). {optimizer} moves each weight by about its learning rate ({lr}) per step, so the output needs on the order of {steps} steps to reach the targets: the loss stays finite but barely moves.',
      large:
        'Regression targets `{y}` reach {maxAbs} ({origin}, line {line}), far from unit scale, so the loss and its gradients are far larger than on scaled targets. It can train here ({why}), but scaling the targets makes the learning rate mean the same thing at every scale.',
    },
    docs: {
      summary: 'Flags regression targets of large magnitude trained under mean squared / absolute error without scaling.',
      whatItDoes:
        'Finds the targets (`y`) of `model.fit`, the labels of `tf.losses.meanSquaredError` / `absoluteDifference` / `huberLoss`, and the labels of hand-written errors on a model\'s predictions (`model.predict(x).sub(y).square()`, `tf.squaredDifference`, `tf.abs(tf.sub(...))`) in custom loops and custom losses, bounds them with the value-range analysis, and reports when they reach beyond about 10 and were not normalized, for models trained with a regression loss (`meanSquaredError`, `meanAbsoluteError`, `logcosh`, huber). Classification losses are left alone. The severity follows what training measurably does: a warning when plain SGD / momentum is predicted to diverge (lr / (1 - momentum) · max|y| of 5 or more with a hidden layer), a warning when an adaptive optimizer (or an absolute-error loss) would need more than 1e5 steps of size `lr` to reach targets above 1000, and information otherwise.',
      whyIsThisBad:
        'The gradient of mean squared error is proportional to the error, and before training the error is the size of the targets. Measured with @tensorflow/tfjs 4.22 on the CPU backend (64 standardized samples, one relu layer of 16 units, MSE, 30 epochs): with targets up to 170, SGD at 0.01 trained normally (loss down 18×), momentum 0.9 at 0.01 reached NaN in epoch 5; with targets up to 1.7e4, SGD at 0.01 was NaN in epoch 2. Adam and RMSProp never produced NaN, but with targets up to 1.7e4 the loss did not move at all in 30 epochs (ratio 1.000), because they take steps of about the learning rate whatever the gradient. A model without hidden layers is the exception: SGD on it converged at the same rate at every target scale.',
      example: [
        "const tf = require('@tensorflow/tfjs');",
        '',
        'const features = tf.randomNormal([200, 4]);',
        'const prices = tf.randomUniform([200, 1], 100000, 900000);',
        'const model = tf.sequential({',
        "  layers: [tf.layers.dense({ units: 16, activation: 'relu', inputShape: [4] }), tf.layers.dense({ units: 1 })],",
        '});',
        "model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });",
        'model.fit(features, prices, { epochs: 20 });',
      ].join('\n'),
      useInstead: [
        "const tf = require('@tensorflow/tfjs');",
        '',
        'const PRICE_SCALE = 1000000;',
        'const features = tf.randomNormal([200, 4]);',
        'const prices = tf.randomUniform([200, 1], 100000, 900000);',
        'const model = tf.sequential({',
        "  layers: [tf.layers.dense({ units: 16, activation: 'relu', inputShape: [4] }), tf.layers.dense({ units: 1 })],",
        '});',
        "model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });",
        'model.fit(features, prices.div(PRICE_SCALE), { epochs: 20 });',
        '// model.predict(x).mul(PRICE_SCALE) gives prices again.',
      ].join('\n'),
      fixSafety:
        'The fix adds a constant `TARGET_SCALE`, a round number at least as large as the largest target the analysis found, and divides the targets by it where the loss sees them. It is unsafe: the model then predicts in scaled units, so every use of its predictions must multiply them by `TARGET_SCALE` (the inserted comment says so), and a saved model keeps that convention.',
      probe:
        'The probe trains the reconstructed model on the same targets (the literal values, or synthetic ones in the inferred range) and reports Infinity / NaN or a loss that does not decrease; it then re-trains with the targets standardized and reports whether the loss stays finite and falls.',
      references: ['https://www.tensorflow.org/js/tutorials/training/linear_regression'],
    },
  },
  check(context) {
    const { facts } = context;
    const reported = new Set<ts.Node>();
    for (const { fact: model } of facts.models) {
      if (model.lossFn || !model.lossName) continue;
      const shape = REGRESSION_LOSSES[model.lossName];
      if (!shape) continue;
      for (const fit of model.fits) {
        if (!fit.y || !fit.yNode) continue;
        check(context, facts, reported, {
          targets: fit.yNode,
          y: fit.y,
          shape,
          lossText: model.lossNode ? model.lossNode.getText() : model.lossName,
          optimizer: model.optimizer,
          linear: isLinearModel(model),
          siteId: `site@${fit.node.getStart()}`,
        });
        break;
      }
    }
    // Losses on labels: TF.js losses and hand-written squared / absolute errors, in custom training
    // loops and in custom losses.
    for (const op of facts.ops) {
      if (!op.training) continue;
      const loss = lossOperands(op, facts);
      if (!loss) continue;
      const { labels, predictions, shape, lossText } = loss;
      const model = sourceModel(predictions, facts);
      const fromLoss = lossTargetsOf(labels, facts);
      if (fromLoss) {
        // `(yTrue, yPred) => tf.losses.meanSquaredError(yTrue, yPred)`: the targets are the fit's y.
        const fit = fromLoss.fits[0];
        if (!fit?.y || !fit.yNode) continue;
        check(context, facts, reported, {
          targets: fit.yNode,
          y: fit.y,
          shape,
          lossText,
          optimizer: fromLoss.optimizer,
          linear: isLinearModel(fromLoss),
          siteId: `site@${fit.node.getStart()}`,
        });
        continue;
      }
      const y = facts.evaluator.tensor(labels);
      if (!y) continue;
      const site = facts.sites.find((s) => s.closure && op.node.pos >= s.closure.pos && op.node.end <= s.closure.end);
      check(context, facts, reported, {
        targets: labels,
        y,
        shape,
        lossText,
        optimizer: site?.optimizer ?? model?.optimizer,
        linear: model ? isLinearModel(model) : undefined,
        siteId: model ? siteContaining(op.node, facts, model) : site?.site.id,
      });
    }
  },
});

interface LossOperands {
  labels: ts.Expression;
  predictions: ts.Expression;
  shape: LossShape;
  lossText: string;
}

/**
 * `tf.losses.meanSquaredError(labels, predictions)` and friends, or a hand-written error on a
 * model's predictions: `pred.sub(y).square()`, `tf.abs(tf.sub(y, pred))`, `tf.squaredDifference(pred, y)`.
 */
function lossOperands(op: OpCall, facts: FileFacts): LossOperands | undefined {
  const named = REGRESSION_LOSSES[op.op];
  if (named && op.style === 'function' && op.operand && op.rest[0]) {
    return { labels: op.operand, predictions: op.rest[0], shape: named, lossText: `\`${op.node.expression.getText()}\`` };
  }
  if ((op.op !== 'sub' && op.op !== 'squaredDifference') || !op.operand || !op.rest[0]) return undefined;
  const shape: LossShape | undefined = op.op === 'squaredDifference' ? 'squared' : errorShape(consumerOf(op.node, facts));
  if (!shape) return undefined;
  const [a, b] = [op.operand, op.rest[0]];
  const predictions = isPrediction(a, facts) ? a : isPrediction(b, facts) ? b : undefined;
  if (!predictions) return undefined;
  const labels = predictions === a ? b : a;
  return { labels, predictions, shape, lossText: shape === 'squared' ? 'a hand-written squared error' : 'a hand-written absolute error' };
}

function isPrediction(expr: ts.Expression, facts: FileFacts): boolean {
  return sourceModel(expr, facts) !== undefined;
}

function errorShape(consumer: string | undefined): LossShape | undefined {
  if (consumer === 'square' || consumer === 'pow') return 'squared';
  if (consumer === 'abs') return 'absolute';
  return undefined;
}

/** The op that consumes a call's result: `x.sub(y).square()` or `tf.square(x.sub(y))` → 'square'. */
function consumerOf(node: ts.CallExpression, facts: FileFacts): string | undefined {
  let n: ts.Node = node;
  while (ts.isParenthesizedExpression(n.parent)) n = n.parent;
  const parent = n.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.expression === n && ts.isCallExpression(parent.parent)) return parent.name.text;
  if (ts.isCallExpression(parent) && parent.arguments[0] === n) return facts.evaluator.tfPath(parent.expression);
  return undefined;
}

type Context = Parameters<typeof unscaledTargets.check>[0];

interface Targets {
  targets: ts.Expression;
  y: TensorValue;
  shape: LossShape;
  lossText: string;
  optimizer: OptimizerFact | undefined;
  /** The model has no hidden non-linearity; undefined when the model is not known. */
  linear: boolean | undefined;
  siteId: string | undefined;
}

function check(context: Context, facts: FileFacts, reported: Set<ts.Node>, t: Targets): void {
  const { y } = t;
  // One report per targets expression (a custom loss may compute two errors on the same targets).
  if (reported.has(t.targets)) return;
  reported.add(t.targets);
  if (y.range.unknown || y.normalized) return;
  const maxAbs = R.maxAbs(y.range);
  if (!Number.isFinite(maxAbs) || maxAbs <= MIN_TARGET) return;
  const opt = t.optimizer?.spec;
  const verdict = judge(t, opt, maxAbs);
  if (!verdict) return;
  const originSpan: Span = y.origin?.span ?? span(t.targets);
  const fix = scaleTargetsFix(facts, t.targets, maxAbs);
  context.report({
    messageId: verdict.messageId,
    severity: verdict.severity,
    span: span(t.targets),
    data: {
      y: t.targets.getText(),
      maxAbs: R.formatNumber(maxAbs),
      origin: y.origin?.description ?? 'the data',
      line: facts.positions.lineLabel(originSpan),
      loss: t.lossText,
      optimizer: opt ? (opt.fromString ? `'${opt.kind}'` : `tf.train.${opt.kind}`) : 'the optimizer',
      lr: opt?.learningRate !== undefined ? R.formatNumber(opt.learningRate) : 'its rate',
      product: verdict.product !== undefined ? R.formatNumber(verdict.product) : '',
      steps: verdict.steps !== undefined ? R.formatNumber(verdict.steps) : '',
      why: verdict.why ?? '',
    },
    related: [{ span: originSpan, message: `the targets' scale comes from ${y.origin?.description ?? 'here'}` }],
    fixes: fix ? [fix] : [],
    ...(t.siteId ? { siteId: t.siteId } : {}),
  });
}

interface Verdict {
  messageId: MessageId;
  severity: Severity;
  product?: number;
  steps?: number;
  why?: string;
}

function judge(t: Targets, opt: OptimizerSpec | undefined, maxAbs: number): Verdict | undefined {
  const lr = opt?.learningRate;
  if (opt && PLAIN.has(opt.kind) && t.shape === 'squared' && lr !== undefined) {
    const effective = opt.kind === 'momentum' ? lr / (1 - Math.min(opt.momentum ?? 0.9, 0.999)) : lr;
    const product = effective * maxAbs;
    if (t.linear === false && product >= DIVERGENCE_PRODUCT) return { messageId: 'diverges', severity: 'warning', product };
    if (maxAbs <= STALL_LIMIT) return undefined;
    return {
      messageId: 'large',
      severity: 'info',
      why: t.linear ? 'a model without hidden layers converges at the same rate at any target scale' : `lr · max|y| ≈ ${R.formatNumber(product)} is below where SGD diverged when measured`,
    };
  }
  if (maxAbs <= STALL_LIMIT) return undefined;
  const adaptive = opt !== undefined && ADAPTIVE.has(opt.kind);
  if ((adaptive || t.shape === 'absolute') && lr !== undefined && lr > 0) {
    const steps = maxAbs / lr;
    if (steps > STALL_STEPS) return { messageId: 'stalls', severity: 'warning', steps };
    return { messageId: 'large', severity: 'info', why: `about ${R.formatNumber(steps)} steps of size ${R.formatNumber(lr)} reach them` };
  }
  return { messageId: 'large', severity: 'info', why: 'the optimizer or its learning rate is not known' };
}

/** The labels argument is the targets parameter of a model's custom loss: that model. */
function lossTargetsOf(expr: ts.Expression, facts: FileFacts): ModelFact | undefined {
  const e = strip(expr);
  if (!ts.isIdentifier(e)) return undefined;
  const decl = facts.scopes.resolve(e);
  if (!decl || !ts.isParameter(decl)) return undefined;
  for (const { fact } of facts.models) if (fact.lossFn && fact.lossFn.parameters[0] === decl) return fact;
  return undefined;
}
