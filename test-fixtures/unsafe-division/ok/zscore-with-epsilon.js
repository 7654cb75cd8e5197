// forbid: unsafe-division
// The constant column becomes 0 instead of NaN: the std is guarded by the backend epsilon.
const tf = require('@tensorflow/tfjs');

const customers = tf.tensor2d([
  [34, 52, 1],
  [45, 71, 1],
  [23, 38, 1],
  [52, 96, 1],
]);
const { mean, variance } = tf.moments(customers, 0);
const inputs = customers.sub(mean).div(variance.sqrt().add(tf.backend().epsilon()));

const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, activation: 'sigmoid', inputShape: [3] })] });
model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });
model.fit(inputs, tf.tensor2d([[0], [1], [0], [1]]), { epochs: 20 });
