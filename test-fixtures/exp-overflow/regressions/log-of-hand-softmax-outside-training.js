// at-most-info: exp-overflow
// expect: raw-log
// Regression: the log of a hand-written softmax over data the analysis cannot bound. Its output
// is a share of its row total, in [0, 1], and can underflow to 0 like tf.softmax's: the log is
// reported before any fix, so replacing the softmax by tf.softmax adds no raw-log finding, and
// tf.logSoftmax replaces the softmax and its log together.
const tf = require('@tensorflow/tfjs');

function logProbabilities(scores) {
  const e = tf.exp(scores);
  const probs = e.div(e.sum(-1, true));
  return probs.log();
}

module.exports = { logProbabilities };
