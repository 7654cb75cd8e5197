// at-most-info: unsafe-division
// forbid: unsafe-sqrt
// Regression: the hand-written gradient of a square root divides by a value the analysis cannot
// bound. Dropping it for autodiff is not offered: d/dx sqrt(x) at 0 is Infinity, and this
// gradient is what keeps the weights finite.
import * as tf from '@tensorflow/tfjs';

const safeRoot = tf.customGrad((x, save) => {
  (save as tf.GradSaveFunc)([x as tf.Tensor]);
  return {
    value: tf.sqrt(x as tf.Tensor),
    gradFunc: (dy: tf.Tensor, [input]: tf.Tensor[]) => [dy.div(tf.sqrt(input!).mul(2))],
  };
});

const w = tf.variable(tf.tensor1d([0, 1, 4]));
const optimizer = tf.train.sgd(0.1);
optimizer.minimize(() => tf.sum(safeRoot(tf.square(w))) as tf.Scalar);
