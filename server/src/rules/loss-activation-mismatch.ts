import ts = require('typescript');
import type { FileFacts } from '../analysis/facts';
import type { Fix, Severity, Span, TextEdit } from '../analysis/types';
import { span, type LayerFact, type ModelFact } from '../analysis/values';
import { tfNamespace } from '../fixes/edits';
import { setActivationFix } from '../fixes/output-activation';
import { siteContaining, sourceModel, strip } from './model-output';
import { defineRule } from './rule';

type MessageId = 'nanLoss' | 'handWrittenLog' | 'clippedLoss' | 'singleUnitSoftmax' | 'doubleSquash';

/**
 * How each TF.js cross-entropy treats its prediction argument (tfjs-layers 4.x losses.ts,
 * tfjs-core losses/*):
 *  - `clipped`: the layers losses clip predictions to [1e-7, 1 - 1e-7] (categorical ones first
 *    divide by the row sum): always finite, but the gradient is 0 for every prediction outside.
 *  - `logLoss`: `-y·log(p + 1e-7) - (1-y)·log(1 - p + 1e-7)`: NaN once p < 0 or p > 1.
 *  - `logits`: `tf.losses.sigmoidCrossEntropy` / `softmaxCrossEntropy` apply the squashing
 *    themselves and expect unbounded logits.
 */
type LossFamily = 'clipped' | 'logLoss' | 'logits';
type Task = 'binary' | 'categorical' | 'sparse';

interface LossKind {
  family: LossFamily;
  task: Task;
}

const LOSSES: Record<string, LossKind> = {
  binaryCrossentropy: { family: 'clipped', task: 'binary' },
  'metrics.binaryCrossentropy': { family: 'clipped', task: 'binary' },
  categoricalCrossentropy: { family: 'clipped', task: 'categorical' },
  'metrics.categoricalCrossentropy': { family: 'clipped', task: 'categorical' },
  sparseCategoricalCrossentropy: { family: 'clipped', task: 'sparse' },
  'metrics.sparseCategoricalCrossentropy': { family: 'clipped', task: 'sparse' },
  'losses.logLoss': { family: 'logLoss', task: 'binary' },
  'losses.sigmoidCrossEntropy': { family: 'logits', task: 'binary' },
  'losses.softmaxCrossEntropy': { family: 'logits', task: 'categorical' },
};

const PROBABILITY = new Set(['sigmoid', 'hardSigmoid', 'softmax']);
/** Activations whose output can be negative. */
const SIGNED = new Set(['linear', 'tanh', 'softsign', 'elu', 'selu', 'leakyRelu', 'prelu', 'swish', 'mish', 'gelu', 'gelu_new']);
/** Activations whose output is at least 0 but can exceed 1. */
const NON_NEGATIVE = new Set(['relu', 'relu6', 'softplus']);

/** Layers whose output is their input's values rearranged, dropped or pooled. */
const PASS_THROUGH = new Set([
  'dropout', 'flatten', 'reshape', 'permute', 'repeatVector', 'spatialDropout1d', 'alphaDropout', 'gaussianDropout',
  'cropping2D', 'upSampling2d', 'maxPooling1d', 'maxPooling2d', 'maxPooling3d', 'averagePooling1d', 'averagePooling2d',
  'averagePooling3d', 'globalMaxPooling1d', 'globalMaxPooling2d', 'globalAveragePooling1d', 'globalAveragePooling2d',
]);
/** Layers with an `activation` option (linear when it is not given). */
const ACTIVATED = new Set([
  'dense', 'conv1d', 'conv2d', 'conv3d', 'conv2dTranspose', 'conv3dTranspose', 'separableConv2d', 'depthwiseConv2d',
  'activation', 'embedding', 'simpleRNN', 'lstm', 'gru',
]);
/** Activation layers named by their function. */
const ACTIVATION_LAYERS: Record<string, string> = { softmax: 'softmax', reLU: 'relu', leakyReLU: 'leakyRelu', elu: 'elu', prelu: 'prelu', thresholdedReLU: 'relu' };

interface Output {
  /** The layer that decides the output's range (the one a fix edits). */
  layer: LayerFact;
  activation: string;
  units?: number;
}

