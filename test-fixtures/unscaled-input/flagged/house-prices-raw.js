// expect: unscaled-input
// severity: error
const tf = require('@tensorflow/tfjs');
// Square feet and bedrooms, unscaled.
const features = tf.tensor2d([[2104, 3], [1600, 3], [2400, 3], [1416, 2], [3000, 4]]);
const prices = tf.tensor2d([[399.9], [329.9], [369.0], [232.0], [539.9]]);
const model = tf.sequential();
model.add(tf.layers.dense({ units: 1, inputShape: [2] }));
model.compile({ optimizer: tf.train.sgd(0.01), loss: 'meanSquaredError' });
model.fit(features, prices, { epochs: 20 });
