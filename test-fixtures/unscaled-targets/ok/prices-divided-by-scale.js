// forbid: unscaled-targets
// The same house prices, divided by a constant before training (predictions are multiplied back).
const tf = require('@tensorflow/tfjs');

const PRICE_SCALE = 1e6;
const features = tf.randomNormal([4, 3]);
const salePrices = tf.tensor2d([[245000], [389000], [162000], [615000]]).div(PRICE_SCALE);

const model = tf.sequential({
  layers: [tf.layers.dense({ units: 32, activation: 'relu', inputShape: [3] }), tf.layers.dense({ units: 1 })],
});
model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
model.fit(features, salePrices, { epochs: 50 }).then(() => {
  model.predict(features).mul(PRICE_SCALE).print();
});