export const lossActivationMismatch = defineRule<MessageId>({
  meta: {
    id: 'loss-activation-mismatch',
    fixable: true,
    messages: {
      nanLoss:
        '{loss} expects probabilities in [0, 1], but the model\'s output layer ({output}) produces {range}: its epsilon (1e-7) only guards 0 and 1, so the loss is NaN as soon as one prediction is {outside}.',
      handWrittenLog:
        'This cross-entropy takes the log of the model\'s raw output ({output}), which produces {range}: log of a negative value is NaN. Use a probability output (sigmoid / softmax) or a loss on logits.',
      clippedLoss:
        '{loss} expects probabilities, but the model\'s output layer ({output}) produces {range}. The loss clips predictions into [1e-7, 1 - 1e-7], so it stays finite, but every prediction outside that range gets a zero gradient and the output is not a probability.',
      singleUnitSoftmax:
        '{loss} on a softmax over a single unit ({output}): softmax of one value is always 1, so the prediction never changes and the gradient is 0. Use sigmoid for one unit.',
      doubleSquash:
        '{loss} applies {squash} itself and expects logits, but the model\'s output layer ({output}) already squashes: the loss sees {squash}({activation}(z)), so it cannot approach 0 and gradients are weaker. Remove the output activation or use a loss on probabilities.',
    },
    docs: {
      summary: 'Flags cross-entropy losses applied to model outputs that are not probabilities (or probabilities given to a loss that expects logits).',
      whatItDoes:
        'Finds the output activation of every model (the last layer, looking through dropout / flatten / reshape / pooling) and compares it with the loss it is trained or scored with: `compile({loss})` strings (`binaryCrossentropy`, `categoricalCrossentropy`, `sparseCategoricalCrossentropy`), `tf.metrics.*` and `tf.losses.*` functions, calls of `tf.losses.logLoss` / `sigmoidCrossEntropy` / `softmaxCrossEntropy` on `model.predict(x)` or `model.apply(x)` (in custom training loops with `optimizer.minimize` too), and hand-written cross-entropies that take `log(p)` or `log(1 - p)` of the prediction argument of a custom loss. It reports a probability loss on a linear / tanh / relu output, a softmax over a single unit, and (as information) a sigmoid or softmax output given to a loss that expects logits.',
      whyIsThisBad:
        'A dense layer without activation outputs any real number. `tf.losses.logLoss` computes log(p + 1e-7) and log(1 - p + 1e-7): the epsilon protects p = 0 and p = 1, not p = -0.3, whose log is NaN, so training is NaN from the first batch. A hand-written log of the prediction fails the same way. The layers losses (`\'binaryCrossentropy\'` and the categorical ones) clip predictions into [1e-7, 1 - 1e-7] and stay finite, but clipping has zero gradient outside that range, so every prediction below 0 or above 1 stops learning; measured with @tensorflow/tfjs 4.22 (CPU, 200 samples, 30 epochs of Adam at 0.01): a linear output reached 66% accuracy with 94 of 200 predictions outside [0, 1], the same model with a sigmoid output 92%, and with `tf.losses.logLoss` the loss was NaN from epoch 1. A softmax over one unit is constantly 1 (the loss never moved from 7.81). The opposite mismatch, a sigmoid output given to `tf.losses.sigmoidCrossEntropy`, squashes twice: it trains, but its loss floor is high (0.61 against 0.37), so it is reported as information.',
      example: [
        "const tf = require('@tensorflow/tfjs');",
        '',
        'const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [10] })] });',
        'model.compile({ optimizer: tf.train.adam(0.001), loss: tf.losses.logLoss });',
        'model.fit(tf.randomUniform([100, 10], -1, 1), tf.randomUniform([100, 1]).round(), { epochs: 10 });',
      ].join('\n'),
      useInstead: [
        "const tf = require('@tensorflow/tfjs');",
        '',
        "const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [10], activation: 'sigmoid' })] });",
        'model.compile({ optimizer: tf.train.adam(0.001), loss: tf.losses.logLoss });',
        'model.fit(tf.randomUniform([100, 10], -1, 1), tf.randomUniform([100, 1]).round(), { epochs: 10 });',
      ].join('\n'),
      fixSafety:
        'Both fixes are unsafe because they change the model. Setting the output activation (sigmoid for one unit or independent labels, softmax for classes) makes the output a probability, so code that reads predictions as scores must now read probabilities. Switching to the logits loss (`tf.losses.sigmoidCrossEntropy`, `tf.losses.softmaxCrossEntropy`) keeps the output as logits: predictions must go through `tf.sigmoid` / `tf.softmax` to become probabilities, and `accuracy` thresholds them at 0.5 as if they were.',
      probe:
        'The probe rebuilds the model with its output activation and loss; with `tf.losses.logLoss` or a hand-written log it reports NaN in the first batch and names the `Log` op. It then re-trains with the activation set and with the logits loss and reports which keep the loss finite and decreasing. For the clipped layers losses the loss stays finite, so the probe can only confirm a stable run.',
      references: [
        'https://js.tensorflow.org/api/latest/#losses.sigmoidCrossEntropy',
        'https://js.tensorflow.org/api/latest/#losses.logLoss',
        'https://js.tensorflow.org/api/latest/#metrics.binaryCrossentropy',
      ],
    },
  },
  check(context) {
    const { facts } = context;
    // Losses given to compile by name or by a TF.js function.
    for (const { fact: model } of facts.models) {
      if (!model.lossNode || model.lossFn || !model.lossName) continue;
      const kind = LOSSES[model.lossName];
      if (!kind) continue;
      const output = outputOf(model);
      if (!output) continue;
      const verdict = judge(kind, output);
      if (!verdict) continue;
      report(context, facts, {
        verdict,
        kind,
        output,
        model,
        lossText: lossLabel(model.lossNode),
        span: span(model.lossNode),
        lossExpression: model.lossNode,
        siteId: model.fits[0] ? `site@${model.fits[0].node.getStart()}` : undefined,
      });
    }
    // TF.js loss calls and hand-written logs on a model's predictions.
    const handWritten = new Set<string>();
    for (const op of facts.ops) {
      const kind = LOSSES[op.op];
      if (kind && op.style === 'function') {
        const predictions = op.rest[0];
        const model = predictions ? sourceModel(predictions, facts) : undefined;
        const output = model ? outputOf(model) : undefined;
        if (!model || !output) continue;
        const verdict = judge(kind, output);
        if (!verdict) continue;
        report(context, facts, {
          verdict,
          kind,
          output,
          model,
          lossText: `\`${calleeText(op.node)}\``,
          span: span(op.node),
          lossExpression: op.node.expression,
          maxArgs: op.op === 'losses.logLoss' ? 3 : 2,
          siteId: siteContaining(op.node, facts, model),
        });
        continue;
      }
      if (op.op !== 'log' || !op.operand) continue;
      const complement = complementOf(op.operand, facts);
      const target = complement ?? op.operand;
      const model = sourceModel(target, facts);
      const output = model ? outputOf(model) : undefined;
      if (!model || !output) continue;
      const signed = SIGNED.has(output.activation);
      // log(p) of a relu output is log(0) at worst, which raw-log reports; log(1 - p) is NaN for p > 1.
      if (!signed && !(complement && NON_NEGATIVE.has(output.activation))) continue;
      const key = `${model.id}@${enclosingFunction(op.node)?.getStart() ?? -1}`;
      if (handWritten.has(key)) continue;
      handWritten.add(key);
      const binary = complement !== undefined || hasComplementLog(op.node, facts) || (output.units ?? 1) === 1;
      report(context, facts, {
        verdict: { messageId: 'handWrittenLog', severity: 'warning' },
        kind: { family: 'logLoss', task: binary ? 'binary' : 'categorical' },
        output,
        model,
        lossText: 'this cross-entropy',
        span: span(op.node),
        siteId: siteContaining(op.node, facts, model),
      });
    }
  },
});

