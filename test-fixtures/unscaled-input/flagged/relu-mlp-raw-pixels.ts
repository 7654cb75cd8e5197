// expect: unscaled-input
import * as tf from '@tensorflow/tfjs';

function loadPixels(): tf.Tensor2D {
  return tf.randomUniform([256, 784], 0, 255) as tf.Tensor2D;
}
const pixels = loadPixels();
const labels = tf.oneHot(tf.randomUniform([256], 0, 10, 'int32') as tf.Tensor1D, 10);
const model = tf.sequential({
  layers: [tf.layers.dense({ units: 128, activation: 'relu', inputShape: [784] }), tf.layers.dense({ units: 10, activation: 'softmax' })],
});
model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });
model.fit(pixels, labels, { epochs: 2, batchSize: 32 });
