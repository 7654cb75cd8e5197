// expect: exp-overflow
// severity: warning
// Cross-entropy from logits via a hand-written log-sum-exp: exp overflows once a logit passes 88.7.
import * as tf from '@tensorflow/tfjs';

function crossEntropyFromLogits(labels: tf.Tensor, logits: tf.Tensor): tf.Tensor {
  const logNormalizer = logits.exp().sum(-1, true).log();
  return logNormalizer.sub(labels.mul(logits).sum(-1, true)).mean();
}

const model = tf.sequential({
  layers: [tf.layers.dense({ units: 32, activation: 'relu', inputShape: [20] }), tf.layers.dense({ units: 5 })],
});
model.compile({ optimizer: 'adam', loss: crossEntropyFromLogits });
