// at-most-info: unsafe-sqrt
// Regression: a norm penalty on randomly initialized weights is not a zero vector.
const tf = require('@tensorflow/tfjs');

const w = tf.variable(tf.randomNormal([4, 1], 0, 0.1));
const xs = tf.randomNormal([32, 4]);
const ys = tf.randomNormal([32, 1]);
const optimizer = tf.train.adam(0.01);

for (let i = 0; i < 10; i++) {
  optimizer.minimize(() => xs.matMul(w).sub(ys).square().mean().add(tf.norm(w).mul(1e-3)));
}
