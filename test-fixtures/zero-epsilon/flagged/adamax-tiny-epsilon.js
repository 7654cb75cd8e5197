// expect: zero-epsilon
// severity: warning
// An epsilon of 1e-12: 0 on float16 WebGL backends, and no protection for gradients whose square
// underflows float32.
const tf = require('@tensorflow/tfjs');

const model = tf.sequential({
  layers: [tf.layers.dense({ units: 16, activation: 'relu', inputShape: [4] }), tf.layers.dense({ units: 1 })],
});
model.compile({ optimizer: tf.train.adamax(0.002, 0.9, 0.999, 1e-12), loss: 'meanSquaredError' });
model.fit(tf.randomNormal([64, 4]), tf.randomNormal([64, 1]), { epochs: 5 });
