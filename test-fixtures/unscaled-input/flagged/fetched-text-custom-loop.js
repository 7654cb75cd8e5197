// expect: unscaled-input
// Text fetched over HTTP, parsed with Number and used as the data of a custom training loop:
// Number('NA') is NaN and nothing checks for it.
const tf = require('@tensorflow/tfjs');

async function train() {
  const response = await fetch('https://example.com/readings.txt');
  const body = await response.text();
  const values = body.split(/\r?\n/).map(Number);
  const x = tf.tensor1d(values.map((v) => v / 100));
  const y = tf.tensor1d(values.map((v) => v / 50));
  const w = tf.variable(tf.scalar(0.1));
  const optimizer = tf.train.adam(0.01);
  for (let i = 0; i < 50; i++) {
    optimizer.minimize(() => tf.losses.meanSquaredError(y, x.mul(w)));
  }
}

train();
