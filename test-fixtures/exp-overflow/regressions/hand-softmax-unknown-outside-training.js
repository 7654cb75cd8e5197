// at-most-info: exp-overflow
// Regression: a hand-written softmax over data the analysis cannot bound, outside training,
// is only information.
const tf = require('@tensorflow/tfjs');

function softmax(scores) {
  const e = scores.exp();
  return e.div(e.sum());
}

module.exports = { softmax };
