// forbid: unscaled-input
// Regression: z-scoring through a helper with tf.moments must count as normalization.
const tf = require('@tensorflow/tfjs');
function normalize(t) {
  const { mean, variance } = tf.moments(t, 0);
  return t.sub(mean).div(variance.sqrt().add(1e-7));
}
const X = normalize(tf.randomUniform([100, 3], 0, 100000));
const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [3] })] });
model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
model.fit(X, tf.randomUniform([100, 1]), { epochs: 2 });
