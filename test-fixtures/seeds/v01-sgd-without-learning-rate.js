// case v01: tf.train.sgd() called without a learning rate. TF.js has no default for it, so the
// first update turns every weight into NaN.
// truth: nan at epoch 2 (10 epochs; every weight is NaN after the first step)
// expect: missing-learning-rate
const tf = require('@tensorflow/tfjs');

// y = 2x - 1, as in the TF.js getting-started example.
const xs = tf.tensor2d([-1, 0, 1, 2, 3, 4], [6, 1]);
const ys = tf.tensor2d([-3, -1, 1, 3, 5, 7], [6, 1]);

const optimizer = tf.train.sgd();

const model = tf.sequential();
model.add(tf.layers.dense({ units: 1, inputShape: [1] }));
model.compile({ optimizer, loss: 'meanSquaredError' });

model.fit(xs, ys, { epochs: 10 }).then(() => {
  model.predict(tf.tensor2d([10], [1, 1])).print();
});
