// expect: missing-learning-rate
// tf.train.momentum() with neither a rate nor a momentum, in a helper that builds the optimizer.
const tf = require('@tensorflow/tfjs');

function makeOptimizer() {
  return tf.train.momentum();
}

const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });
model.compile({ optimizer: makeOptimizer(), loss: 'meanSquaredError' });
model.fit(tf.randomNormal([16, 2]), tf.randomNormal([16, 1]), { epochs: 3 });
