// case v12: case v09's constant column again, z-scored with an epsilon under the division, so
// the constant column becomes 0 instead of NaN.
// truth: stable (10 epochs)
// expect: clean
import * as tf from '@tensorflow/tfjs';

const EPSILON = 1e-7;

function zScore(t) {
  const { mean, variance } = tf.moments(t, 0);
  return tf.div(tf.sub(t, mean), tf.sqrt(variance).add(EPSILON));
}

// [bedrooms, floors]
const raw = tf.tensor2d([
  [3, 1],
  [2, 1],
  [4, 1],
  [5, 1],
]);
const features = zScore(raw);
const prices = tf.tensor2d([[3], [2], [4], [5]]).div(5);

const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });
model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
model.fit(features, prices, { epochs: 10 });
