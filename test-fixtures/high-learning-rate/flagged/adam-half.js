// expect: high-learning-rate
const tf = require('@tensorflow/tfjs');
const model = tf.sequential({ layers: [tf.layers.dense({ units: 16, activation: 'relu', inputShape: [4] }), tf.layers.dense({ units: 1 })] });
model.compile({ optimizer: tf.train.adam(0.5), loss: 'meanSquaredError' });
model.fit(tf.randomUniform([32, 4]), tf.randomUniform([32, 1]), { epochs: 5 });
