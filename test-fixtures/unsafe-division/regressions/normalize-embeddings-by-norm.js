// at-most-info: unsafe-division, unsafe-sqrt
// L2-normalizing a layer's output: its norm is 0 only if every component is 0 at once, which
// happens by accident, not by design, so this is information, not a warning.
const tf = require('@tensorflow/tfjs');

const encoder = tf.sequential({
  layers: [tf.layers.dense({ units: 16, activation: 'relu', inputShape: [8] }), tf.layers.dense({ units: 4 })],
});
const optimizer = tf.train.adam(0.001);

function cosine(a, b) {
  const an = a.div(a.norm('euclidean', -1, true));
  const bn = b.div(b.norm('euclidean', -1, true));
  return an.mul(bn).sum(-1);
}

const xa = tf.randomNormal([32, 8]);
const xb = tf.randomNormal([32, 8]);
for (let i = 0; i < 10; i++) {
  optimizer.minimize(() => tf.sub(1, cosine(encoder.apply(xa), encoder.apply(xb))).mean());
}