type Context = Parameters<typeof lossActivationMismatch.check>[0];

interface Verdict {
  messageId: MessageId;
  severity: Severity;
}

function judge(kind: LossKind, output: Output): Verdict | undefined {
  const a = output.activation;
  const singleSoftmax = a === 'softmax' && output.units === 1;
  if (kind.family === 'logits') {
    return PROBABILITY.has(a) ? { messageId: 'doubleSquash', severity: 'info' } : undefined;
  }
  if (singleSoftmax && kind.task === 'binary') return { messageId: 'singleUnitSoftmax', severity: 'warning' };
  if (!SIGNED.has(a) && !NON_NEGATIVE.has(a)) return undefined;
  return kind.family === 'logLoss' ? { messageId: 'nanLoss', severity: 'warning' } : { messageId: 'clippedLoss', severity: 'warning' };
}

interface Mismatch {
  verdict: Verdict;
  kind: LossKind;
  output: Output;
  model: ModelFact;
  lossText: string;
  span: Span;
  /** The loss expression a logits fix replaces (compile's `loss:` value or a call's callee). */
  lossExpression?: ts.Expression;
  /** Calls with more arguments than this are not rewritten to the logits loss (their meaning differs). */
  maxArgs?: number;
  siteId: string | undefined;
}

function report(context: Context, facts: FileFacts, m: Mismatch): void {
  const { output } = m;
  const layerNode = output.layer.activationNode ?? output.layer.node;
  context.report({
    messageId: m.verdict.messageId,
    severity: m.verdict.severity,
    span: m.span,
    data: {
      loss: m.lossText,
      output: describeOutput(output),
      activation: output.activation,
      range: rangeOf(output.activation),
      outside: SIGNED.has(output.activation) ? 'below 0' : 'above 1',
      squash: m.kind.task === 'binary' ? 'sigmoid' : 'softmax',
    },
    related: [{ span: span(layerNode), message: `the output layer (${describeOutput(output)}) is defined here` }],
    fixes: fixes(facts, m),
    ...(m.siteId ? { siteId: m.siteId } : {}),
  });
}

