// expect: unsafe-division
// related: prep.js:7
const tf = require('@tensorflow/tfjs');
const { minMaxScale } = require('./prep');

// Rooms, floor, has-garage: every listing here has a garage, so that column is constant.
const raw = tf.tensor2d([[3, 1, 1], [4, 2, 1], [2, 5, 1], [5, 3, 1]]);
const price = tf.tensor2d([[0.3], [0.42], [0.25], [0.5]]);

const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [3] })] });
model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
model.fit(minMaxScale(raw), price, { epochs: 10 });
