// expect: unsafe-division
// severity: error
// Rows pushed in a loop; the third column is the same reading on every row, so its max - min is 0.
const tf = require('@tensorflow/tfjs');

const rows = [];
let state = 42;
const next = () => ((state = (state * 69069 + 1) % 4294967296) / 4294967296);
for (let k = 0; k < 64; k++) {
  rows.push([next() * 10, k % 12, 3.3]);
}
const raw = tf.tensor2d(rows);
const lo = raw.min(0);
const hi = raw.max(0);
const scaled = raw.sub(lo).div(hi.sub(lo));

const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [3] })] });
model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
model.fit(scaled, tf.ones([64, 1]), { epochs: 3 });
