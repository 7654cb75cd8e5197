import ts = require('typescript');
import type { FileFacts } from '../analysis/facts';
import * as R from '../analysis/ranges';
import { learningRateBound, rateIsTooHigh, withMomentum } from '../analysis/training';
import type { OptimizerSpec, Span } from '../analysis/types';
import { OPTIMIZER_DEFAULTS, span, type ModelFact, type OptimizerFact } from '../analysis/values';
import { defineRule } from './rule';

type MessageId = 'diverges' | 'aboveBound';

export const highLearningRate = defineRule<MessageId>({
  meta: {
    id: 'high-learning-rate',
    fixable: true,
    messages: {
      diverges:
        'Learning rate {lr} for {optimizer} makes the SGD step growth lr·2·mean(x²) ≈ {growth} on inputs reaching {maxAbs}: the loss will grow to Infinity, then NaN. At most {bound} is stable here.',
      aboveBound: 'Learning rate {lr} for {optimizer} is above the stable bound {bound}{why}: updates overshoot and the loss can diverge to Infinity / NaN.',
    },
    docs: {
      summary: 'Flags a learning rate above a per-optimizer bound, tightened for SGD when the inputs are unscaled.',
      whatItDoes:
        'Reads the learning rate of every optimizer (`tf.train.*` calls, and the defaults behind string optimizers like `\'sgd\'`), following consts. It compares the rate with a per-optimizer bound for normalized data (sgd 1, momentum 0.5, adam 0.1, adamax 0.2, rmsprop 0.05, adagrad 1, adadelta 10; configurable). For `tf.train.momentum(lr, m)` the step on a steady gradient grows to the effective rate lr / (1 − m), so with a known coefficient the rate must also keep lr / (1 − m) under the SGD bound (momentum 0.9 at 0.5 is an effective step of 5). For SGD and momentum, whose steps scale with the gradient, the bound shrinks with the square of the input scale; for a linear model under mean squared error it is computed from the step growth factor `lr · 2 · mean(x²)`. A default rate that only fails because the data is unscaled is left to `unscaled-input`. When the rate comes from a variable (`const LEARNING_RATE = 1.5`), the finding sits at the optimizer and its related information points at the place the rate is set, where the fix edits the number.',
      whyIsThisBad:
        'A step larger than the curvature allows overshoots the minimum; each step overshoots more, weights grow geometrically, and the loss reaches Infinity and then NaN within a few epochs. TF.js has no built-in guard and `model.fit` keeps training on NaN.',
      example: [
        "const tf = require('@tensorflow/tfjs');",
        '',
        'const model = tf.sequential({',
        "  layers: [tf.layers.dense({ units: 16, activation: 'relu', inputShape: [4] }), tf.layers.dense({ units: 1 })],",
        '});',
        "model.compile({ optimizer: tf.train.adam(0.5), loss: 'meanSquaredError' });",
      ].join('\n'),
      useInstead: [
        "const tf = require('@tensorflow/tfjs');",
        '',
        'const model = tf.sequential({',
        "  layers: [tf.layers.dense({ units: 16, activation: 'relu', inputShape: [4] }), tf.layers.dense({ units: 1 })],",
        '});',
        "model.compile({ optimizer: tf.train.adam(0.001), loss: 'meanSquaredError' });",
      ].join('\n'),
      fixSafety: 'The fix sets the rate to the optimizer\'s usual default, or lower when the bound requires it. It is unsafe: training converges more slowly, and schedules tuned for the old rate change.',
      probe: 'The probe trains with the written rate and reports Infinity / NaN or a diverging loss, then re-runs with the suggested rate and with gradient clipping, and reports which keep the loss finite and decreasing.',
      references: ['https://js.tensorflow.org/api/latest/#Training-Optimizers'],
    },
  },
  check(context) {
    const { facts } = context;
    const seen = new Set<OptimizerFact>();
    for (const { fact: model } of facts.models) {
      const opt = model.optimizer;
      if (!opt || seen.has(opt)) continue;
      seen.add(opt);
      checkOptimizer(context, facts, opt, model);
    }
    for (const site of facts.sites) {
      if (site.optimizer && !seen.has(site.optimizer)) {
        seen.add(site.optimizer);
        checkOptimizer(context, facts, site.optimizer, undefined);
      }
    }
  },
});

