// forbid: raw-log
// Regression: temperature sampling with divNoNan (a temperature of 0 gives 0, not Infinity): the
// log still only feeds tf.multinomial, where log(0) = -Infinity means "never pick this one".
const tf = require('@tensorflow/tfjs');

const model = tf.sequential();
model.add(tf.layers.dense({ units: 5, activation: 'softmax', inputShape: [10] }));

function sample(probs, temperature) {
  return tf.tidy(() => tf.multinomial(tf.divNoNan(tf.log(probs), temperature), 1).dataSync()[0]);
}

console.log(sample(model.predict(tf.randomUniform([1, 10])).squeeze(), tf.scalar(0.7)));
