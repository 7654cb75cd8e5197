// forbid: unsafe-sqrt
// Regression: a square root inside a custom op whose gradient is written by hand is never
// differentiated by autodiff.
import * as tf from '@tensorflow/tfjs';

const safeRoot = tf.customGrad((x, save) => {
  (save as tf.GradSaveFunc)([x as tf.Tensor]);
  return {
    value: tf.sqrt(x as tf.Tensor),
    gradFunc: (dy: tf.Tensor, [input]: tf.Tensor[]) => [dy.div(tf.sqrt(input!).mul(2).add(1e-6))],
  };
});

const w = tf.variable(tf.tensor1d([0, 1, 4]));
const optimizer = tf.train.sgd(0.1);
optimizer.minimize(() => tf.sum(safeRoot(tf.square(w))) as tf.Scalar);
