// expect: unsafe-sqrt
// A loss between MAE and MSE written as mean(error^1.5) without the absolute value: the error is
// negative for about half the samples, and a negative base to a non-integer power is NaN.
const tf = require('@tensorflow/tfjs');

function powerLoss(yTrue, yPred) {
  return tf.pow(yPred.sub(yTrue), 1.5).mean();
}

const model = tf.sequential({ layers: [tf.layers.dense({ units: 8, activation: 'relu', inputShape: [3] }), tf.layers.dense({ units: 1 })] });
model.compile({ optimizer: 'adam', loss: powerLoss });
model.fit(tf.randomNormal([64, 3]), tf.randomUniform([64, 1]), { epochs: 3 });
