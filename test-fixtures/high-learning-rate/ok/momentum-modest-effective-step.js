// forbid: high-learning-rate
// Momentum 0.9 at 0.05: the effective step lr / (1 - 0.9) = 0.5 is what SGD tolerates on normalized data.
const tf = require('@tensorflow/tfjs');

const model = tf.sequential({
  layers: [tf.layers.dense({ units: 16, activation: 'relu', inputShape: [4] }), tf.layers.dense({ units: 1 })],
});
model.compile({ optimizer: tf.train.momentum(0.05, 0.9), loss: 'meanSquaredError' });
model.fit(tf.randomNormal([64, 4]), tf.randomNormal([64, 1]), { epochs: 5 });
