// at-most-info: loss-activation-mismatch
// A sigmoid output given to tf.losses.sigmoidCrossEntropy squashes twice. It trains and stays
// finite (measured: loss floor 0.61 instead of 0.37), so this is information, not a warning.
const tf = require('@tensorflow/tfjs');

const model = tf.sequential({
  layers: [tf.layers.dense({ units: 1, activation: 'sigmoid', inputShape: [10] })],
});
model.compile({ optimizer: 'adam', loss: tf.losses.sigmoidCrossEntropy });
model.fit(tf.randomNormal([100, 10]), tf.randomUniform([100, 1]).round(), { epochs: 5 });
