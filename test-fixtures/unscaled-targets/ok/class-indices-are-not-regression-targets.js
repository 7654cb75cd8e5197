// forbid: unscaled-targets
// Labels up to 999 are class indices for a classification loss, not regression targets.
const tf = require('@tensorflow/tfjs');

const model = tf.sequential({
  layers: [tf.layers.dense({ units: 1000, activation: 'softmax', inputShape: [32] })],
});
model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
model.fit(tf.randomNormal([64, 32]), tf.randomUniform([64, 1], 0, 1000, 'int32'), { epochs: 1 });
