// expect: unsafe-division
// severity: error
// A relative-error loss divides by the targets, and one target is exactly 0.
const tf = require('@tensorflow/tfjs');

function relativeError(yTrue, yPred) {
  return tf.mean(tf.abs(tf.div(tf.sub(yTrue, yPred), yTrue)));
}

const xs = tf.tensor2d([[1], [2], [3], [4]]);
const ys = tf.tensor2d([[2], [0], [6], [8]]);

const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1] })] });
model.compile({ optimizer: tf.train.sgd(0.01), loss: relativeError });
model.fit(xs, ys, { epochs: 10 });
