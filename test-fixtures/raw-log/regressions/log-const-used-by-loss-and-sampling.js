// expect: raw-log
// The const holding the log is sampled from AND used in a loss: not "only sampled".
const tf = require('@tensorflow/tfjs');

const model = tf.sequential();
model.add(tf.layers.dense({ units: 5, activation: 'softmax', inputShape: [10] }));

function lossAndSample(yTrue, probs) {
  const logProbs = tf.log(probs);
  const pick = tf.multinomial(logProbs, 1);
  pick.dispose();
  return tf.neg(tf.mean(tf.sum(tf.mul(yTrue, logProbs), -1)));
}

model.compile({ optimizer: 'adam', loss: lossAndSample });
