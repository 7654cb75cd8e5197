// expect: unscaled-targets
// Delivery times in seconds (up to 5400) under Adam at its default rate: no NaN, but each step
// moves the output by about 0.001, so the loss barely moves.
import * as tf from '@tensorflow/tfjs';

const distanceKm = tf.tensor2d([[0.5], [1.2], [3.4], [0.8], [2.2]]);
const deliverySeconds = tf.tensor2d([[620], [1310], [5400], [900], [2650]]);

const input = tf.input({ shape: [1] });
const output = tf.layers.dense({ units: 1 }).apply(input) as tf.SymbolicTensor;
const model = tf.model({ inputs: input, outputs: output });
model.compile({ optimizer: tf.train.adam(), loss: 'meanSquaredError' });

export async function fitDeliveryModel(): Promise<void> {
  await model.fit(distanceKm, deliverySeconds, { epochs: 100, batchSize: 5 });
}
