// expect: zero-epsilon
// batchNormalization with epsilon 0 divides by sqrt(variance): a feature that is constant within
// a batch gives 0 / 0.
const tf = require('@tensorflow/tfjs');

const model = tf.sequential({
  layers: [
    tf.layers.dense({ units: 16, inputShape: [6] }),
    tf.layers.batchNormalization({ momentum: 0.9, epsilon: 0 }),
    tf.layers.activation({ activation: 'relu' }),
    tf.layers.dense({ units: 1 }),
  ],
});
model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
model.fit(tf.randomNormal([64, 6]), tf.randomNormal([64, 1]), { epochs: 3 });
