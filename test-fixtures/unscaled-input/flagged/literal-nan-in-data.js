// expect: unscaled-input
// severity: error
// A missing measurement written as NaN in the literal data: that sample's loss is NaN on the
// first batch that holds it, and the update makes every weight NaN.
const tf = require('@tensorflow/tfjs');

const xs = tf.tensor2d([[0.2, 0.5], [0.4, NaN], [0.9, 0.1], [0.3, 0.7]]);
const ys = tf.tensor2d([[1], [0], [1], [0]]);
const model = tf.sequential();
model.add(tf.layers.dense({ units: 4, activation: 'relu', inputShape: [2] }));
model.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));
model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });
model.fit(xs, ys, { epochs: 5 });
