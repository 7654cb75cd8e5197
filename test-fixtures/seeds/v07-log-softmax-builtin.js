// case v07: case v06's loss written with tf.logSoftmax, which is numerically safe. The inputs
// are still raw (up to 1000).
// truth: stable (10 epochs; loss finite, 1e3 to 6e3)
// expect: unscaled-input
// forbid: raw-log, exp-overflow
import * as tf from '@tensorflow/tfjs';

function categoricalLoss(yTrue, logits) {
  return tf.neg(tf.mean(tf.sum(tf.mul(yTrue, tf.logSoftmax(logits)), -1)));
}

const model = tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [4] })] });
model.compile({ optimizer: 'sgd', loss: categoricalLoss });

const SCALE = 1000;
const x = tf.randomUniform([64, 4]).mul(SCALE);
const y = tf.oneHot(tf.randomUniform([64], 0, 3, 'int32'), 3).toFloat();

model.fit(x, y, { epochs: 10 });
