// forbid: zero-epsilon
// Normalization layers with their default epsilon or an explicit small positive one.
import * as tf from '@tensorflow/tfjs';

const model = tf.sequential({
  layers: [
    tf.layers.dense({ units: 16, inputShape: [6] }),
    tf.layers.batchNormalization(),
    tf.layers.layerNormalization({ epsilon: 1e-5 }),
    tf.layers.dense({ units: 1 }),
  ],
});
model.compile({ optimizer: tf.train.adam(0.001, 0.9, 0.999, 1e-7), loss: 'meanSquaredError' });
model.fit(tf.randomNormal([64, 6]), tf.randomNormal([64, 1]), { epochs: 3 });
