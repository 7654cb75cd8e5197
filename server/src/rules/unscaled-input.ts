import type { FileFacts } from '../analysis/facts';
import type { Span } from '../analysis/types';
import * as R from '../analysis/ranges';
import { inputScale, isSaturating, isUnscaled, scaleEvidence, sgdGrowthFactor, type InputScale } from '../analysis/training';
import { span, type ModelFact } from '../analysis/values';
import ts = require('typescript');
import { normalizeInputsFix } from '../fixes/normalize-inputs';
import { dropNonFiniteFix } from '../fixes/drop-non-finite';
import type { TensorValue } from '../analysis/values';
import { defineRule } from './rule';

type MessageId = 'diverges' | 'unscaled' | 'customLoop' | 'nanData' | 'mayBeNaN';

export const unscaledInput = defineRule<MessageId>({
  meta: {
    id: 'unscaled-input',
    fixable: true,
    messages: {
      diverges:
        'Training inputs `{x}` reach {maxAbs} ({origin}, line {line}){features}. With {optimizer} at {lr}, the SGD step growth lr·2·mean(x²) ≈ {growth} is far above 1: the loss will grow to Infinity, then NaN.',
      unscaled:
        'Training inputs `{x}` reach {maxAbs} ({origin}, line {line}){features}, and the first layer ({layer}) does not normalize them: gradients scale with the inputs, so training is slow to converge or diverges.',
      customLoop:
        '`{x}` reaches {maxAbs} ({origin}, line {line}) and multiplies the trained variable `{variable}` in a custom training loop without being normalized: the gradient of `{variable}` scales with it, so the optimizer\'s steps overshoot and the loss can grow to Infinity, then NaN.',
      nanData:
        'Training {role} `{x}` hold NaN: {evidence} (line {line}). A NaN input or target makes its sample\'s loss NaN, and the gradient step spreads it to every weight: the loss is NaN from the first epoch.',
      mayBeNaN:
        'Training {role} `{x}` can hold NaN: {evidence} (line {line}), and nothing filters those rows or replaces NaN before training. One NaN element makes the loss NaN and, through the gradient, every weight.',
    },
    docs: {
      summary: 'Flags training inputs far from unit scale fed to a non-saturating first layer, and training data that can hold NaN.',
      whatItDoes:
        'Finds the data passed to `model.fit`, bounds it with the value-range analysis, and reports when it reaches beyond about ±10 or its features differ by orders of magnitude while the first layer (dense, conv, relu, linear) does not normalize it. In custom loops (`optimizer.minimize`, `tf.variableGrads`) it reports data beyond that scale multiplied by a `tf.variable` inside the training closure. For a linear model under mean squared error trained with SGD, it predicts divergence from the step growth factor `lr · 2 · mean(x²)` and reports an error. It also follows NaN into the training data: a literal `NaN` or `0 / 0` in the data (an error), and `parseFloat` / `Number` / `parseInt` / unary `+` of text the analysis cannot show is numeric (a line split from a file, a fetched body, a CSV field), unless the program tests it (`Number.isNaN`, `isFinite`, a filter that checks, `|| 0`) (a warning, with the parse as related location). An exact parse of text the file writes itself is evaluated: an empty field in an inline CSV is a proven NaN.',
      whyIsThisBad:
        'The gradient of a layer\'s weights is proportional to its inputs. With features of size 1e5 the first SGD step overshoots by orders of magnitude; each step multiplies the error again, and the loss reaches Infinity within a few epochs, then NaN. Adaptive optimizers like Adam bound the step, so the loss stays finite but barely moves. A single NaN in the inputs or targets is worse: that sample\'s loss is NaN, its gradient is NaN, and the first update that includes it makes every weight NaN. `parseFloat(\'\')` is NaN, so one empty CSV field is enough; `?? 0` does not help, since NaN is not nullish.',
      example: [
        "const tf = require('@tensorflow/tfjs');",
        '',
        'const X = tf.tensor2d([[1, 100000], [2, 200000], [3, 300000]]);',
        'const y = tf.tensor2d([[10], [20], [30]]);',
        'const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });',
        "model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });",
        'model.fit(X, y, { epochs: 10 });',
      ].join('\n'),
      useInstead: [
        "const tf = require('@tensorflow/tfjs');",
        '',
        'function standardize(t) {',
        '  const { mean, variance } = tf.moments(t, 0);',
        '  return t.sub(mean).div(variance.sqrt().add(1e-7));',
        '}',
        '',
        'const X = standardize(tf.tensor2d([[1, 100000], [2, 200000], [3, 300000]]));',
        'const y = tf.tensor2d([[10], [20], [30]]).div(30);',
        'const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });',
        "model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });",
        'model.fit(X, y, { epochs: 10 });',
      ].join('\n'),
      fixSafety:
        'The fix z-scores each feature with `tf.moments` and an epsilon, where the data is defined. It is unsafe: the model then expects standardized inputs, so data you predict on must go through the same statistics. For NaN in the data the fix inserts a `dropNonFiniteRows(xs, ys)` helper and fits on its result, which keeps only the samples whose inputs and targets are all finite; it is unsafe because it trains on fewer samples, and the data you predict on needs the same check.',
      probe:
        'The probe trains the reconstructed model on the same data (the literal values when the file has them, otherwise seeded synthetic data of the same shape and scale) and reports the epoch where the loss becomes Infinity or NaN, then verifies that standardized inputs train to a finite, decreasing loss.',
      references: ['https://www.tensorflow.org/js/tutorials/training/linear_regression'],
    },
  },
  check(context) {
    const { facts } = context;
    const t = facts.config.thresholds;
    for (const { fact: model } of facts.models) {
      const first = model.layers[0];
      if (!first || isSaturating(first.spec.activation)) continue;
      const scale = inputScale(model, facts.positions);
      if (!scale || !isUnscaled(scale, t.unscaledInputLimit, t)) continue;
      const growth = sgdGrowthFactor(model, scale);
      const diverges = growth !== undefined && growth > t.divergenceFactor;
      const fix = normalizeInputsFix(facts, scale.fit);
      context.report({
        messageId: diverges ? 'diverges' : 'unscaled',
        severity: diverges ? 'error' : 'warning',
        span: findingSpan(scale),
        data: data(model, scale, facts, growth),
        related: [{ span: scale.originSpan, message: `the inputs' scale comes from ${scale.originDescription}` }],
        fixes: fix ? [fix] : [],
        siteId: `site@${scale.fit.node.getStart()}`,
      });
    }
    checkCustomLoops(context);
    checkNaN(context);
  },
});

