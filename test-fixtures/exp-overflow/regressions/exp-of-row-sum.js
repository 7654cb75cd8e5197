// forbid: exp-overflow
// A sum over axis 1 adds 5 features per row, not all 1500 elements: exp stays far below overflow.
const tf = require('@tensorflow/tfjs');

const x = tf.randomNormal([300, 5]);
const rate = x.sum(1, true).mul(0.5).exp();
const counts = tf.randomUniform([300, 1], 0, 5).floor();

const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, activation: 'softplus', inputShape: [5] })] });
model.compile({ optimizer: 'adam', loss: 'poisson' });
model.fit(x, counts.mul(rate).div(rate.max()), { epochs: 5 });
