// expect: unsafe-sqrt
// Only labelled entries count: the error is multiplied by a 0/1 mask from a comparison, so the
// per-row distance of an unlabelled row is exactly 0 and the sqrt gradient there is Infinity.
const tf = require('@tensorflow/tfjs');

function maskedDistance(yTrue, yPred) {
  const labelled = yTrue.greaterEqual(0).cast('float32');
  const err = yPred.sub(yTrue).mul(labelled);
  return tf.sqrt(err.square().sum(-1)).mean();
}

async function main(rows, labels) {
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [6], activation: 'sigmoid' })] });
  model.compile({ optimizer: 'adam', loss: maskedDistance });
  await model.fit(tf.tensor2d(rows), tf.tensor2d(labels), { epochs: 3 });
}

module.exports = { main };
