// expect: raw-log
// Regression: the log of a softmax computed a line earlier (`const probs = tf.softmax(logits, 1)`)
// is tf.logSoftmax(logits, 1), axis included.
const tf = require('@tensorflow/tfjs');

function crossEntropy(yTrue, logits) {
  const probs = tf.softmax(logits, 1);
  return tf.neg(tf.mean(tf.sum(tf.mul(yTrue, probs.log()), 1)));
}

const model = tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [4] })] });
model.compile({ optimizer: 'adam', loss: crossEntropy });
model.fit(tf.randomNormal([32, 4]), tf.oneHot(tf.randomUniform([32], 0, 3, 'int32'), 3).toFloat(), { epochs: 2 });
