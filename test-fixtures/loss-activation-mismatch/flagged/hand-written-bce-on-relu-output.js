// expect: loss-activation-mismatch
// A hand-written binary cross-entropy on a relu output: log(1 - p) is NaN once p exceeds 1.
const tf = require('@tensorflow/tfjs');

function binaryCrossEntropy(yTrue, yPred) {
  return tf.tidy(() => {
    const eps = tf.backend().epsilon();
    const positive = yTrue.mul(yPred.add(eps).log());
    const negative = tf.sub(1, yTrue).mul(tf.sub(1, yPred).log());
    return positive.add(negative).mean().neg();
  });
}

const model = tf.sequential();
model.add(tf.layers.dense({ units: 16, activation: 'relu', inputShape: [5] }));
model.add(tf.layers.dense({ units: 1, activation: 'relu' }));
model.compile({ optimizer: 'adam', loss: binaryCrossEntropy });

const x = tf.randomNormal([128, 5]);
const y = tf.randomUniform([128, 1]).round();
model.fit(x, y, { epochs: 10 });
