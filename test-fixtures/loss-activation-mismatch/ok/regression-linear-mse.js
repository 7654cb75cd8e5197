// forbid: loss-activation-mismatch
// A regression head is linear on purpose: mean squared error expects unbounded outputs.
const tf = require('@tensorflow/tfjs');

const model = tf.sequential({
  layers: [tf.layers.dense({ units: 16, activation: 'relu', inputShape: [3] }), tf.layers.dense({ units: 1 })],
});
model.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError', metrics: ['mae'] });
model.fit(tf.randomNormal([64, 3]), tf.randomNormal([64, 1]), { epochs: 10 });
