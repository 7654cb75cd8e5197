// forbid: unsafe-sqrt
// |error|^1.5: a non-negative base, and for p > 1 the gradient p * |x|^(p - 1) is 0 at 0.
const tf = require('@tensorflow/tfjs');

function powerLoss(yTrue, yPred) {
  return tf.pow(yPred.sub(yTrue).abs(), 1.5).mean();
}

const model = tf.sequential({ layers: [tf.layers.dense({ units: 8, activation: 'relu', inputShape: [3] }), tf.layers.dense({ units: 1 })] });
model.compile({ optimizer: 'adam', loss: powerLoss });
model.fit(tf.randomNormal([64, 3]), tf.randomUniform([64, 1]), { epochs: 3 });
