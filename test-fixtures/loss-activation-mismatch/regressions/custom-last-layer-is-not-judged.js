// forbid: loss-activation-mismatch
// The output layer is one the analysis does not know (a batch normalization after the sigmoid,
// and a model loaded from disk): its range is unknown, so nothing is reported.
const tf = require('@tensorflow/tfjs');

const model = tf.sequential({
  layers: [
    tf.layers.dense({ units: 1, activation: 'sigmoid', inputShape: [4] }),
    tf.layers.batchNormalization(),
  ],
});
model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });
model.fit(tf.randomNormal([32, 4]), tf.randomUniform([32, 1]).round(), { epochs: 1 });

async function fineTune() {
  const loaded = await tf.loadLayersModel('file://./model/model.json');
  loaded.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });
  return loaded.fit(tf.randomNormal([32, 4]), tf.randomUniform([32, 1]).round(), { epochs: 1 });
}
fineTune();
