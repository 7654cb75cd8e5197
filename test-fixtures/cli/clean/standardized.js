// Standardized inputs and targets, Adam at 0.001: trains without trouble.
const tf = require('@tensorflow/tfjs');

function zScore(rows) {
  const t = tf.tensor2d(rows);
  const { mean, variance } = tf.moments(t, 0);
  return t.sub(mean).div(variance.sqrt().add(1e-7));
}

const xs = zScore([[3], [5], [7], [9]]);
const ys = zScore([[1], [2], [3], [4]]);

const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1] })] });
model.compile({ optimizer: tf.train.adam(0.001), loss: 'meanSquaredError' });
model.fit(xs, ys, { epochs: 5 });
