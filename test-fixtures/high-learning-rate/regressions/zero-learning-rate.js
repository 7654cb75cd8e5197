// forbid: high-learning-rate, missing-gradient-clipping
// Regression: a learning rate of 0 (training switched off) is no step at all. The bound for a
// linear model scales with the rate, and 0 / 0 made it NaN, reported as "above -Infinity".
const tf = require('@tensorflow/tfjs');

const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });
model.compile({ optimizer: tf.train.sgd(0), loss: 'meanSquaredError' });
model.fit(tf.randomUniform([40, 2], -1, 1), tf.randomUniform([40, 1]), { epochs: 5 });
