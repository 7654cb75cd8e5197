// forbid: raw-log
const tf = require('@tensorflow/tfjs');
const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, activation: 'sigmoid', inputShape: [2] })] });
function bce(yTrue, yPred) {
  const p = tf.clipByValue(yPred, 1e-7, 1 - 1e-7);
  return tf.neg(tf.mean(tf.add(tf.mul(yTrue, tf.log(p)), tf.mul(tf.sub(1, yTrue), tf.log(tf.sub(1, p))))));
}
model.compile({ optimizer: 'adam', loss: bce });
model.fit(tf.randomUniform([8, 2]), tf.tensor2d([[0], [1], [0], [1], [1], [0], [1], [0]]), { epochs: 2 });
