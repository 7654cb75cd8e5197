// expect: missing-learning-rate
// severity: error
// Fitting a line with variables and optimizer.minimize; tf.train.sgd() has no default rate, so
// both variables are NaN after the first step.
const tf = require('@tensorflow/tfjs');

const slope = tf.variable(tf.scalar(Math.random()));
const intercept = tf.variable(tf.scalar(Math.random()));
const xs = tf.tensor1d([0, 1, 2, 3, 4]);
const ys = tf.tensor1d([1.1, 2.9, 5.2, 7.1, 8.8]);

const optimizer = tf.train.sgd();
for (let i = 0; i < 100; i++) {
  optimizer.minimize(() => xs.mul(slope).add(intercept).sub(ys).square().mean());
}
console.log(slope.dataSync()[0], intercept.dataSync()[0]);
