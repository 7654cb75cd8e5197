// expect: raw-log
// related: losses.js:5
const tf = require('@tensorflow/tfjs');
const { binaryCrossEntropy } = require('./losses');

const model = tf.sequential();
model.add(tf.layers.dense({ units: 8, activation: 'relu', inputShape: [4] }));
model.add(tf.layers.dense({ units: 1 }));
model.compile({ optimizer: 'adam', loss: binaryCrossEntropy });

const xs = tf.randomUniform([32, 4]);
const ys = tf.randomUniform([32, 1]).greater(0.5).toFloat();
model.fit(xs, ys, { epochs: 5 });
