// forbid: raw-log
// Regression: tf.log(x.add(eps)) of a non-negative value must stay quiet.
const tf = require('@tensorflow/tfjs');
const counts = tf.tensor1d([0, 3, 7]);
const logCounts = tf.log(counts.add(tf.backend().epsilon()));
logCounts.print();
