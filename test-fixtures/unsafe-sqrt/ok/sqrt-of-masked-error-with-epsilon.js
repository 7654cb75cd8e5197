// forbid: unsafe-sqrt
// The masked distance as sqrt(sum + epsilon): masked rows give sqrt(epsilon), with a finite gradient.
const tf = require('@tensorflow/tfjs');

function maskedDistance(yTrue, yPred) {
  const labelled = yTrue.greaterEqual(0).cast('float32');
  const err = yPred.sub(yTrue).mul(labelled);
  return tf.sqrt(err.square().sum(-1).add(tf.backend().epsilon())).mean();
}

async function main(rows, labels) {
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [6], activation: 'sigmoid' })] });
  model.compile({ optimizer: 'adam', loss: maskedDistance });
  await model.fit(tf.tensor2d(rows), tf.tensor2d(labels), { epochs: 3 });
}

module.exports = { main };
