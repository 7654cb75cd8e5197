// forbid: unsafe-sqrt
// An L1 norm has a finite (sub)gradient at 0; only the Euclidean norm divides by itself.
const tf = require('@tensorflow/tfjs');

function l1Loss(yTrue, yPred) {
  return tf.norm(yPred.sub(yTrue), 1).div(yTrue.shape[0]);
}

const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });
model.compile({ optimizer: 'sgd', loss: l1Loss });
model.fit(tf.randomNormal([16, 2]), tf.randomNormal([16, 1]), { epochs: 3 });
