// case c7: a one-feature linear regression whose data has one huge outlier, trained with Adam at
// its default rate: no NaN, but the loss barely moves.
// truth: stable but not learning (loss 1.52e6 after 10 epochs, 1.41e6 after 100; Adam's steps are bounded)
// expect: unscaled-input|unscaled-targets
import { initializers, layers, sequential, tensor2d } from '@tensorflow/tfjs';

// Order size -> shipping weight; the last order is a bulk shipment.
const orderSizes = tensor2d([[1.5], [2], [3.5], [1000]]);
const weights = tensor2d([[3], [4], [7], [2000]]);

const model = sequential({
  layers: [
    layers.dense({
      units: 1,
      inputShape: [1],
      kernelInitializer: initializers.glorotUniform({ seed: 7 }),
    }),
  ],
});
model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });

model.fit(orderSizes, weights, { epochs: 10 }).then(({ history }) => {
  console.log('loss', history.loss);
});
