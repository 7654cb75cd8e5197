// forbid: high-learning-rate
// Momentum 0 is plain SGD: a rate of 0.4 is within the momentum optimizer's own bound.
const tf = require('@tensorflow/tfjs');

const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });
model.compile({ optimizer: tf.train.momentum(0.4, 0), loss: 'meanSquaredError' });
model.fit(tf.randomUniform([40, 2], -1, 1), tf.randomUniform([40, 1]), { epochs: 5 });
