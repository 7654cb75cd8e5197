// expect: loss-activation-mismatch
// A custom loss that forwards to tf.metrics.binaryCrossentropy with label smoothing applied by
// hand; the model's output is still linear.
const tf = require('@tensorflow/tfjs');

const SMOOTHING = 0.05;

const smoothedBce = (yTrue, yPred) =>
  tf.metrics.binaryCrossentropy(yTrue.mul(1 - SMOOTHING).add(SMOOTHING / 2), yPred).mean();

const model = tf.sequential({
  layers: [tf.layers.dense({ units: 32, activation: 'elu', inputShape: [20] }), tf.layers.dense({ units: 1 })],
});
model.compile({ optimizer: tf.train.adam(0.0005), loss: smoothedBce });
model.fit(tf.randomNormal([500, 20]), tf.randomUniform([500, 1]).round(), { epochs: 4 });
