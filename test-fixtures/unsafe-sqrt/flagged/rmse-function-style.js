// expect: unsafe-sqrt
// severity: warning
// RMSE written with tf.* functions: a perfect fit makes the mean squared error exactly 0.
const tf = require('@tensorflow/tfjs');

const rmse = (yTrue, yPred) => tf.sqrt(tf.mean(tf.squaredDifference(yTrue, yPred)));

const model = tf.sequential();
model.add(tf.layers.dense({ units: 16, activation: 'relu', inputShape: [5] }));
model.add(tf.layers.dense({ units: 1 }));
model.compile({ optimizer: tf.train.adam(0.001), loss: rmse, metrics: ['mse'] });

const xs = tf.randomNormal([200, 5]);
const ys = xs.sum(1, true);
model.fit(xs, ys, { epochs: 30, validationSplit: 0.2 });
