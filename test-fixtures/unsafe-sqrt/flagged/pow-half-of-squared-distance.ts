// expect: unsafe-sqrt
// pow(x, 0.5) is a square root: its gradient 0.5 * x^-0.5 is Infinity where the squared distance is 0.
import * as tf from '@tensorflow/tfjs';

const w = tf.variable(tf.zeros([4, 2]));
const x = tf.randomNormal([32, 4]);
const target = tf.zeros([32, 2]);
const optimizer = tf.train.sgd(0.1);
for (let i = 0; i < 5; i++) {
  optimizer.minimize(() => tf.pow(x.matMul(w).sub(target).square().sum(1), 0.5).mean() as tf.Scalar);
}
