// expect: unscaled-input
// severity: warning
// A CSV file read from disk: parseFloat of an empty or non-numeric field is NaN, and no row is
// checked before the values become the training tensor.
const fs = require('fs');
const tf = require('@tensorflow/tfjs');

const text = fs.readFileSync('houses.csv', 'utf8');
const rows = [];
const targets = [];
for (const line of text.trim().split('\n').slice(1)) {
  const cells = line.split(',');
  rows.push([parseFloat(cells[0]) / 10, parseFloat(cells[1]) / 5]);
  targets.push([parseFloat(cells[2]) / 100]);
}

const xs = tf.tensor2d(rows);
const ys = tf.tensor2d(targets);
const model = tf.sequential();
model.add(tf.layers.dense({ units: 8, activation: 'relu', inputShape: [2] }));
model.add(tf.layers.dense({ units: 1 }));
model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
model.fit(xs, ys, { epochs: 10 });
