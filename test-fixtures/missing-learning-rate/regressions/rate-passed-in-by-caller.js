// forbid: missing-learning-rate
// The rate comes from the caller; the analysis cannot see it but an argument is there.
const tf = require('@tensorflow/tfjs');

function makeOptimizer(config) {
  return tf.train.sgd(config.learningRate);
}

function makeMomentum(rate, momentum) {
  return tf.train.momentum(rate, momentum);
}

module.exports = { makeOptimizer, makeMomentum };
