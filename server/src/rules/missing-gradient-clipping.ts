import ts = require('typescript');
import type { FileFacts } from '../analysis/facts';
import * as R from '../analysis/ranges';
import { inputScale, isSaturating, isUnscaled, learningRateBound, rateIsTooHigh } from '../analysis/training';
import type { Fix, Severity } from '../analysis/types';
import { span, type ModelFact } from '../analysis/values';
import { helperFlavour, insertHelper, tfNamespace } from '../fixes/edits';
import { CLIP_HELPER, clipHelper } from '../fixes/helpers';
import { defineRule } from './rule';

type MessageId = 'atRisk';

const TARGET_LIMIT = 100;

export const missingGradientClipping = defineRule<MessageId>({
  meta: {
    id: 'missing-gradient-clipping',
    fixable: true,
    messages: {
      atRisk: 'This model is at risk of exploding gradients ({factors}) and its optimizer does not clip them.',
    },
    docs: {
      summary: 'Flags a model at risk of exploding gradients whose optimizer does not clip them.',
      whatItDoes:
        'Counts the risk factors of each trained model: recurrent layers, a deep stack of saturating activations, inputs or targets far from unit scale, and a learning rate above its bound. With two or more factors and no clipping it warns; with one it only informs. A model without any risk factor is never reported: most models train fine without clipping. Clipping is recognised when the optimizer passes through a function that replaces its `applyGradients`, or when the file assigns `applyGradients` on it.',
      whyIsThisBad:
        'When one large gradient makes a step that lands where gradients are larger still, the weights blow up in a handful of steps: Infinity, then NaN, and `model.fit` carries on. Recurrent layers multiply gradients through time, and unscaled data or a high rate start the spiral. Clipping by global norm bounds each step while keeping its direction.',
      example: [
        "const tf = require('@tensorflow/tfjs');",
        '',
        'const model = tf.sequential({',
        "  layers: [tf.layers.lstm({ units: 32, inputShape: [20, 1] }), tf.layers.dense({ units: 1 })],",
        '});',
        "model.compile({ optimizer: tf.train.sgd(2), loss: 'meanSquaredError' });",
        'const X = tf.randomUniform([64, 20, 1]);',
        'const y = tf.randomUniform([64, 1]);',
        'model.fit(X, y, { epochs: 5 });',
      ].join('\n'),
      useInstead: [
        "const tf = require('@tensorflow/tfjs');",
        '',
        'function clipGradientsByGlobalNorm(optimizer, clipNorm) {',
        '  const applyGradients = optimizer.applyGradients.bind(optimizer);',
        '  optimizer.applyGradients = (variableGradients) => {',
        '    const list = Array.isArray(variableGradients)',
        '      ? variableGradients',
        '      : Object.keys(variableGradients).map((name) => ({ name, tensor: variableGradients[name] }));',
        '    const clipped = tf.tidy(() => {',
        '      const norm = tf.sqrt(tf.addN(list.map((g) => tf.sum(tf.square(g.tensor)))));',
        '      const scale = tf.div(clipNorm, tf.maximum(norm, clipNorm));',
        '      return list.map((g) => ({ name: g.name, tensor: tf.mul(g.tensor, scale) }));',
        '    });',
        '    try {',
        '      return applyGradients(clipped);',
        '    } finally {',
        '      tf.dispose(clipped.map((g) => g.tensor));',
        '    }',
        '  };',
        '  return optimizer;',
        '}',
        '',
        'const model = tf.sequential({',
        "  layers: [tf.layers.lstm({ units: 32, inputShape: [20, 1] }), tf.layers.dense({ units: 1 })],",
        '});',
        "model.compile({ optimizer: clipGradientsByGlobalNorm(tf.train.sgd(0.1), 1.0), loss: 'meanSquaredError' });",
        'const X = tf.randomUniform([64, 20, 1]);',
        'const y = tf.randomUniform([64, 1]);',
        'model.fit(X, y, { epochs: 5 });',
      ].join('\n'),
      fixSafety:
        'TF.js optimizers have no `clipnorm`. The fix adds a small `clipGradientsByGlobalNorm(optimizer, 1.0)` helper that wraps the optimizer\'s `applyGradients`, so `model.fit`, `optimizer.minimize` and custom loops all clip; a string optimizer becomes the equivalent `tf.train.*` call with TF.js\'s default rate. It is unsafe: it changes the training dynamics (for the better when gradients explode, but it does change them).',
      probe: 'The probe trains with and without the wrapper and reports the gradient norm per batch; when the unclipped run reaches Infinity / NaN and the clipped one stays finite, the fix is marked verified.',
      references: ['https://keras.io/api/optimizers/#clipnorm'],
    },
  },
  check(context) {
    const { facts } = context;
    for (const { fact: model } of facts.models) {
      const opt = model.optimizer;
      if (!opt || opt.spec.clipped || model.fits.length === 0) continue;
      const factors = riskFactors(model, facts);
      if (factors.length === 0) continue;
      const severity: Severity = factors.length >= 2 ? 'warning' : 'info';
      const fix = clipFix(model, facts);
      const target = model.optimizerNode ?? opt.node;
      context.report({
        messageId: 'atRisk',
        severity,
        span: span(target),
        data: { factors: factors.join('; '), count: factors.length },
        fixes: fix ? [fix] : [],
        siteId: `site@${(model.fits[0] ?? model).node.getStart()}`,
      });
    }
  },
});

