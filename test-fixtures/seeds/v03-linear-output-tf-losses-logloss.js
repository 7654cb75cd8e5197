// case v03: tf.losses.logLoss on a linear output. Its epsilon (1e-7) guards predictions at 0,
// not negative ones, so the loss is NaN in the first batch.
// truth: nan at epoch 1, batch 1
// expect: loss-activation-mismatch
import { layers, losses, randomUniform, sequential, train } from '@tensorflow/tfjs';

const classifier = sequential({
  layers: [layers.dense({ units: 1, inputShape: [10] })],
});
classifier.compile({ optimizer: train.adam(0.001), loss: losses.logLoss });

const samples = randomUniform([100, 10], -1, 1);
const outcomes = randomUniform([100, 1]).round();

classifier.fit(samples, outcomes, { epochs: 10 });
