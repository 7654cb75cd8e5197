// expect: unsafe-sqrt
// A helper called from the loss takes the square root; the loss calls it on predictions.
import * as tf from '@tensorflow/tfjs';

function rootMean(t: tf.Tensor): tf.Tensor {
  return t.mean().sqrt();
}

function rmseLoss(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  return rootMean(yPred.sub(yTrue).square());
}

const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2], kernelInitializer: 'zeros' })] });
model.compile({ optimizer: 'sgd', loss: rmseLoss });
model.fit(tf.tensor2d([[1, 2], [3, 4]]), tf.zeros([2, 1]), { epochs: 5 });
