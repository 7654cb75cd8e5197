// Wine-quality classifier (standardized chemistry measurements, three quality grades) compiled
// with tf.train.adagrad() and no arguments: unlike the 'adagrad' string (rate 0.01), the
// constructor has no default rate, and the weights turn NaN after the first batch.
// truth: nan at epoch 1, batch 1 (the weights are NaN after the first batch; 5 epochs)
// cause: missing-learning-rate at line 41: tf.train.adagrad() called without a learning rate
// expect: missing-learning-rate
import { layers, moments, oneHot, sequential, tensor1d, tensor2d, train, type Tensor2D } from '@tensorflow/tfjs';

const GRADES = ['low', 'medium', 'high'];

function wineSamples(n: number): { chemistry: number[][]; grade: number[] } {
  let seed = 1618;
  const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  const chemistry: number[][] = [];
  const grade: number[] = [];
  for (let i = 0; i < n; i++) {
    const alcohol = 8 + rnd() * 7;
    const volatileAcidity = 0.1 + rnd() * 1.4;
    const sulphates = 0.3 + rnd() * 1.5;
    const residualSugar = 0.9 + rnd() * 15;
    chemistry.push([alcohol, volatileAcidity, sulphates, residualSugar]);
    const score = alcohol * 0.5 - volatileAcidity * 2 + sulphates;
    grade.push(score < 4.5 ? 0 : score < 6 ? 1 : 2);
  }
  return { chemistry, grade };
}

function standardize(x: Tensor2D): Tensor2D {
  const { mean, variance } = moments(x, 0);
  return x.sub(mean).div(variance.sqrt().add(1e-7));
}

async function main(): Promise<void> {
  const { chemistry, grade } = wineSamples(400);
  const xs = standardize(tensor2d(chemistry));
  const ys = oneHot(tensor1d(grade, 'int32'), GRADES.length);

  const model = sequential();
  model.add(layers.dense({ units: 16, activation: 'relu', inputShape: [4] }));
  model.add(layers.dense({ units: GRADES.length, activation: 'softmax' }));
  model.compile({ optimizer: train.adagrad(), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });

  const history = await model.fit(xs, ys, { epochs: 5, batchSize: 50, verbose: 0 });
  console.log(history.history.loss);
}

main();
