// forbid: unscaled-targets
// Targets read from a file: their scale is unknown, so nothing is claimed.
const tf = require('@tensorflow/tfjs');
const fs = require('fs');

const rows = JSON.parse(fs.readFileSync('prices.json', 'utf8'));
const xs = tf.tensor2d(rows.map((r) => r.features));
const ys = tf.tensor2d(rows.map((r) => [r.price]));
const model = tf.sequential({ layers: [tf.layers.dense({ units: 8, activation: 'relu', inputShape: [4] }), tf.layers.dense({ units: 1 })] });
model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
model.fit(xs, ys, { epochs: 10 });
