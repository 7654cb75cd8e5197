// expect: exp-overflow
// severity: error
// Back-transforming log-scores: one of them is 120, and exp(120) is Infinity in float32.
import * as tf from '@tensorflow/tfjs';

const logScores = tf.tensor1d([2.5, 14.1, 120, 31.7]);
const scores = tf.exp(logScores);
const weights = scores.div(scores.max());
weights.print();
