// forbid: high-learning-rate
const tf = require('@tensorflow/tfjs');
const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });
model.compile({ optimizer: 'adadelta', loss: 'meanSquaredError' });
model.fit(tf.randomUniform([10, 2]), tf.randomUniform([10, 1]), { epochs: 3 });