function riskFactors(model: ModelFact, facts: FileFacts): string[] {
  const t = facts.config.thresholds;
  const out: string[] = [];
  const recurrent = model.layers.filter((l) => l.spec.recurrent);
  if (recurrent.length) out.push(`recurrent layer${recurrent.length > 1 ? 's' : ''} (${recurrent.map((l) => l.spec.kind).join(', ')})`);
  const saturating = model.layers.filter((l) => isSaturating(l.spec.activation) && !l.spec.recurrent);
  if (saturating.length >= t.deepSaturatingLayers) out.push(`${saturating.length} stacked saturating layers`);
  const scale = inputScale(model, facts.positions);
  if (scale && isUnscaled(scale, t.unscaledInputLimit, t)) out.push(`inputs reach ${R.formatNumber(scale.maxAbs)}`);
  // Class indices and one-hot labels are not a scale: only regression targets count.
  const y = isClassification(model) ? undefined : model.fits.find((f) => f.y && !f.y.range.unknown)?.y;
  if (y && !y.normalized && R.maxAbs(y.range) > TARGET_LIMIT && Number.isFinite(R.maxAbs(y.range))) {
    out.push(`targets reach ${R.formatNumber(R.maxAbs(y.range))}`);
  }
  const spec = model.optimizer?.spec;
  const limits = spec?.learningRate !== undefined ? learningRateBound(spec.kind, spec.learningRate, model, facts.positions, t) : undefined;
  if (spec && limits) {
    if (limits.growth !== undefined && limits.growth > t.divergenceFactor) {
      out.push(`SGD step growth ≈ ${R.formatNumber(limits.growth)}`);
    } else if (rateIsTooHigh(spec, limits, t)) {
      out.push(`learning rate ${R.formatNumber(spec.learningRate ?? 0)} is above ${R.formatNumber(limits.bound)}${limits.why}`);
    }
  }
  return out;
}

function clipFix(model: ModelFact, facts: FileFacts): Fix | undefined {
  const opt = model.optimizer;
  const node = model.optimizerNode ?? opt?.node;
  if (!opt || !node) return undefined;
  // A string TF.js does not know (`'adamm'`) has no applyGradients to wrap (compile throws on it).
  if (opt.spec.fromString && opt.spec.kind === 'unknown') return undefined;
  const ns = tfNamespace(facts);
  const inner = opt.spec.fromString && opt.spec.kind !== 'unknown'
    ? `${ns.name}.train.${opt.spec.kind}(${opt.spec.learningRate ?? ''})`
    : node.getText();
  return {
    title: 'Clip gradients by global norm 1.0 (wraps the optimizer)',
    safety: 'unsafe',
    remedy: 'gradient-clipping',
    preferred: true,
    edits: [
      ...ns.edits,
      ...insertHelper(facts, CLIP_HELPER, () => clipHelper(ns.name, helperFlavour(facts))),
      {
        span: span(node),
        // `{ optimizer }` shorthand becomes `{ optimizer: clip(optimizer) }`.
        newText: `${ts.isShorthandPropertyAssignment(node.parent) ? `${node.getText()}: ` : ''}${CLIP_HELPER}(${inner}, 1.0)`,
      },
    ],
  };
}

const CLASSIFICATION_LOSSES = /crossentropy|hinge|logLoss|softmaxCrossEntropy|sigmoidCrossEntropy/i;

function isClassification(model: ModelFact): boolean {
  return model.lossName !== undefined && CLASSIFICATION_LOSSES.test(model.lossName);
}
