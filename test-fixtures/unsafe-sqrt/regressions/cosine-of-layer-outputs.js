// at-most-info: unsafe-sqrt
// The norm of a layer's output vector is 0 only if every component is 0 at once: possible, not
// likely, so only information (a norm of a difference, like a pair distance, is a warning).
const tf = require('@tensorflow/tfjs');

const encoder = tf.sequential({
  layers: [tf.layers.dense({ units: 16, activation: 'relu', inputShape: [8] }), tf.layers.dense({ units: 4 })],
});
const optimizer = tf.train.adam(0.001);

function cosineLoss(a, b) {
  const dot = a.mul(b).sum(-1);
  return tf.sub(1, dot.div(a.norm('euclidean', -1).mul(b.norm('euclidean', -1)).add(1e-6))).mean();
}

const left = tf.randomNormal([32, 8]);
const right = tf.randomNormal([32, 8]);
for (let step = 0; step < 10; step++) {
  optimizer.minimize(() => cosineLoss(encoder.apply(left), encoder.apply(right)));
}
