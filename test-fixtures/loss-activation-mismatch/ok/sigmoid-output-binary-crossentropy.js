// forbid: loss-activation-mismatch
// The usual binary classifier: sigmoid output, layers 'binaryCrossentropy'.
const tf = require('@tensorflow/tfjs');

const model = tf.sequential({
  layers: [
    tf.layers.dense({ units: 16, activation: 'relu', inputShape: [6] }),
    tf.layers.dense({ units: 1, activation: 'sigmoid' }),
  ],
});
model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['accuracy'] });
model.fit(tf.randomNormal([200, 6]), tf.randomUniform([200, 1]).round(), { epochs: 5 });
