// expect: unscaled-targets
// A custom loop: tf.losses.meanSquaredError against revenue figures up to 50000, Adam at 0.01.
const tf = require('@tensorflow/tfjs');

const adSpend = tf.randomNormal([200, 4]);
const revenue = tf.randomUniform([200, 1], 1000, 50000);

const model = tf.sequential({
  layers: [tf.layers.dense({ units: 16, activation: 'relu', inputShape: [4] }), tf.layers.dense({ units: 1 })],
});
const optimizer = tf.train.adam(0.01);

for (let step = 0; step < 500; step++) {
  optimizer.minimize(() => tf.losses.meanSquaredError(revenue, model.predict(adSpend)));
}
