// forbid: high-learning-rate
// expect: unscaled-input
// Regression: the default rate of 'sgd' is not the cause here, the data's scale is.
const tf = require('@tensorflow/tfjs');
const X = tf.tensor2d([[1], [2], [3], [500]]);
const y = tf.tensor2d([[1], [2], [3], [4]]);
const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1] })] });
model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
model.fit(X, y, { epochs: 5 });
