// forbid: unscaled-targets
// A hand-written absolute error in a custom loss, on targets already in [0, 1], and a
// subtraction of predictions that is not an error (a residual that is only logged).
const tf = require('@tensorflow/tfjs');

const maeLoss = (yTrue, yPred) => tf.abs(tf.sub(yTrue, yPred)).mean();

const model = tf.sequential({ layers: [tf.layers.dense({ units: 8, activation: 'relu', inputShape: [3] }), tf.layers.dense({ units: 1 })] });
model.compile({ optimizer: 'sgd', loss: maeLoss });
const xs = tf.randomNormal([40, 3]);
const ys = tf.randomUniform([40, 1]);
model.fit(xs, ys, { epochs: 5 }).then(() => {
  model.predict(xs).sub(tf.randomUniform([40, 1], 0, 5000)).print();
});
