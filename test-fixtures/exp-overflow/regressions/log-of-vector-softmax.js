// at-most-info: exp-overflow
// expect: raw-log
// Regression: a softmax over a vector of scores, summed over its last (only) axis without
// keepDims: each element is still a share of the total, in [0, 1], so the log of it is reported
// before the softmax is replaced by tf.softmax, not after.
const tf = require('@tensorflow/tfjs');

function logProbabilities(scores) {
  const e = tf.exp(scores);
  return e.div(e.sum(-1)).log();
}

module.exports = { logProbabilities };
