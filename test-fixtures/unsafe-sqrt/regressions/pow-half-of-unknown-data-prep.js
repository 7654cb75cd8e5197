// forbid: unsafe-sqrt
// A square root (p = 0.5) of loaded data outside training: whoever writes x^0.5 means it for
// non-negative values, and sqrt(0) = 0 is a fine value where no gradient is taken.
const tf = require('@tensorflow/tfjs');

async function load(rows) {
  const counts = tf.tensor2d(rows);
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [4] })] });
  model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
  await model.fit(counts.pow(0.5), tf.ones([rows.length, 1]), { epochs: 2 });
}

module.exports = { load };
