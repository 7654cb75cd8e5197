// forbid: unsafe-division
// Regression: a custom gradient scaled by a count that is never 0.
import * as tf from '@tensorflow/tfjs';

const ACCUMULATION_STEPS = 4;
const gradScale = tf.scalar(ACCUMULATION_STEPS);

const scaledSquare = tf.customGrad((x, save) => {
  (save as tf.GradSaveFunc)([x as tf.Tensor]);
  return {
    value: tf.square(x as tf.Tensor),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [dy.mul(saved[0]!).mul(2).div(gradScale)],
  };
});

const weight = tf.variable(tf.scalar(0.5));
const optimizer = tf.train.sgd(0.01);
optimizer.minimize(() => tf.losses.meanSquaredError(tf.tensor1d([1, 4]), scaledSquare(weight.mul(tf.tensor1d([1, 2])))) as tf.Scalar);
