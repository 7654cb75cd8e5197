// forbid: unscaled-input
const tf = require('@tensorflow/tfjs');
const model = tf.sequential({ layers: [tf.layers.batchNormalization({ inputShape: [3] }), tf.layers.dense({ units: 1 })] });
model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
model.fit(tf.randomUniform([32, 3], 0, 10000), tf.randomUniform([32, 1]), { epochs: 2 });
