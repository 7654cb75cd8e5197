// case c3: a custom op whose hand-written backward pass divides by a scale that is 0, trained
// in a custom loop with optimizer.minimize.
// truth: inf at step 2, nan at step 3 (10 steps; the weight is Infinity after the first update)
// expect: unsafe-division
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';

// Meant to be filled with the gradient-accumulation count; it never was.
const gradScale = tf.scalar(0);

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

for (let step = 1; step <= 10; step++) {
  const cost = optimizer.minimize(() => tf.losses.meanSquaredError(targets, scaledSquare(weight.mul(inputs))), true);
  console.log(`step ${step}: loss ${cost?.dataSync()[0]}`);
}
