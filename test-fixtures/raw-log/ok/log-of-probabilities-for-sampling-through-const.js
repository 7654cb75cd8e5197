// forbid: raw-log
// Temperature sampling: the log of the softmax output only feeds tf.multinomial, through a const.
// log(0) = -Infinity there just means "never pick this character".
const tf = require('@tensorflow/tfjs');

const model = tf.sequential();
model.add(tf.layers.dense({ units: 32, activation: 'relu', inputShape: [10] }));
model.add(tf.layers.dense({ units: 5, activation: 'softmax' }));
model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });

function sample(probs, temperature) {
  return tf.tidy(() => {
    const logits = tf.div(tf.log(probs), temperature);
    return tf.multinomial(logits, 1).dataSync()[0];
  });
}

const probs = model.predict(tf.randomUniform([1, 10])).squeeze();
console.log(sample(probs, 0.7));
