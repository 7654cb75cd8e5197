// at-most-info: unsafe-sqrt
// The whole batch is reduced before the sqrt: it is 0 only if every entry is masked, which nothing
// here makes certain.
const tf = require('@tensorflow/tfjs');

function maskedRmse(yTrue, yPred) {
  const labelled = yTrue.greaterEqual(0).cast('float32');
  return tf.sqrt(yPred.sub(yTrue).mul(labelled).square().mean());
}

async function main(rows, labels) {
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [6] })] });
  model.compile({ optimizer: 'adam', loss: maskedRmse });
  await model.fit(tf.tensor2d(rows), tf.tensor2d(labels), { epochs: 3 });
}

module.exports = { main };
