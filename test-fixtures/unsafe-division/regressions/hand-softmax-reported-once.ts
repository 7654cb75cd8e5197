// expect: exp-overflow
// forbid: unsafe-division
// Regression: exp(z) / sum(exp(z)) is one cause (overflow), reported by exp-overflow only.
import * as tf from '@tensorflow/tfjs';

function softmaxLoss(labels: tf.Tensor, logits: tf.Tensor): tf.Tensor {
  const e = tf.exp(logits);
  const p = tf.div(e, tf.sum(e, -1, true));
  return tf.losses.softmaxCrossEntropy(labels, tf.log(tf.add(p, 1e-7)));
}

const model = tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [4] })] });
model.compile({ optimizer: 'adam', loss: softmaxLoss });
