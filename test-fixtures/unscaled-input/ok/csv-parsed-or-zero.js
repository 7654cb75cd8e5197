// forbid: unscaled-input
// Missing fields default to 0: `parseFloat('') || 0` is 0, never NaN.
const fs = require('fs');
const tf = require('@tensorflow/tfjs');

const rows = [];
for (const line of fs.readFileSync('sensors.csv', 'utf8').split('\n')) {
  const [a, b, label] = line.split(',');
  rows.push({ a: parseFloat(a) || 0, b: parseFloat(b) || 0, label: Number(label) || 0 });
}

const xs = tf.tensor2d(rows.map((r) => [r.a, r.b]));
const ys = tf.tensor2d(rows.map((r) => [r.label]));
const model = tf.sequential();
model.add(tf.layers.dense({ units: 4, activation: 'relu', inputShape: [2] }));
model.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));
model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });
model.fit(xs, ys, { epochs: 5 });
