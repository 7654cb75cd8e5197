// case v10: case c7's outlier data trained with plain SGD at its default rate (0.01).
// truth: inf at epoch 6 (10 epochs; nan at epoch 12 when trained for 15)
// expect: unscaled-input|high-learning-rate
const tf = require('@tensorflow/tfjs');

const orderSizes = [[1.5], [2], [3.5], [1000]];
const shippingWeights = orderSizes.map(([size]) => [2 * size]);

function buildModel() {
  const model = tf.sequential();
  model.add(tf.layers.dense({ units: 1, inputShape: [1] }));
  model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
  return model;
}

const model = buildModel();
model.fit(tf.tensor2d(orderSizes), tf.tensor2d(shippingWeights), { epochs: 10 });
