// forbid: exp-overflow
// A hand-written softmax done right: the max is subtracted, so the largest exponent is exp(0) = 1.
const tf = require('@tensorflow/tfjs');

function softmax(logits) {
  const shifted = tf.sub(logits, tf.max(logits, -1, true));
  const e = tf.exp(shifted);
  return tf.div(e, tf.sum(e, -1, true));
}

const model = tf.sequential({ layers: [tf.layers.dense({ units: 4, inputShape: [8] })] });
const probs = softmax(model.predict(tf.randomUniform([3, 8], 0, 1000)));
probs.print();
