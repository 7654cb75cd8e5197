// forbid: zero-epsilon
// Defaults, Keras' 1e-7 and PyTorch's 1e-8 are all fine on float32 backends.
const tf = require('@tensorflow/tfjs');

const optimizers = [
  tf.train.adam(0.001, 0.9, 0.999),
  tf.train.adam(0.001, 0.9, 0.999, 1e-7),
  tf.train.adam(3e-4, 0.9, 0.999, 1e-8),
  tf.train.rmsprop(0.001, 0.9, 0, 1e-6),
  tf.train.adadelta(1, 0.95, 1e-6),
];
const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });
model.compile({ optimizer: optimizers[0], loss: 'meanSquaredError' });
model.fit(tf.randomNormal([8, 2]), tf.randomNormal([8, 1]), { epochs: 1 });
