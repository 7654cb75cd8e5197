// expect: unscaled-targets
// Mean absolute error on salaries up to 25000 with RMSProp: steps of about 0.001 per update.
import { layers, sequential, tensor2d, train } from '@tensorflow/tfjs-node';

const yearsAndLevel = tensor2d([
  [0.1, 0.2],
  [0.5, 0.4],
  [0.9, 0.8],
]);
const monthlySalary = tensor2d([[3200], [9800], [25000]]);

const model = sequential({
  layers: [layers.dense({ units: 8, activation: 'relu', inputShape: [2] }), layers.dense({ units: 1 })],
});
model.compile({ optimizer: train.rmsprop(0.001), loss: 'meanAbsoluteError' });
model.fit(yearsAndLevel, monthlySalary, { epochs: 30 });