type Context = Parameters<typeof unscaledInput.check>[0];

/**
 * NaN in the training data: fit inputs or targets, or data in a custom training loop, whose values
 * can be NaN (an error when an element certainly is: literal NaN, an exact parse of an empty field).
 */
function checkNaN(context: Context): void {
  const { facts } = context;
  const reported = new Set<number>();
  const report = (t: TensorValue, role: string, node: ts.Node, at: ts.Node, fixes: ReturnType<typeof dropNonFiniteFix>[], siteId?: string): void => {
    const r = t.range;
    if (!r.mayBeNaN) return;
    const originSpan = r.nanOrigin?.span ?? span(node);
    if (reported.has(originSpan.start)) return;
    reported.add(originSpan.start);
    const evidence = r.nanOrigin?.description ?? 'the data holds NaN';
    context.report({
      messageId: r.provenNaN ? 'nanData' : 'mayBeNaN',
      severity: r.provenNaN ? 'error' : 'warning',
      span: span(at),
      data: { role, x: short(node.getText()), evidence, line: facts.positions.lineLabel(originSpan) },
      related: [{ span: originSpan, message: r.provenNaN ? `NaN comes from here: ${evidence}` : `NaN can come from here: ${evidence}` }],
      fixes: fixes.filter((f) => f !== undefined),
      ...(siteId ? { siteId } : {}),
    });
  };
  for (const { fact: model } of facts.models) {
    for (const fit of model.fits) {
      const siteId = `site@${fit.node.getStart()}`;
      const fix = (): ReturnType<typeof dropNonFiniteFix>[] => [dropNonFiniteFix(facts, fit)];
      if (fit.x && fit.xNode) report(fit.x, 'inputs', fit.xNode, fit.xNode, fix(), siteId);
      if (fit.y && fit.yNode) report(fit.y, 'targets', fit.yNode, fit.yNode, fix(), siteId);
    }
  }
  // Custom loops: data that can be NaN used by an op inside a training closure. Ops that only make,
  // move or test elements (tensor2d, gather, reshape, isFinite) pass NaN on to the op that computes
  // with them, which is reported; at the move itself the data may well be filtered already
  // (`tf.gather(xs, keep)` with `keep` the rows `tf.isFinite` passed).
  for (const op of facts.ops) {
    if (!op.training || MOVES.has(op.op)) continue;
    for (const node of [op.operand, ...op.rest]) {
      if (!node || ts.isSpreadElement(node) || isTrainedVariable(node, facts)) continue;
      const t = facts.evaluator.tensor(node);
      if (t) report(t, 'data', node, op.node, []);
    }
  }
}