function fixes(facts: FileFacts, m: Mismatch): Fix[] {
  const out: Fix[] = [];
  const { output, kind, verdict } = m;
  const layer = output.layer;
  const editable = layer.config !== undefined && !layer.spec.recurrent && layer.spec.kind !== 'embedding';
  if (verdict.messageId === 'doubleSquash') {
    if (editable) {
      const fix = setActivationFix(facts, layer, 'linear', `Output logits: make the output layer linear (${kind.task === 'binary' ? 'sigmoid' : 'softmax'} is applied by the loss)`);
      if (fix) out.push(fix);
    }
  } else {
    const activation = kind.task === 'binary' || (output.units ?? 1) === 1 ? 'sigmoid' : 'softmax';
    if (editable) {
      const fix = setActivationFix(facts, layer, activation, `Set the output activation to ${activation}`);
      if (fix) out.push(fix);
    }
    const logits = logitsLossFix(facts, m);
    if (logits) out.push(logits);
  }
  if (out[0]) out[0].preferred = true;
  return out;
}

/** `'binaryCrossentropy'` → `tf.losses.sigmoidCrossEntropy` (and friends), keeping the output as logits. */
function logitsLossFix(facts: FileFacts, m: Mismatch): Fix | undefined {
  const expr = m.lossExpression;
  if (!expr || m.verdict.messageId === 'singleUnitSoftmax' || m.kind.task === 'sparse') return undefined;
  if (m.output.activation !== 'linear') return undefined;
  const target = m.kind.task === 'binary' ? 'sigmoidCrossEntropy' : 'softmaxCrossEntropy';
  const call = expr.parent && ts.isCallExpression(expr.parent) && expr.parent.expression === expr ? expr.parent : undefined;
  if (call && call.arguments.length > (m.maxArgs ?? 2)) return undefined;
  const edits: TextEdit[] = [];
  if (ts.isPropertyAccessExpression(expr) && facts.evaluator.tfPath(expr.expression) === 'losses') {
    // `tf.losses.logLoss`, or `losses.logLoss` with `losses` imported by name: keep the user's binding.
    edits.push({ span: span(expr.name), newText: target });
  } else {
    const ns = tfNamespace(facts);
    edits.push(...ns.edits, { span: span(expr), newText: `${ns.name}.losses.${target}` });
  }
  return { title: `Keep the logits and use tf.losses.${target}`, safety: 'unsafe', remedy: 'other', edits };
}

