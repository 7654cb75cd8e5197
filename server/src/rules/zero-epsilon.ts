import ts = require('typescript');
import { constructedOptimizers, type FileFacts } from '../analysis/facts';
import * as R from '../analysis/ranges';
import type { Fix, Severity, Span } from '../analysis/types';
import { span, type LayerFact, type OptimizerFact } from '../analysis/values';
import { defineRule } from './rule';

type MessageId = 'zeroOptimizer' | 'tinyOptimizer' | 'zeroLayer';

/**
 * Below this an epsilon no longer protects the denominator: it is 0 in float16 (WebGL without
 * float32 textures rounds everything under about 6e-8 to 0), and in float32 a gradient whose square
 * underflows (|g| < about 1e-23) gets a step of lr · |g| / epsilon, which is huge when epsilon is
 * far below that.
 */
const TINY_EPSILON = 1e-10;

/** Position of `epsilon` among the positional arguments of each `tf.train.*` constructor. */
const EPSILON_ARG: Record<string, number> = { adam: 3, adamax: 3, rmsprop: 3, adadelta: 2 };
const EPSILON_LAYERS = new Set(['batchNormalization', 'layerNormalization']);

export const zeroEpsilon = defineRule<MessageId>({
  meta: {
    id: 'zero-epsilon',
    fixable: true,
    messages: {
      zeroOptimizer:
        '`tf.train.{optimizer}` gets epsilon {epsilon}{rounded}. Its update divides by sqrt(v) + epsilon, and v is 0 for every weight whose gradient is 0 (an unused embedding row, a dead ReLU unit): 0 / 0 = NaN, which then spreads through the weights.',
      tinyOptimizer:
        '`tf.train.{optimizer}` gets epsilon {epsilon}, far below float precision: it is 0 on a float16 WebGL backend (0 / 0 = NaN for any weight with a zero gradient), and in float32 a gradient whose square underflows gets a step of lr · |g| / {epsilon}.',
      zeroLayer:
        '`{layer}` has epsilon {epsilon}: it divides by sqrt(variance + epsilon), and the variance is 0 for a feature that is constant in a batch (or a batch of one sample), so the output is 0 / 0 = NaN.',
    },
    docs: {
      summary: 'Flags an epsilon of 0 (or one far below float precision) given to Adam, Adamax, RMSProp, Adadelta or a normalization layer.',
      whatItDoes:
        'Reads the positional `epsilon` of `tf.train.adam(lr, beta1, beta2, epsilon)`, `tf.train.adamax(lr, beta1, beta2, epsilon, decay)`, `tf.train.rmsprop(lr, decay, momentum, epsilon)` and `tf.train.adadelta(lr, rho, epsilon)`, following consts, and the `epsilon` option of `batchNormalization` / `layerNormalization` layers. It reports an error when the value is 0, negative, or rounds to 0 in float32, and a warning when it is positive but below 1e-10.',
      whyIsThisBad:
        'These optimizers divide each step by a running root-mean-square of the gradient plus epsilon. A weight that has received only zero gradients has a root-mean-square of exactly 0, so with epsilon 0 its update is 0 / 0 = NaN, and one NaN weight makes every prediction and then every gradient NaN. Measured with @tensorflow/tfjs 4.22 on the CPU backend: two weights, one with gradient 0, three `minimize` steps: with epsilon 0 the zero-gradient weight is NaN for adam, adamax and rmsprop, and both weights are NaN for adadelta; with the default epsilon both stay finite. Normalization layers divide by sqrt(variance + epsilon) the same way. An epsilon below 1e-10 is 0 on float16 WebGL devices (TF.js itself uses 1e-4 there) and amplifies gradients that underflow in float32.',
      example: [
        "const tf = require('@tensorflow/tfjs');",
        '',
        'const model = tf.sequential({',
        '  layers: [',
        "    tf.layers.embedding({ inputDim: 1000, outputDim: 8, inputLength: 4 }),",
        '    tf.layers.flatten(),',
        "    tf.layers.dense({ units: 1, activation: 'sigmoid' }),",
        '  ],',
        '});',
        "model.compile({ optimizer: tf.train.adam(0.001, 0.9, 0.999, 0), loss: 'binaryCrossentropy' });",
      ].join('\n'),
      useInstead: [
        "const tf = require('@tensorflow/tfjs');",
        '',
        'const model = tf.sequential({',
        '  layers: [',
        "    tf.layers.embedding({ inputDim: 1000, outputDim: 8, inputLength: 4 }),",
        '    tf.layers.flatten(),',
        "    tf.layers.dense({ units: 1, activation: 'sigmoid' }),",
        '  ],',
        '});',
        "model.compile({ optimizer: tf.train.adam(0.001, 0.9, 0.999), loss: 'binaryCrossentropy' });",
      ].join('\n'),
      fixSafety:
        'The fix removes the epsilon argument (the trailing one; otherwise it passes `undefined`, which TF.js replaces by the backend epsilon, 1e-7 on float32 and 1e-4 on float16) or, for a layer, removes the option (default 1e-3). It is safe: it changes the step only for weights whose gradient statistics are near 0, where the written value gives NaN or an unbounded step.',
      probe:
        'The probe builds the optimizer with the written epsilon and trains; a weight with a zero gradient turns NaN at the first step and the localization names the optimizer. The re-run with the default epsilon shows whether the loss stays finite.',
      references: ['https://js.tensorflow.org/api/latest/#train.adam', 'https://js.tensorflow.org/api/latest/#layers.batchNormalization'],
    },
  },
  check(context) {
    const { facts } = context;
    for (const { optimizer } of constructedOptimizers(facts)) checkOptimizer(context, facts, optimizer);
    const layers = new Set<LayerFact>();
    for (const { fact } of facts.models) for (const layer of fact.layers) layers.add(layer);
    for (const layer of layers) checkLayer(context, facts, layer);
  },
});

