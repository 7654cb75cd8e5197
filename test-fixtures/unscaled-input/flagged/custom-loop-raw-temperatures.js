// expect: unscaled-input
// A custom loop (no model.fit) on raw readings in kelvin (about 250-320), built in a loop.
const tf = require('@tensorflow/tfjs');

const kelvin = [];
const load = [];
for (let h = 0; h < 48; h++) {
  const t = 250 + (h % 24) * 3;
  kelvin.push(t);
  load.push(0.02 * (t - 250));
}
const x = tf.tensor1d(kelvin);
const y = tf.tensor1d(load);
const w = tf.variable(tf.scalar(0));
const b = tf.variable(tf.scalar(0));
const optimizer = tf.train.sgd(0.05);
for (let step = 0; step < 50; step++) {
  optimizer.minimize(() => w.mul(x).add(b).sub(y).square().mean());
}
