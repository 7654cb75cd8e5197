// forbid: unscaled-input
// Rows from Array.from, scaled column by column with literal sensor limits: every column ends in
// [0, 1] even though the columns' raw scales differ (0-6000 and 0-50); joining all columns into one
// range before the division would wrongly report values up to 100.
const tf = require('@tensorflow/tfjs');

const LIMITS = [6000, 50];
let s = 3;
const r = () => ((s = (s * 48271) % 2147483647) / 2147483647);
const rows = Array.from({ length: 200 }, () => [2800 + r() * 400, 4 + r() * 2]);
const xs = tf.tensor2d(rows).div(tf.tensor1d(LIMITS));

const model = tf.sequential({ layers: [tf.layers.dense({ units: 4, activation: 'relu', inputShape: [2] }), tf.layers.dense({ units: 1 })] });
model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
model.fit(xs, tf.ones([200, 1]), { epochs: 3 });
