// expect: missing-learning-rate
// forbid: high-learning-rate
// Regression: tf.train.momentum(0.4) throws without a momentum. The usual 0.9 would make the
// effective step 0.4 / (1 - 0.9) = 4, a rate that diverges: the fix passes 0.5 instead.
const tf = require('@tensorflow/tfjs');

const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });
model.compile({ optimizer: tf.train.momentum(0.4), loss: 'meanSquaredError' });
model.fit(tf.randomUniform([40, 2], -1, 1), tf.randomUniform([40, 1]), { epochs: 5 });
