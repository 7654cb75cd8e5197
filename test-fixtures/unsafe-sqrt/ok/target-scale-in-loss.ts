// forbid: unsafe-sqrt
// The square root only sees the targets, which carry no gradient.
import * as tf from '@tensorflow/tfjs';

function normalizedMse(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  const targetScale = tf.sqrt(tf.mean(tf.square(yTrue))).add(1e-3);
  return tf.losses.meanSquaredError(yTrue, yPred).div(targetScale);
}

const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [4] })] });
model.compile({ optimizer: 'adam', loss: normalizedMse });
