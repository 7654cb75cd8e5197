// expect: raw-log
// Regression: inside a function whose parameter is named tf, `tf.maximum(...)` would call that
// parameter, not TF.js: no fix that writes the namespace is offered there.
const tf = require('@tensorflow/tfjs');

function negativeLogLikelihood(tf, probs) {
  return probs.log().neg().mean();
}

const model = tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [4] })] });
const xs = tf.randomNormal([16, 4]);
const optimizer = tf.train.adam(0.01);
optimizer.minimize(() => negativeLogLikelihood(tf.backend(), model.predict(xs)));
