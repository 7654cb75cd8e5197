// case v09: z-scoring a feature column that is constant (every house has one floor): its std is
// 0, so the column becomes 0 / 0 = NaN before training starts.
// truth: nan at epoch 1, batch 1 (the constant column is 0 / 0 = NaN in the inputs)
// expect: unsafe-division
import { layers, moments, sequential, tensor2d } from '@tensorflow/tfjs-node';

// [bedrooms, floors]
const raw = tensor2d([
  [3, 1],
  [2, 1],
  [4, 1],
  [5, 1],
]);
const { mean, variance } = moments(raw, 0);
const features = raw.sub(mean).div(variance.sqrt());
const prices = tensor2d([[3], [2], [4], [5]]);

const model = sequential({ layers: [layers.dense({ units: 1, inputShape: [2] })] });
model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
model.fit(features, prices, { epochs: 10 });