type Context = Parameters<typeof zeroEpsilon.check>[0];

function checkOptimizer(context: Context, facts: FileFacts, opt: OptimizerFact): void {
  const spec = opt.spec;
  const index = EPSILON_ARG[spec.kind];
  if (index === undefined || !ts.isCallExpression(opt.node)) return;
  const arg = opt.node.arguments[index];
  if (!arg) return;
  const value = epsilonValue(facts, arg, spec.epsilon);
  if (value === undefined) return;
  const verdict = classify(value);
  if (!verdict) return;
  context.report({
    messageId: verdict.severity === 'error' ? 'zeroOptimizer' : 'tinyOptimizer',
    severity: verdict.severity,
    span: spec.epsilonSpan ?? span(arg),
    data: { optimizer: spec.kind, epsilon: R.formatNumber(value), rounded: verdict.rounded ? ' (0 in float32)' : '' },
    related: relatedDefinition(facts, arg),
    fixes: [optimizerFix(facts, opt.node, index, spec.kind)],
    ...siteOf(opt, facts),
  });
}

function checkLayer(context: Context, facts: FileFacts, layer: LayerFact): void {
  if (!EPSILON_LAYERS.has(layer.spec.kind) || !layer.config) return;
  // The last `epsilon` of the literal is the one the layer gets (a repeated key overrides).
  const prop = [...layer.config.properties].reverse().find(
    (p): p is ts.PropertyAssignment | ts.ShorthandPropertyAssignment =>
      (ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)) && ts.isIdentifier(p.name) && p.name.text === 'epsilon',
  );
  if (!prop) return;
  const valueNode = ts.isPropertyAssignment(prop) ? prop.initializer : prop.name;
  const value = epsilonValue(facts, valueNode, typeof layer.spec.options['epsilon'] === 'number' ? layer.spec.options['epsilon'] : undefined);
  if (value === undefined) return;
  const verdict = classify(value);
  // A tiny layer epsilon is still added to a variance (not to its square root): only 0 is reported.
  if (!verdict || verdict.severity !== 'error') return;
  context.report({
    messageId: 'zeroLayer',
    severity: 'warning',
    span: span(prop),
    data: { layer: `tf.layers.${layer.spec.kind}`, epsilon: R.formatNumber(value) },
    related: relatedDefinition(facts, valueNode),
    fixes: [layerFix(facts, layer.config, prop)],
  });
}

function epsilonValue(facts: FileFacts, node: ts.Expression, known: number | undefined): number | undefined {
  if (known !== undefined) return known;
  const v = facts.evaluator.value(node);
  if (v.kind !== 'number') return undefined;
  if (v.value !== undefined) return v.value;
  return v.range.lo === v.range.hi ? v.range.lo : undefined;
}

function classify(value: number): { severity: Severity; rounded: boolean } | undefined {
  if (Number.isNaN(value)) return undefined;
  if (value <= 0) return { severity: 'error', rounded: false };
  if (Math.fround(value) === 0) return { severity: 'error', rounded: true };
  if (value < TINY_EPSILON) return { severity: 'warning', rounded: false };
  return undefined;
}

/** `const EPS = 0` used at the call: point at the definition too. */
function relatedDefinition(facts: FileFacts, node: ts.Expression): { span: Span; message: string }[] {
  if (!ts.isIdentifier(node)) return [];
  const decl = facts.scopes.resolve(node);
  if (!decl || !ts.isVariableDeclaration(decl) || !decl.initializer) return [];
  return [{ span: span(decl.initializer), message: `\`${node.text}\` is defined here` }];
}

function optimizerFix(facts: FileFacts, call: ts.CallExpression, index: number, kind: string): Fix {
  const args = call.arguments;
  const arg = args[index] as ts.Expression;
  const last = index === args.length - 1;
  const edits = last
    ? [{ span: { start: (args[index - 1] as ts.Expression).getEnd(), end: arg.getEnd() }, newText: '' }]
    : [{ span: { start: arg.getStart(facts.sourceFile), end: arg.getEnd() }, newText: 'undefined' }];
  return {
    title: last ? `Remove the epsilon argument (tf.train.${kind} then uses the backend epsilon)` : 'Pass undefined for epsilon (the backend default)',
    safety: 'safe',
    remedy: 'epsilon',
    preferred: true,
    edits,
  };
}

function layerFix(facts: FileFacts, config: ts.ObjectLiteralExpression, prop: ts.ObjectLiteralElementLike): Fix {
  const props = config.properties;
  const i = props.indexOf(prop);
  const text = facts.text;
  let start: number;
  let end: number;
  if (i > 0) {
    // Remove from the end of the previous property (its comma stays with this one).
    start = (props[i - 1] as ts.ObjectLiteralElementLike).getEnd();
    end = prop.getEnd();
  } else {
    start = prop.getStart(facts.sourceFile);
    end = prop.getEnd();
    // Take the following comma and spaces along.
    const rest = /^\s*,[ \t]*/.exec(text.slice(end));
    if (rest) end += rest[0].length;
  }
  return { title: 'Remove the epsilon option (default 1e-3)', safety: 'safe', remedy: 'epsilon', preferred: true, edits: [{ span: { start, end }, newText: '' }] };
}

function siteOf(opt: OptimizerFact, facts: FileFacts): { siteId?: string } {
  for (const s of facts.sites) {
    if (s.optimizer === opt || s.model?.optimizer === opt) return { siteId: s.site.id };
  }
  return {};
}
