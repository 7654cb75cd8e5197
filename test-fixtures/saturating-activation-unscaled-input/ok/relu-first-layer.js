// forbid: saturating-activation-unscaled-input
const tf = require('@tensorflow/tfjs');
const model = tf.sequential({ layers: [tf.layers.dense({ units: 16, activation: 'relu', inputShape: [4] }), tf.layers.dense({ units: 1, activation: 'sigmoid' })] });
model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });
model.fit(tf.randomUniform([64, 4], 0, 3), tf.randomUniform([64, 1]).round(), { epochs: 3 });
