// expect: zero-epsilon
// Adadelta with epsilon 0 in a custom loop: its first step is sqrt(0) / sqrt(g²), and any weight
// with a zero gradient gets 0 / 0.
import * as tf from '@tensorflow/tfjs';

const weights = tf.variable(tf.randomNormal([3, 1]));
const bias = tf.variable(tf.zeros([1]));
const optimizer = tf.train.adadelta(1.0, 0.95, 0);
const xs = tf.randomNormal([50, 3]);
const ys = tf.randomNormal([50, 1]);

for (let step = 0; step < 100; step++) {
  optimizer.minimize(() => xs.matMul(weights).add(bias).sub(ys).square().mean());
}
