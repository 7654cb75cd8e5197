// expect: missing-learning-rate
// severity: error
// tf.train.adagrad() through a named `train` import: no default rate, NaN after one update.
import { layers, randomNormal, sequential, train } from '@tensorflow/tfjs';

const model = sequential({
  layers: [layers.dense({ units: 8, activation: 'relu', inputShape: [4] }), layers.dense({ units: 1 })],
});
model.compile({ optimizer: train.adagrad(), loss: 'meanSquaredError' });
model.fit(randomNormal([64, 4]), randomNormal([64, 1]), { epochs: 5 });
