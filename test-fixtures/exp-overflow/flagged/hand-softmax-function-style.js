// expect: exp-overflow
// severity: warning
// Softmax by hand, tf.* style, on the raw logits of a linear layer fed unscaled pixel sums.
const tf = require('@tensorflow/tfjs');

function softmaxCrossEntropy(labels, logits) {
  const probabilities = tf.div(tf.exp(logits), tf.sum(tf.exp(logits), 1, true));
  return tf.neg(tf.mean(tf.sum(tf.mul(labels, tf.log(tf.add(probabilities, 1e-7))), 1)));
}

const model = tf.sequential({ layers: [tf.layers.dense({ units: 10, inputShape: [64] })] });
model.compile({ optimizer: tf.train.sgd(0.01), loss: softmaxCrossEntropy });

const images = tf.randomUniform([100, 64], 0, 4096);
const labels = tf.oneHot(tf.randomUniform([100], 0, 10, 'int32'), 10).toFloat();
model.fit(images, labels, { epochs: 5 });
