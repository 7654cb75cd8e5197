// at-most-info: missing-gradient-clipping
// Regression: 'adamm' is no TF.js optimizer (compile throws on it), so there is no applyGradients
// to wrap: the clipping fix is not offered around the string.
const tf = require('@tensorflow/tfjs');

const model = tf.sequential({
  layers: [tf.layers.lstm({ units: 8, inputShape: [10, 1] }), tf.layers.dense({ units: 1 })],
});
model.compile({ optimizer: 'adamm', loss: 'meanSquaredError' });
model.fit(tf.randomUniform([32, 10, 1]), tf.randomUniform([32, 1]), { epochs: 2 });
