// A TF.js training file caught mid-edit: the compile call's object literal and the fit call are
// not closed, and a stray `=>` follows. The parser recovers; the analysis must not crash.
import * as tf from '@tensorflow/tfjs';

const xs = tf.randomUniform([64, 8]).mul(1000);
const ys = tf.randomUniform([64, 1]).greater(0.5).toFloat();

const model = tf.sequential({
  layers: [
    tf.layers.dense({ units: 16, activation: 'tanh', inputShape: [8] }),
    tf.layers.dense({ units: 1, activation: 'sigmoid' }),
  ],
});

function logLoss(yTrue, yPred) {
  return tf.neg(tf.mean(yTrue.mul(tf.log(yPred)).add(tf.sub(1, yTrue).mul(tf.log(tf.sub(1, yPred))))));
}

model.compile({ optimizer: tf.train.sgd(0.5), loss: logLoss,

model.fit(xs, ys, { epochs: 5, batchSize: 16 ;

const broken = => tf.log(ys);
