// expect: unsafe-division
// Regression: the gradient scale is a plain number, not a tensor: the epsilon fix writes
// tf.add(gradScale, epsilon), since a number has no .add method.
import * as tf from '@tensorflow/tfjs';

// Meant to be the gradient-accumulation count; it never was set.
const gradScale = 0;

const scaledSquare = tf.customGrad((x, save) => {
  (save as tf.GradSaveFunc)([x as tf.Tensor]);
  return {
    value: tf.square(x as tf.Tensor),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [dy.mul(saved[0]!).mul(2).div(gradScale)],
  };
});

const weight = tf.variable(tf.scalar(0.5));
const inputs = tf.tensor1d([1, 2, 3]);
const targets = tf.tensor1d([1, 4, 9]);
const optimizer = tf.train.sgd(0.01);
for (let step = 0; step < 10; step++) {
  optimizer.minimize(() => tf.losses.meanSquaredError(targets, scaledSquare(weight.mul(inputs))) as tf.Scalar);
}
