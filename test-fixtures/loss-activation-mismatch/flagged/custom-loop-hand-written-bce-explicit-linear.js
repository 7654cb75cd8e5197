// expect: loss-activation-mismatch
// A custom loop computing binary cross-entropy by hand on model.predict, where the output layer
// says activation: 'linear' explicitly: log of a negative prediction is NaN.
const tf = require('@tensorflow/tfjs');

const model = tf.sequential();
model.add(tf.layers.dense({ units: 4, activation: 'relu', inputShape: [3] }));
model.add(tf.layers.dense({ units: 1, activation: 'linear' }));

const optimizer = tf.train.adam(0.01);
const xs = tf.randomNormal([20, 3]);
const ys = tf.randomUniform([20, 1]).round();

for (let step = 0; step < 50; step++) {
  optimizer.minimize(() => {
    const p = model.predict(xs);
    const onesMinus = tf.scalar(1).sub(p);
    return ys.mul(p.log()).add(tf.scalar(1).sub(ys).mul(onesMinus.log())).mean().neg();
  });
}
