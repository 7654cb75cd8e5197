const tf = require('@tensorflow/tfjs');

/** Z-score per feature; the epsilon keeps a constant feature at 0. */
function standardize(t) {
  const { mean, variance } = tf.moments(t, 0);
  return t.sub(mean).div(variance.sqrt().add(1e-7));
}

exports.standardize = standardize;