/** Ops that make, select, reshape, relabel or test elements without computing with them. */
const MOVES = new Set([
  'tensor', 'tensor1d', 'tensor2d', 'tensor3d', 'tensor4d', 'scalar', 'gather', 'slice', 'reshape', 'expandDims', 'squeeze',
  'transpose', 'flatten', 'cast', 'toFloat', 'asType', 'isFinite', 'isNaN', 'isInf',
]);

function short(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > 40 ? `${oneLine.slice(0, 37)}...` : oneLine;
}

function findingSpan(scale: InputScale): Span {
  const x = scale.fit.xNode;
  return x ? span(x) : span(scale.fit.node);
}

function data(model: ModelFact, scale: InputScale, facts: FileFacts, growth?: number): Record<string, string | number> {
  const opt = model.optimizer?.spec;
  const first = model.layers[0];
  return {
    ...scaleEvidence(scale, facts.config.thresholds),
    optimizer: opt ? (opt.fromString ? `'${opt.kind}'` : `tf.train.${opt.kind}`) : 'the optimizer',
    lr: opt?.learningRate !== undefined ? R.formatNumber(opt.learningRate) : 'its rate',
    growth: growth !== undefined ? R.formatNumber(growth) : '',
    layer: first ? `${first.spec.kind} with ${first.spec.activation} activation` : 'none',
  };
}

const PRODUCTS = new Set(['mul', 'matMul', 'dot']);

/**
 * Custom loops: `w.mul(x)` / `tf.matMul(x, w)` inside a training closure, where `w` is a
 * `tf.variable` and `x` is data the analysis bounds beyond the unscaled-input limit.
 */
function checkCustomLoops(context: Parameters<typeof unscaledInput.check>[0]): void {
  const { facts } = context;
  const limit = facts.config.thresholds.unscaledInputLimit;
  const reported = new Set<number>();
  for (const op of facts.ops) {
    if (!op.training || !PRODUCTS.has(op.op) || !op.operand || !op.rest[0] || ts.isSpreadElement(op.rest[0])) continue;
    const operands = [op.operand, op.rest[0]];
    const variable = operands.find((o) => isTrainedVariable(o, facts));
    const data = operands.find((o) => o !== variable);
    if (!variable || !data) continue;
    const x = facts.evaluator.tensor(data);
    if (!x || x.range.unknown || x.normalized) continue;
    const maxAbs = R.maxAbs(x.range);
    if (!Number.isFinite(maxAbs) || maxAbs <= limit) continue;
    const originSpan = x.origin?.span ?? span(data);
    if (reported.has(originSpan.start)) continue;
    reported.add(originSpan.start);
    context.report({
      messageId: 'customLoop',
      severity: 'warning',
      span: span(op.node),
      data: {
        x: data.getText(),
        maxAbs: R.formatNumber(maxAbs),
        origin: x.origin?.description ?? 'the data',
        line: facts.positions.lineLabel(originSpan),
        variable: variable.getText(),
      },
      related: [{ span: originSpan, message: `the inputs' scale comes from ${x.origin?.description ?? 'the data'}` }],
      fixes: [],
    });
  }
}

/** An identifier bound to `tf.variable(...)`. */
function isTrainedVariable(node: ts.Expression, facts: FileFacts): boolean {
  if (!ts.isIdentifier(node)) return false;
  const decl = facts.scopes.resolve(node);
  if (!decl || !ts.isVariableDeclaration(decl) || !decl.initializer || !ts.isCallExpression(decl.initializer)) return false;
  return facts.evaluator.tfPath(decl.initializer.expression) === 'variable';
}
