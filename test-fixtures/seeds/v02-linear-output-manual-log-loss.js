// case v02: a hand-written binary cross-entropy on a linear (unbounded) output: log() of a
// negative prediction is NaN in the very first batch.
// truth: nan at epoch 1, batch 1
// expect: raw-log, loss-activation-mismatch|raw-log
import * as tf from '@tensorflow/tfjs';

const binaryLogLoss = (labels, preds) =>
  tf.tidy(() => {
    const onPositives = labels.mul(preds.log());
    const onNegatives = tf.scalar(1).sub(labels).mul(tf.scalar(1).sub(preds).log());
    return onPositives.add(onNegatives).mean().neg();
  });

const model = tf.sequential();
model.add(tf.layers.dense({ units: 1, inputShape: [10] })); // no sigmoid: the "probability" is unbounded

model.compile({ optimizer: 'adam', loss: binaryLogLoss, metrics: ['accuracy'] });

// Standardized features in [-1, 1).
const features = tf.randomUniform([100, 10], -1, 1, 'float32', 1);
const labels = tf.randomUniform([100, 1], 0, 1, 'float32', 2).greater(0.5).toFloat();

model.fit(features, labels, { epochs: 10, batchSize: 32 });
