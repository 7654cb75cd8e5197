// forbid: raw-log
// Text generation: log(0) = -Infinity is harmless inside multinomial sampling.
const tf = require('@tensorflow/tfjs');

function sample(probs, temperature) {
  return tf.tidy(() => tf.multinomial(tf.log(probs).div(temperature), 1).dataSync()[0]);
}
const model = tf.sequential({ layers: [tf.layers.dense({ units: 10, activation: 'softmax', inputShape: [4] })] });
const next = sample(model.predict(tf.randomUniform([1, 4])).squeeze(), 0.7);
console.log(next);