/** The layer that decides a model's output range, looking through layers that only move values. */
function outputOf(model: ModelFact): Output | undefined {
  const layers = model.layers;
  let units: number | undefined;
  for (let i = layers.length - 1; i >= 0; i--) {
    const layer = layers[i] as LayerFact;
    const kind = layer.spec.kind;
    if (PASS_THROUGH.has(kind)) continue;
    const named = ACTIVATION_LAYERS[kind];
    const activation = named ?? (ACTIVATED.has(kind) ? layer.spec.activation : undefined);
    if (activation === undefined) return undefined;
    units = unitsBefore(layers, i);
    return { layer, activation, ...(units !== undefined ? { units } : {}) };
  }
  return undefined;
}

/** Units of the output: the nearest layer at or before `i` that declares them. */
function unitsBefore(layers: LayerFact[], i: number): number | undefined {
  for (let j = i; j >= 0; j--) {
    const units = (layers[j] as LayerFact).spec.units;
    if (units !== undefined) return units;
    const kind = (layers[j] as LayerFact).spec.kind;
    if (!PASS_THROUGH.has(kind) && !(kind in ACTIVATION_LAYERS) && kind !== 'activation') return undefined;
  }
  return undefined;
}

/** `1 - p` written as `tf.scalar(1).sub(p)`, `tf.sub(1, p)` or `tf.onesLike(p).sub(p)`: p. */
function complementOf(expr: ts.Expression, facts: FileFacts): ts.Expression | undefined {
  const e = strip(expr);
  if (!ts.isCallExpression(e)) return undefined;
  const callee = strip(e.expression);
  if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'sub') {
    const path = facts.evaluator.tfPath(callee);
    if (path === 'sub') return isOne(e.arguments[0], facts) ? e.arguments[1] : undefined;
    if (path === undefined) return isOne(callee.expression, facts) ? e.arguments[0] : undefined;
    return undefined;
  }
  if (facts.evaluator.tfPath(callee) === 'sub') return isOne(e.arguments[0], facts) ? e.arguments[1] : undefined;
  return undefined;
}

function isOne(expr: ts.Expression | undefined, facts: FileFacts): boolean {
  if (!expr) return false;
  const e = strip(expr);
  if (ts.isCallExpression(e) && facts.evaluator.tfPath(e.expression) === 'onesLike') return true;
  const v = facts.evaluator.value(e);
  if (v.kind === 'number') return v.value === 1;
  if (v.kind === 'tensor') {
    const c = v.t.concrete;
    return c !== undefined && c.values.length === 1 && c.values[0] === 1;
  }
  return false;
}

/** Another `log(1 - p)` in the same function: the hand-written loss is binary. */
function hasComplementLog(node: ts.Node, facts: FileFacts): boolean {
  const fn = enclosingFunction(node);
  if (!fn) return false;
  return facts.ops.some((op) => op.op === 'log' && op.operand !== undefined && op.node.pos >= fn.pos && op.node.end <= fn.end && complementOf(op.operand, facts) !== undefined);
}

function enclosingFunction(node: ts.Node): ts.Node | undefined {
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) if (ts.isFunctionLike(n)) return n;
  return undefined;
}

function describeOutput(output: Output): string {
  const { layer, activation, units } = output;
  const how = layer.spec.kind in ACTIVATION_LAYERS || layer.spec.kind === 'activation'
    ? `tf.layers.${layer.spec.kind}`
    : layer.activationNode ? `${activation} activation` : 'no activation, so linear';
  return `\`${layer.spec.kind}\`${units !== undefined ? ` with ${units} unit${units === 1 ? '' : 's'}` : ''}, ${how}`;
}

function rangeOf(activation: string): string {
  if (activation === 'tanh' || activation === 'softsign') return 'values in (-1, 1)';
  if (NON_NEGATIVE.has(activation)) return activation === 'relu6' ? 'values in [0, 6]' : 'values from 0 upwards, unbounded';
  if (SIGNED.has(activation)) return 'unbounded values, negative ones included';
  return 'probabilities';
}

function lossLabel(node: ts.Expression): string {
  const text = node.getText();
  return ts.isStringLiteralLike(node) ? `The loss ${text}` : `\`${text}\``;
}

function calleeText(call: ts.CallExpression): string {
  return call.expression.getText();
}


