// expect: raw-log
// Regression: the outer log reads 0 · log(0) = NaN, made by the inner log of an exact 0 (an
// error of its own). A clamp at the outer log cannot change a NaN, so none is offered there until
// the inner log is fixed.
const tf = require('@tensorflow/tfjs');

const labels = tf.tensor1d([1, 0, 1, 0]);
const predictions = tf.tensor1d([1.0, 0.0, 0.0, 1.0]);
const logLikelihood = tf.add(tf.mul(labels, tf.log(predictions)), tf.mul(tf.sub(1, labels), tf.log(tf.sub(1, predictions))));
tf.log(tf.neg(logLikelihood)).print();
