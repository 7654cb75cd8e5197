// forbid: saturating-activation-unscaled-input
const tf = require('@tensorflow/tfjs');
const model = tf.sequential({ layers: [tf.layers.dense({ units: 16, activation: 'tanh', inputShape: [4] }), tf.layers.dense({ units: 1 })] });
model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
model.fit(tf.randomNormal([64, 4]), tf.randomNormal([64, 1]), { epochs: 3 });
