// expect: raw-log
// severity: error
import * as tf from '@tensorflow/tfjs';

const probabilities = tf.tensor1d([0.5, 0, 0.25]);
const entropy = tf.sum(tf.mul(probabilities, tf.log(probabilities))).neg();
entropy.print();
