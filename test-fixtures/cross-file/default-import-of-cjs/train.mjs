// expect: saturating-activation-unscaled-input
import * as tf from '@tensorflow/tfjs';
import dataset from './dataset.cjs';

const model = tf.sequential({
  layers: [
    tf.layers.dense({ units: 8, activation: 'sigmoid', inputShape: [4] }),
    tf.layers.dense({ units: 2, activation: 'softmax' }),
  ],
});
model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });
await model.fit(dataset.images, dataset.labels, { epochs: 5 });
