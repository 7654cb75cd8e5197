// expect: unsafe-sqrt
// severity: error
// A norm penalty on weights that start at exactly 0: the gradient of the norm at 0 is NaN.
const tf = require('@tensorflow/tfjs');

const w = tf.variable(tf.zeros([3, 1]));
const b = tf.variable(tf.scalar(0));
const xs = tf.tensor2d([[1, 2, 3], [2, 3, 4], [3, 4, 5]]);
const ys = tf.tensor2d([[6], [9], [12]]);
const optimizer = tf.train.sgd(0.01);

for (let step = 0; step < 100; step++) {
  optimizer.minimize(() => {
    const pred = xs.matMul(w).add(b);
    const mse = pred.sub(ys).square().mean();
    return mse.add(tf.euclideanNorm(w).mul(0.01));
  });
}
