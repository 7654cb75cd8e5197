// expect: clean
const tf = require('@tensorflow/tfjs');
const { raw, target } = require('./data');
const { standardize } = require('./normalize.js');

const model = tf.sequential();
model.add(tf.layers.dense({ units: 8, activation: 'tanh', inputShape: [2] }));
model.add(tf.layers.dense({ units: 1 }));
model.compile({ optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError' });
model.fit(standardize(raw), target, { epochs: 30 });
