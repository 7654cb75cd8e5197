// forbid: high-learning-rate
const tf = require('@tensorflow/tfjs');
const model = tf.sequential({ layers: [tf.layers.dense({ units: 4, activation: 'relu', inputShape: [3] }), tf.layers.dense({ units: 1 })] });
model.compile({ optimizer: tf.train.adam(), loss: 'meanSquaredError' });
model.fit(tf.randomNormal([20, 3]), tf.randomNormal([20, 1]), { epochs: 3 });
