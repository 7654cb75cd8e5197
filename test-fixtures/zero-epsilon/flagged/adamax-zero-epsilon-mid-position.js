// expect: zero-epsilon
// epsilon is followed by the decay argument, so the fix passes undefined for it.
const tf = require('@tensorflow/tfjs');

const optimizer = tf.train.adamax(0.002, 0.9, 0.999, 0, 0.01);
const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [3] })] });
model.compile({ optimizer, loss: 'meanSquaredError' });
model.fit(tf.randomNormal([20, 3]), tf.randomNormal([20, 1]), { epochs: 2 });
