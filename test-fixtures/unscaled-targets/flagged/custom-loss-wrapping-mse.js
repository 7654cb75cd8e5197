// expect: unscaled-targets
// A custom loss that forwards to tf.losses.meanSquaredError; the targets (energy use in Wh, up to
// 12000) reach it through model.fit.
const tf = require('@tensorflow/tfjs');

const weightedMse = (yTrue, yPred) => tf.losses.meanSquaredError(yTrue, yPred);

const model = tf.sequential({
  layers: [tf.layers.dense({ units: 64, activation: 'relu', inputShape: [8] }), tf.layers.dense({ units: 1 })],
});
model.compile({ optimizer: tf.train.sgd(0.005), loss: weightedMse });

const sensors = tf.randomNormal([400, 8]);
const energyWh = tf.randomUniform([400, 1], 200, 12000);
model.fit(sensors, energyWh, { epochs: 15 });
