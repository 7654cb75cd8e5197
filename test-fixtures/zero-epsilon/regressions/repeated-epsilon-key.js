// expect: zero-epsilon
// Regression: a repeated key (a pasted config) gives the layer the last epsilon, 0. The fix
// removes that one, which leaves the earlier 1e-3 in force.
const tf = require('@tensorflow/tfjs');

const model = tf.sequential({
  layers: [
    tf.layers.dense({ units: 16, inputShape: [6] }),
    tf.layers.batchNormalization({ epsilon: 1e-3, momentum: 0.9, epsilon: 0 }),
    tf.layers.dense({ units: 1 }),
  ],
});
model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
model.fit(tf.randomNormal([64, 6]), tf.randomNormal([64, 1]), { epochs: 3 });
