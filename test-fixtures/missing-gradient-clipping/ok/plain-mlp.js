// forbid: missing-gradient-clipping
const tf = require('@tensorflow/tfjs');
const model = tf.sequential({ layers: [tf.layers.dense({ units: 8, activation: 'relu', inputShape: [3] }), tf.layers.dense({ units: 1 })] });
model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
model.fit(tf.randomNormal([16, 3]), tf.randomNormal([16, 1]), { epochs: 2 });
