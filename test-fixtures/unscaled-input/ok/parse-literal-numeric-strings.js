// forbid: unscaled-input
// parseFloat of text the file writes itself, all numeric: no NaN.
const tf = require('@tensorflow/tfjs');

const raw = [['1.5', '2'], ['0.5', '3'], ['2.25', '1'], ['1', '0.5']];
const xs = tf.tensor2d(raw.map((row) => row.map((cell) => parseFloat(cell))));
const ys = tf.tensor2d(['1', '0', '1', '0'].map((v) => [Number(v)]));
const model = tf.sequential();
model.add(tf.layers.dense({ units: 4, activation: 'relu', inputShape: [2] }));
model.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));
model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });
model.fit(xs, ys, { epochs: 5 });
