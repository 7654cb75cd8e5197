// expect: loss-activation-mismatch
// Regression: the output layer's activation is written twice; the layer gets the last one,
// softmax over a single unit, and the fix rewrites that one.
const tf = require('@tensorflow/tfjs');

const model = tf.sequential({
  layers: [
    tf.layers.dense({ units: 16, activation: 'relu', inputShape: [8] }),
    tf.layers.dense({ units: 1, activation: 'sigmoid', activation: 'softmax' }),
  ],
});
model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });
model.fit(tf.randomNormal([100, 8]), tf.randomUniform([100, 1]).round(), { epochs: 3 });
