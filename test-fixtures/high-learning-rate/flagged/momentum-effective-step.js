// expect: high-learning-rate
// Momentum 0.9 at rate 0.3: on a steady gradient the step grows to lr / (1 - 0.9) = 3, three times
// what plain SGD tolerates on normalized data, although 0.3 alone looks modest.
const tf = require('@tensorflow/tfjs');

const model = tf.sequential({
  layers: [tf.layers.dense({ units: 16, activation: 'tanh', inputShape: [4] }), tf.layers.dense({ units: 1 })],
});
model.compile({ optimizer: tf.train.momentum(0.3, 0.9), loss: 'meanSquaredError' });
model.fit(tf.randomNormal([64, 4]), tf.randomNormal([64, 1]), { epochs: 5 });
