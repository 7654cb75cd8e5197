import { inputScale, isSaturating, isUnscaled, scaleEvidence } from '../analysis/training';
import { normalizeInputsFix } from '../fixes/normalize-inputs';
import { defineRule } from './rule';
import { span } from '../analysis/values';

type MessageId = 'saturates';

export const saturatingActivationUnscaledInput = defineRule<MessageId>({
  meta: {
    id: 'saturating-activation-unscaled-input',
    fixable: true,
    messages: {
      saturates:
        'The first layer is {activation} and its inputs `{x}` reach {maxAbs} ({origin}, line {line}){features}: most units will saturate at ±1 (or 0 / 1), their gradients vanish, and the layer stops learning.',
    },
    docs: {
      summary: 'Flags a tanh / sigmoid / softmax first layer fed inputs that are not normalized.',
      whatItDoes:
        'Looks at the first layer of every model trained with `fit`. When its activation saturates (`tanh`, `sigmoid`, `softmax`, `hardSigmoid`, `softsign`) and the training inputs reach beyond about ±5, or their features differ by orders of magnitude, and no normalization happens first, it reports the layer\'s activation.',
      whyIsThisBad:
        'tanh(20) is 1 to float32 precision, and its derivative is 0. With inputs of size 100, almost every unit of the first layer sits on a flat part of its activation from the first step: gradients vanish, the loss plateaus, and with a high learning rate the few unsaturated weights swing hard enough to overflow.',
      example: [
        "const tf = require('@tensorflow/tfjs');",
        '',
        'const model = tf.sequential({',
        '  layers: [',
        "    tf.layers.dense({ units: 32, activation: 'tanh', inputShape: [10] }),",
        '    tf.layers.dense({ units: 1 }),',
        '  ],',
        '});',
        "model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });",
        'const X = tf.randomUniform([100, 10]).mul(100);',
        'const y = tf.randomUniform([100, 1]);',
        'model.fit(X, y, { epochs: 10 });',
      ].join('\n'),
      useInstead: [
        "const tf = require('@tensorflow/tfjs');",
        '',
        'const model = tf.sequential({',
        '  layers: [',
        "    tf.layers.dense({ units: 32, activation: 'tanh', inputShape: [10] }),",
        '    tf.layers.dense({ units: 1 }),',
        '  ],',
        '});',
        "model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });",
        'const X = tf.randomUniform([100, 10]);',
        'const y = tf.randomUniform([100, 1]);',
        'model.fit(X, y, { epochs: 10 });',
      ].join('\n'),
      fixSafety:
        'The fix z-scores each feature with `tf.moments` and an epsilon where the data is defined. It is unsafe: data you predict on must be standardized with the same statistics.',
      probe:
        'The probe trains the model and counts, for the first layer, the share of units pinned within 1e-3 of their bounds. When most are, the verdict is `saturated` even if the loss stays finite, and the standardized re-run shows the difference.',
      references: ['https://js.tensorflow.org/api/latest/#layers.batchNormalization'],
    },
  },
  check(context) {
    const { facts } = context;
    const t = facts.config.thresholds;
    for (const { fact: model } of facts.models) {
      const first = model.layers[0];
      if (!first || !isSaturating(first.spec.activation)) continue;
      const scale = inputScale(model, facts.positions);
      if (!scale || !isUnscaled(scale, t.saturatingInputLimit, t)) continue;
      const fix = normalizeInputsFix(facts, scale.fit);
      const target = first.activationNode ?? first.node;
      context.report({
        messageId: 'saturates',
        severity: 'warning',
        span: span(target),
        data: { activation: first.spec.activation, ...scaleEvidence(scale, t) },
        related: [
          { span: scale.originSpan, message: `the inputs' scale comes from ${scale.originDescription}` },
          { span: span(scale.fit.node), message: 'the model is trained on them here' },
        ],
        fixes: fix ? [fix] : [],
        siteId: `site@${scale.fit.node.getStart()}`,
      });
    }
  },
});
