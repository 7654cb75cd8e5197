// case c1: linear regression on raw features whose scales differ by five orders of magnitude
// (room count next to lot size in square feet), trained with plain SGD at its default rate.
// truth: inf at epoch 3, nan at epoch 7 (10 epochs)
// expect: unscaled-input|high-learning-rate
import * as tf from '@tensorflow/tfjs';

// [rooms, lot size in sq ft] -> price in $10k. Nothing rescales the lot size.
const ROOMS_AND_LOT = [
  [2, 120000],
  [3, 180000],
  [4, 260000],
];
const PRICES = [[12], [19], [27]];

const xs = tf.tensor2d(ROOMS_AND_LOT);
const ys = tf.tensor2d(PRICES);

const model = tf.sequential();
model.add(tf.layers.dense({ inputShape: [2], units: 1 }));
model.compile({ loss: 'meanSquaredError', optimizer: 'sgd', metrics: ['mae'] });

model.fit(xs, ys, { epochs: 10, verbose: 0 }).then((history) => {
  console.log('loss per epoch:', history.history.loss);
});
