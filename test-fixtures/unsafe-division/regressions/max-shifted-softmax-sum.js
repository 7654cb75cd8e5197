// forbid: unsafe-division, exp-overflow
// Regression: a max-shifted exp holds an exact 1 in every row, so its sum is at least 1.
const tf = require('@tensorflow/tfjs');

function stableSoftmax(logits) {
  const shifted = logits.sub(logits.max(-1, true));
  const e = shifted.exp();
  return e.div(e.sum(-1, true));
}

function crossEntropy(yTrue, yPred) {
  return tf.neg(tf.mean(tf.sum(tf.mul(yTrue, tf.log(tf.add(stableSoftmax(yPred), 1e-7))), -1)));
}

const model = tf.sequential({ layers: [tf.layers.dense({ units: 4, inputShape: [6] })] });
model.compile({ optimizer: 'adam', loss: crossEntropy });
model.fit(tf.randomNormal([32, 6]), tf.oneHot(tf.randomUniform([32], 0, 4, 'int32'), 4).toFloat(), { epochs: 2 });
