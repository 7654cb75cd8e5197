// at-most-info: missing-gradient-clipping
// RNNs without clipping usually train fine: one risk factor alone is at most information.
const tf = require('@tensorflow/tfjs');
const model = tf.sequential({ layers: [tf.layers.lstm({ units: 8, inputShape: [5, 1] }), tf.layers.dense({ units: 1 })] });
model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
model.fit(tf.randomUniform([16, 5, 1]), tf.randomUniform([16, 1]), { epochs: 2 });
