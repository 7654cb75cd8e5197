// expect: unsafe-division
// severity: error
// Min-max scaling in a helper; the sensor's second channel never moves, so max - min is 0.
import { layers, sequential, tensor2d, type Tensor2D } from '@tensorflow/tfjs';

function minMaxScale(t: Tensor2D): Tensor2D {
  const min = t.min(0);
  const max = t.max(0);
  return t.sub(min).div(max.sub(min));
}

const readings = tensor2d([
  [12.5, 3.3],
  [14.1, 3.3],
  [11.8, 3.3],
  [13.0, 3.3],
]);
const labels = tensor2d([[1], [0], [1], [0]]);

const scaled = minMaxScale(readings);
const model = sequential({ layers: [layers.dense({ units: 1, activation: 'sigmoid', inputShape: [2] })] });
model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });
await model.fit(scaled, labels, { epochs: 5 });
