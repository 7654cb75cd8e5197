// expect: unsafe-division
// severity: error
// Z-scoring inline data whose third column (a flag that is always 1) is constant: std 0, 0 / 0 = NaN.
const tf = require('@tensorflow/tfjs');

// [age, income in $k, has_account]
const customers = tf.tensor2d([
  [34, 52, 1],
  [45, 71, 1],
  [23, 38, 1],
  [52, 96, 1],
]);
const churned = tf.tensor2d([[0], [1], [0], [1]]);

const { mean, variance } = tf.moments(customers, 0);
const std = tf.sqrt(variance);
const inputs = tf.div(tf.sub(customers, mean), std);

const model = tf.sequential();
model.add(tf.layers.dense({ units: 8, activation: 'relu', inputShape: [3] }));
model.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));
model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });
model.fit(inputs, churned, { epochs: 20 });
