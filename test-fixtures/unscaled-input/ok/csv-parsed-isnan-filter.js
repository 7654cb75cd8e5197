// forbid: unscaled-input
// Rows with an empty or non-numeric field are dropped before the tensor is built.
const fs = require('fs');
const tf = require('@tensorflow/tfjs');

const lines = fs.readFileSync('houses.csv', 'utf8').trim().split('\n').slice(1);
const rows = lines
  .map((line) => line.split(',').map((cell) => Number.parseFloat(cell)))
  .filter((cells) => cells.every((v) => !Number.isNaN(v)));

const xs = tf.tensor2d(rows.map((r) => [r[0] / 10, r[1] / 5]));
const ys = tf.tensor2d(rows.map((r) => [r[2] / 100]));
const model = tf.sequential();
model.add(tf.layers.dense({ units: 8, activation: 'relu', inputShape: [2] }));
model.add(tf.layers.dense({ units: 1 }));
model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
model.fit(xs, ys, { epochs: 10 });
