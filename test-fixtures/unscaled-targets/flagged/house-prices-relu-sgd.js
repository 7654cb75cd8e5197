// expect: unscaled-targets
// Standardized house features, raw sale prices as targets, a relu hidden layer and plain SGD:
// the first gradients are about 1e5 times too large and training reaches NaN in epoch 1.
const tf = require('@tensorflow/tfjs');

function standardize(t) {
  const { mean, variance } = tf.moments(t, 0);
  return t.sub(mean).div(variance.sqrt().add(1e-7));
}

const features = standardize(tf.tensor2d([
  [3, 1450, 1998],
  [4, 2100, 2005],
  [2, 980, 1972],
  [5, 3200, 2015],
]));
const salePrices = tf.tensor2d([[245000], [389000], [162000], [615000]]);

const model = tf.sequential({
  layers: [
    tf.layers.dense({ units: 32, activation: 'relu', inputShape: [3] }),
    tf.layers.dense({ units: 1 }),
  ],
});
model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
model.fit(features, salePrices, { epochs: 50 });
