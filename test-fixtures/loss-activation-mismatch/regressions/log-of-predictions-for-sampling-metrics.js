// forbid: loss-activation-mismatch
// log of a linear model's output outside any loss: the log of (positive) exp predictions of a
// Poisson-style count model, and logits passed through tf.sigmoid before tf.losses.logLoss.
const tf = require('@tensorflow/tfjs');

const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [3] })] });
const optimizer = tf.train.adam(0.01);
const xs = tf.randomNormal([50, 3]);
const ys = tf.randomUniform([50, 1]).round();

for (let i = 0; i < 20; i++) {
  optimizer.minimize(() => tf.losses.logLoss(ys, tf.sigmoid(model.predict(xs))));
}
const rates = tf.exp(model.predict(xs));
console.log(tf.log(rates).mean().dataSync());
