// forbid: high-learning-rate
// SGD at 0.5 on normalized data trains fine.
const tf = require('@tensorflow/tfjs');
const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });
model.compile({ optimizer: tf.train.sgd(0.5), loss: 'meanSquaredError' });
model.fit(tf.randomUniform([40, 2], -1, 1), tf.randomUniform([40, 1]), { epochs: 5 });
