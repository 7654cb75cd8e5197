// expect: unsafe-division
// severity: error
// A custom op whose gradient divides by a loss scale that was left at 0.
import * as tf from '@tensorflow/tfjs';

const LOSS_SCALE = 0;

const cube = tf.customGrad((x, save) => {
  (save as tf.GradSaveFunc)([x as tf.Tensor]);
  return {
    value: tf.pow(x as tf.Tensor, 3),
    gradFunc: (dy: tf.Tensor, [input]: tf.Tensor[]) => [tf.div(tf.mul(dy, tf.mul(3, tf.square(input))), tf.scalar(LOSS_SCALE))],
  };
});

const w = tf.variable(tf.tensor1d([0.1, -0.2]));
const xs = tf.tensor2d([[1, 2], [3, 4]]);
const optimizer = tf.train.adam(0.01);
for (let i = 0; i < 20; i++) {
  optimizer.minimize(() => tf.sum(cube(tf.matMul(xs, w.reshape([2, 1])))) as tf.Scalar);
}
