// at-most-info: missing-gradient-clipping
// Regression: with the optimizer key written twice, the model trains with the last one; the
// clipping fix wraps that one, not the shorthand before it.
const tf = require('@tensorflow/tfjs');

const optimizer = tf.train.adam(0.001);
const model = tf.sequential({
  layers: [tf.layers.gru({ units: 8, inputShape: [10, 1] }), tf.layers.dense({ units: 1 })],
});
model.compile({ optimizer, loss: 'meanAbsoluteError', optimizer: tf.train.rmsprop(0.002) });
model.fit(tf.randomUniform([32, 10, 1]), tf.randomUniform([32, 1]), { epochs: 2 });
