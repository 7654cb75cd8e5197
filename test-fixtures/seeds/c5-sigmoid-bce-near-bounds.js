// case c5: sigmoid network with the layers binaryCrossentropy loss on smoothed labels that sit
// close to 0 and 1.
// truth: stable (10 epochs; loss about 0.68; the layers loss clips predictions to [1e-7, 1 - 1e-7])
// expect: clean
const tf = require('@tensorflow/tfjs');

const FEATURES = 10;
const SMOOTHING = 0.02;

// Hard labels, then label smoothing: every target is 0.01 or 0.99.
function smoothLabels(hard) {
  return hard.mul(1 - SMOOTHING).add(SMOOTHING / 2);
}

const x = tf.randomUniform([100, FEATURES]);
const y = smoothLabels(tf.randomUniform([100, 1]).greater(0.5).toFloat());

const model = tf.sequential({
  layers: [
    tf.layers.dense({ units: 64, activation: 'sigmoid', inputShape: [FEATURES] }),
    tf.layers.dense({ units: 1, activation: 'sigmoid' }),
  ],
});
model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['accuracy'] });

model.fit(x, y, { epochs: 10, validationSplit: 0.2 });
