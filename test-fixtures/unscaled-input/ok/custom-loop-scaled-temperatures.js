// forbid: unscaled-input
// The same custom loop with the readings shifted and scaled to about [0, 1] first.
const tf = require('@tensorflow/tfjs');

const kelvin = [];
const load = [];
for (let h = 0; h < 48; h++) {
  const t = 250 + (h % 24) * 3;
  kelvin.push(t);
  load.push(0.02 * (t - 250));
}
const x = tf.tensor1d(kelvin).sub(250).div(70);
const y = tf.tensor1d(load);
const w = tf.variable(tf.scalar(0));
const b = tf.variable(tf.scalar(0));
const optimizer = tf.train.sgd(0.05);
for (let step = 0; step < 50; step++) {
  optimizer.minimize(() => w.mul(x).add(b).sub(y).square().mean());
}
