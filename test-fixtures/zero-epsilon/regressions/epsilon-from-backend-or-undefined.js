// forbid: zero-epsilon
// The backend's own epsilon, and undefined (which TF.js replaces by it), are safe.
const tf = require('@tensorflow/tfjs');

const a = tf.train.adam(0.001, 0.9, 0.999, tf.backend().epsilon());
const b = tf.train.adam(0.01, 0.9, 0.999, undefined);
const c = tf.train.rmsprop(0.001, 0.9, 0, Number.EPSILON);
module.exports = { a, b, c };
