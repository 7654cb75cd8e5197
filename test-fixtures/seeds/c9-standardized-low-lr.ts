// case c9: standardized inputs and targets, Adam at 0.001.
// truth: stable (10 epochs)
// expect: clean
import { layers, moments, sequential, tensor2d, train, type Tensor2D } from '@tensorflow/tfjs-node';

const LEARNING_RATE = 0.001;

function standardize(rows: number[][]): Tensor2D {
  const t = tensor2d(rows);
  const { mean, variance } = moments(t, 0);
  return t.sub(mean).div(variance.sqrt().add(1e-7));
}

const xs = standardize([[1], [2], [3], [4], [5], [6]]);
const ys = standardize([[2.1], [3.9], [6.2], [8.0], [9.8], [12.1]]);

const model = sequential();
model.add(layers.dense({ units: 1, inputShape: [1] }));
model.compile({ optimizer: train.adam(LEARNING_RATE), loss: 'meanSquaredError' });

export async function fitLine(): Promise<number[]> {
  const history = await model.fit(xs, ys, { epochs: 10, batchSize: 6 });
  return history.history.loss as number[];
}

fitLine().then((loss) => console.log('loss', loss));
