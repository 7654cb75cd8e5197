// expect: unsafe-division
// severity: warning
// tf.where keeps the value finite, but the gradient of the division it hides is 0 / 0 = NaN.
const tf = require('@tensorflow/tfjs');

function maskedRelativeError(yTrue, yPred) {
  const zero = tf.zerosLike(yTrue);
  const relative = tf.where(tf.equal(yTrue, 0), zero, yPred.sub(yTrue).div(yTrue));
  return relative.abs().mean();
}

const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });
model.compile({ optimizer: 'adam', loss: maskedRelativeError });
model.fit(tf.randomNormal([32, 2]), tf.randomUniform([32, 1], 0, 5, 'int32').toFloat(), { epochs: 3 });
