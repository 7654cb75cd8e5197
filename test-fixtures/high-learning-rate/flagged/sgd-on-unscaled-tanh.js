// expect: high-learning-rate
const tf = require('@tensorflow/tfjs');
const model = tf.sequential({ layers: [tf.layers.dense({ units: 8, activation: 'relu', inputShape: [5] }), tf.layers.dense({ units: 1 })] });
model.compile({ optimizer: tf.train.sgd(0.5), loss: 'meanSquaredError' });
const xs = tf.randomUniform([50, 5], 0, 200);
model.fit(xs, tf.randomUniform([50, 1]), { epochs: 5 });
