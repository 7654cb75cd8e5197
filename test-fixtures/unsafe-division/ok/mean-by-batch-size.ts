// forbid: unsafe-division
// Dividing a summed loss by a count is not a division by data.
import * as tf from '@tensorflow/tfjs';

function summedSquaredError(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  const batchSize = yTrue.shape[0] as number;
  return tf.sum(tf.squaredDifference(yTrue, yPred)).div(batchSize);
}

const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [3] })] });
model.compile({ optimizer: tf.train.adam(0.001), loss: summedSquaredError });
model.fit(tf.randomNormal([40, 3]), tf.randomNormal([40, 1]), { epochs: 3 });
