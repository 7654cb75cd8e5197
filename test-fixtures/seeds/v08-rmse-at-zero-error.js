// case v08: a root-mean-squared-error loss. With zero-initialized weights and zero targets the
// error is exactly 0 at the start, and the gradient of sqrt at 0 is infinite.
// truth: nan at epoch 2 (10 epochs; epoch 1 loss is 0, the weights are NaN after step 1)
// expect: unsafe-sqrt
import * as tf from '@tensorflow/tfjs';

function rootMeanSquaredError(yTrue, yPred) {
  return yPred.sub(yTrue).square().mean().sqrt();
}

const model = tf.sequential({
  layers: [tf.layers.dense({ units: 1, inputShape: [3], kernelInitializer: 'zeros' })],
});
model.compile({ optimizer: 'sgd', loss: rootMeanSquaredError });

const X = tf.tensor2d([
  [1, 2, 3],
  [4, 5, 6],
  [7, 8, 9],
  [1, 0, 1],
]);
const residuals = tf.zeros([4, 1]);

model.fit(X, residuals, { epochs: 10 });
