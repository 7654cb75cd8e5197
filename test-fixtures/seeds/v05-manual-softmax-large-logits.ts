// case v05: a hand-written softmax, exp(z) / sum(exp(z)), on logits of order 1e2-1e3: exp
// overflows to Infinity and Infinity / Infinity is NaN.
// truth: nan at epoch 1, batch 1
// expect: exp-overflow
import * as tf from '@tensorflow/tfjs';

const NUM_CLASSES = 3;

function softmaxCrossEntropy(labels: tf.Tensor, logits: tf.Tensor): tf.Tensor {
  const expLogits = tf.exp(logits);
  const probs = expLogits.div(expLogits.sum(-1, true));
  return labels.mul(probs.log()).sum(-1).mean().neg();
}

const model = tf.sequential({
  layers: [tf.layers.dense({ units: NUM_CLASSES, inputShape: [4] })],
});
model.compile({ optimizer: 'sgd', loss: softmaxCrossEntropy });

// Raw pixel sums in [0, 1000).
const pixels = tf.randomUniform([64, 4], 0, 1000);
const classes = tf.oneHot(tf.randomUniform([64], 0, NUM_CLASSES, 'int32'), NUM_CLASSES).toFloat();

model.fit(pixels, classes, { epochs: 10 }).then((h) => console.log(h.history.loss));
