// expect: exp-overflow
// Poisson regression with an exp link, fitted by plain SGD: the gradient in eta is exp(eta) - y,
// about -y at the start, so the first step moves the weights by lr · y · x ≈ 0.1 · 900 and
// exp(eta) overflows on the next step.
import * as tf from '@tensorflow/tfjs';

const features = tf.tensor2d([[1, 0.2], [0, 0.5], [1, 0.9], [0, 0.1]]);
const counts = tf.tensor1d([420, 310, 900, 150]);
const w = tf.variable(tf.zeros([2, 1]));
const b = tf.variable(tf.scalar(0));
const optimizer = tf.train.sgd(0.1);

for (let step = 0; step < 20; step++) {
  optimizer.minimize(() => {
    const eta = features.matMul(w).squeeze().add(b);
    return tf.exp(eta).sub(counts.mul(eta)).mean();
  });
}
