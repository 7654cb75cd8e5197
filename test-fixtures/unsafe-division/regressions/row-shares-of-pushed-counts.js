// expect: unsafe-division
// Regression: word counts divided by their row sum are shares in [0, 1], with or without an
// epsilon on the sum (an empty document's row is 0 / epsilon = 0): the guarded data is not
// unscaled. The counts are pushed in a loop, so the analysis knows their range, not their values.
const tf = require('@tensorflow/tfjs');

const VOCABULARY = 6;
const rows = [];
let state = 11;
const next = () => ((state = (state * 69069 + 1) % 4294967296) / 4294967296);
for (let doc = 0; doc < 50; doc++) {
  const empty = next() < 0.05;
  const row = [];
  for (let w = 0; w < VOCABULARY; w++) row.push(empty ? 0 : Math.floor(next() * 40));
  rows.push(row);
}
const counts = tf.tensor2d(rows);
const frequencies = counts.div(counts.sum(1, true));

const model = tf.sequential({
  layers: [tf.layers.dense({ units: 8, activation: 'relu', inputShape: [VOCABULARY] }), tf.layers.dense({ units: 2, activation: 'softmax' })],
});
model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });
model.fit(frequencies, tf.oneHot(tf.randomUniform([50], 0, 2, 'int32'), 2), { epochs: 3 });
