// expect: raw-log
// Regression (fuzzer, seed 11): logs of logs of 1. log(1) is 0, so the second log is -Infinity
// and the third is NaN. Clamping the second log's operand (max(·, epsilon)) removes its finding;
// the log around it then sees log(epsilon) ≈ -16, proven negative, and offers the same clamp for
// its own operand. That is the outer log's own finding, not the fix offered again.
const tf = require('@tensorflow/tfjs');

const y = tf.tensor1d([2, tf.log(tf.log(tf.log(tf.log(1)))), 4, 0]);
const z = tf.exp(y);
z.print();