function checkOptimizer(
  context: Parameters<typeof highLearningRate.check>[0],
  facts: FileFacts,
  opt: OptimizerFact,
  model: ModelFact | undefined,
): void {
  const spec = opt.spec;
  const lr = spec.learningRate;
  if (spec.kind === 'unknown' || lr === undefined) return;
  const t = facts.config.thresholds;
  const base = learningRateBound(spec.kind, lr, model, facts.positions, t);
  if (!base) return;
  const limits = withMomentum(spec, base, t.learningRate);
  const { bound, why, growth, scale } = limits;
  if (!rateIsTooHigh(spec, limits, t)) return;
  const diverges = growth !== undefined && growth > t.divergenceFactor;
  const safe = safeRate(spec, bound);
  const optimizerName = spec.fromString ? `'${spec.kind}'` : `tf.train.${spec.kind}`;
  const definition = rateDefinition(opt, facts);
  const related: { span: Span; message: string }[] = [];
  if (definition) related.push({ span: definition.span, message: `the rate ${R.formatNumber(lr)} is set here (\`${definition.name}\`)` });
  if (scale) related.push({ span: scale.originSpan, message: `the inputs' scale comes from ${scale.originDescription}` });
  context.report({
    messageId: diverges ? 'diverges' : 'aboveBound',
    severity: diverges ? 'error' : 'warning',
    span: spec.learningRateSpan ?? spec.span,
    data: {
      lr: R.formatNumber(lr),
      optimizer: optimizerName,
      bound: R.formatNumber(bound),
      why,
      growth: growth !== undefined ? R.formatNumber(growth) : '',
      maxAbs: scale ? R.formatNumber(scale.maxAbs) : '',
    },
    fixes: fixFor(spec, opt, safe, facts, definition),
    ...(related.length ? { related } : {}),
    ...(model?.fits[0] ? { siteId: `site@${model.fits[0].node.getStart()}` } : {}),
  });
}

/** The optimizer's usual default, or the largest round value under the bound. */
function safeRate(spec: OptimizerSpec, bound: number): number {
  const kind = spec.kind === 'unknown' ? 'sgd' : spec.kind;
  const def = OPTIMIZER_DEFAULTS[kind].string;
  if (def <= bound / 2) return def;
  const exponent = Math.floor(Math.log10(bound / 2));
  return Number((10 ** exponent).toPrecision(1));
}

interface RateDefinition {
  /** The numeric literal that sets the rate (`1.5` in `const LEARNING_RATE = 1.5`). */
  span: Span;
  name: string;
  /** The literal can be edited there: a const (or a never reassigned let) initialized with a number. */
  editable: boolean;
}

/** Where a rate given as a variable (`tf.train.sgd(LEARNING_RATE)`) is written, following const chains. */
function rateDefinition(opt: OptimizerFact, facts: FileFacts): RateDefinition | undefined {
  if (!ts.isCallExpression(opt.node)) return undefined;
  let arg: ts.Expression | undefined = opt.node.arguments[0];
  let name: string | undefined;
  let editable = true;
  for (let hops = 0; arg && hops < 8; hops++) {
    while (ts.isParenthesizedExpression(arg) || ts.isAsExpression(arg) || ts.isNonNullExpression(arg)) arg = arg.expression;
    if (!ts.isIdentifier(arg)) break;
    const decl = facts.scopes.resolve(arg);
    if (!decl || !ts.isVariableDeclaration(decl) || !decl.initializer || decl.getSourceFile() !== facts.sourceFile) return undefined;
    const list = decl.parent;
    const isConst = ts.isVariableDeclarationList(list) && (list.flags & ts.NodeFlags.Const) !== 0;
    if (!isConst && facts.scopes.assignmentsTo(decl).length > 0) return undefined;
    name = arg.text;
    arg = decl.initializer;
  }
  if (!arg || name === undefined) return undefined;
  while (ts.isParenthesizedExpression(arg) || ts.isAsExpression(arg)) arg = arg.expression;
  if (!ts.isNumericLiteral(arg)) editable = false;
  return { span: span(arg), name, editable };
}

function fixFor(spec: OptimizerSpec, opt: OptimizerFact, safe: number, facts: FileFacts, definition?: RateDefinition) {
  const text = String(safe);
  if (definition?.editable) {
    return [{ title: `Set \`${definition.name}\` to ${text}`, safety: 'unsafe' as const, remedy: 'learning-rate' as const, preferred: true, edits: [{ span: definition.span, newText: text }] }];
  }
  if (spec.learningRateSpan) {
    return [{ title: `Set the learning rate to ${text}`, safety: 'unsafe' as const, remedy: 'learning-rate' as const, preferred: true, edits: [{ span: spec.learningRateSpan, newText: text }] }];
  }
  if (spec.fromString) {
    const ns = facts.bindings.namespaces[0];
    if (!ns) return [];
    const s = span(opt.node);
    return [{ title: `Use ${ns}.train.${spec.kind}(${text})`, safety: 'unsafe' as const, remedy: 'learning-rate' as const, preferred: true, edits: [{ span: s, newText: `${ns}.train.${spec.kind}(${text})` }] }];
  }
  return [];
}
