// forbid: exp-overflow
// The same exp link fitted with Adam: each weight moves by about the learning rate per step, so
// eta creeps towards log(y) instead of jumping past 88.
import * as tf from '@tensorflow/tfjs';

const features = tf.tensor2d([[1, 0.2], [0, 0.5], [1, 0.9], [0, 0.1]]);
const counts = tf.tensor1d([420, 310, 900, 150]);
const w = tf.variable(tf.zeros([2, 1]));
const b = tf.variable(tf.scalar(0));
const optimizer = tf.train.adam(0.05);

for (let step = 0; step < 20; step++) {
  optimizer.minimize(() => {
    const eta = features.matMul(w).squeeze().add(b);
    return tf.exp(eta).sub(counts.mul(eta)).mean();
  });
}
