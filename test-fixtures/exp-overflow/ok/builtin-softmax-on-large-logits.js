// forbid: exp-overflow
// tf.softmax, tf.logSoftmax and tf.logSumExp subtract the max internally.
const tf = require('@tensorflow/tfjs');

function loss(labels, logits) {
  const logProbs = tf.logSoftmax(logits);
  return tf.neg(tf.mean(tf.sum(tf.mul(labels, logProbs), -1))).add(tf.logSumExp(logits).mean().mul(0));
}

const model = tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [4] })] });
model.compile({ optimizer: 'sgd', loss });
const x = tf.randomUniform([64, 4]).mul(1000);
model.fit(x, tf.oneHot(tf.randomUniform([64], 0, 3, 'int32'), 3).toFloat(), { epochs: 3 });
tf.softmax(model.predict(x)).print();
