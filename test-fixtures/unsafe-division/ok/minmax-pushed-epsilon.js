// forbid: unsafe-division
// The same loop-built rows with a constant column, min-max scaled with the backend epsilon.
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
const scaled = raw.sub(lo).div(hi.sub(lo).add(tf.backend().epsilon()));

const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [3] })] });
model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
model.fit(scaled, tf.ones([64, 1]), { epochs: 3 });
