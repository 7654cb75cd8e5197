// forbid: raw-log
const tf = require('@tensorflow/tfjs');
const model = tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [4] })] });
const loss = (y, logits) => tf.neg(tf.mean(tf.sum(tf.mul(y, tf.logSoftmax(logits)), -1)));
model.compile({ optimizer: 'adam', loss });
model.fit(tf.randomUniform([8, 4]), tf.oneHot(tf.tensor1d([0, 1, 2, 0, 1, 2, 0, 1], 'int32'), 3).toFloat(), { epochs: 2 });
