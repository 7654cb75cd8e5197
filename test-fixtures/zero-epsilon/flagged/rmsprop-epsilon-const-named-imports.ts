// expect: zero-epsilon
// severity: error
// The epsilon comes from a const set to 0 ("no fudge factor").
import { layers, randomNormal, sequential, train } from '@tensorflow/tfjs';

const EPSILON = 0;
const DECAY = 0.9;

const model = sequential({
  layers: [layers.dense({ units: 32, activation: 'relu', inputShape: [8] }), layers.dense({ units: 1 })],
});
model.compile({ optimizer: train.rmsprop(0.001, DECAY, 0, EPSILON), loss: 'meanSquaredError' });
model.fit(randomNormal([100, 8]), randomNormal([100, 1]), { epochs: 5 });
