// forbid: zero-epsilon
// Zeros in other positions: rmsprop's momentum 0 and adamax's decay 0 are not epsilons.
const tf = require('@tensorflow/tfjs');

const rmsprop = tf.train.rmsprop(0.001, 0.9, 0);
const adamax = tf.train.adamax(0.002, 0.9, 0.999, 1e-7, 0);
const momentum = tf.train.momentum(0.01, 0);
module.exports = { rmsprop, adamax, momentum };
