// expect: missing-learning-rate
// severity: error
// tf.train.momentum(lr) has no default momentum and throws while building the optimizer.
const tf = require('@tensorflow/tfjs');

const LEARNING_RATE = 0.01;
const model = tf.sequential({ layers: [tf.layers.dense({ units: 3, activation: 'softmax', inputShape: [4] })] });
model.compile({ optimizer: tf.train.momentum(LEARNING_RATE), loss: 'categoricalCrossentropy' });
model.fit(tf.randomNormal([30, 4]), tf.oneHot(tf.randomUniform([30], 0, 3, 'int32'), 3).toFloat(), { epochs: 3 });
