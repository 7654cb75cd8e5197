// forbid: loss-activation-mismatch
// The loss turns logits into probabilities itself (and guards the log), so the linear output
// layer is right. A second loss uses logSoftmax on a linear multi-class output.
const tf = require('@tensorflow/tfjs');

function bceFromLogits(yTrue, logits) {
  const p = tf.sigmoid(logits).clipByValue(tf.backend().epsilon(), 1 - tf.backend().epsilon());
  return yTrue.mul(p.log()).add(tf.sub(1, yTrue).mul(tf.sub(1, p).log())).mean().neg();
}

function categoricalFromLogits(yTrue, logits) {
  return tf.neg(tf.mean(tf.sum(tf.mul(yTrue, tf.logSoftmax(logits)), -1)));
}

const binary = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [4] })] });
binary.compile({ optimizer: 'adam', loss: bceFromLogits });
binary.fit(tf.randomNormal([32, 4]), tf.randomUniform([32, 1]).round(), { epochs: 2 });

const multi = tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [4] })] });
multi.compile({ optimizer: 'adam', loss: categoricalFromLogits });
multi.fit(tf.randomNormal([32, 4]), tf.oneHot(tf.randomUniform([32], 0, 3, 'int32'), 3).toFloat(), { epochs: 2 });
