// Log loss written by hand over predictions that are exactly 0 and 1: log(0) is -Infinity and
// 0 * -Infinity is NaN, so the loss is NaN before any training happens.
const tf = require('@tensorflow/tfjs');

const labels = tf.tensor1d([1, 0, 1, 0]);
const predictions = tf.tensor1d([1.0, 0.0, 0.0, 1.0]);

const loss = tf.neg(tf.mean(tf.add(
  tf.mul(labels, tf.log(predictions)),
  tf.mul(tf.sub(1, labels), tf.log(tf.sub(1, predictions))),
)));
loss.print();
