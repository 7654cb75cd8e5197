// expect: exp-overflow
// severity: warning
// A Poisson loss with a log link on a linear output: with inputs in the thousands the
// predicted log-rate passes 88.7 and exp is Infinity.
import * as tf from '@tensorflow/tfjs';

function poissonLogLink(yTrue, yPred) {
  return tf.mean(tf.sub(tf.exp(yPred), tf.mul(yTrue, yPred)));
}

const visitors = tf.randomUniform([200, 3], 0, 5000);
const sales = tf.randomUniform([200, 1], 0, 20, 'int32').toFloat();

const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [3] })] });
model.compile({ optimizer: 'adam', loss: poissonLogLink });
model.fit(visitors, sales, { epochs: 10 });
