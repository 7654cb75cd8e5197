// forbid: loss-activation-mismatch
// Custom loop with tf.losses.logLoss on a sigmoid output: predictions are probabilities.
const tf = require('@tensorflow/tfjs');

const model = tf.sequential({
  layers: [
    tf.layers.dense({ units: 8, activation: 'relu', inputShape: [2] }),
    tf.layers.dense({ units: 1, activation: 'sigmoid' }),
  ],
});
const optimizer = tf.train.sgd(0.1);
const xs = tf.tensor2d([[0, 0], [0, 1], [1, 0], [1, 1]]);
const ys = tf.tensor2d([[0], [1], [1], [0]]);

for (let epoch = 0; epoch < 100; epoch++) {
  optimizer.minimize(() => tf.losses.logLoss(ys, model.predict(xs)));
}
