const tf = require('@tensorflow/tfjs');

/** Binary cross-entropy, written out. */
function binaryCrossEntropy(yTrue, yPred) {
  const positive = yTrue.mul(yPred.log());
  const negative = tf.scalar(1).sub(yTrue).mul(tf.scalar(1).sub(yPred).log());
  return positive.add(negative).mean().neg();
}

module.exports = { binaryCrossEntropy };
