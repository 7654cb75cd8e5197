// expect: unscaled-targets
// Momentum SGD on targets up to 500 (minutes of battery life) with a relu hidden layer: measured,
// momentum 0.9 at 0.01 reaches NaN within a few epochs at this scale.
import * as tf from '@tensorflow/tfjs';

const readings = tf.randomNormal([128, 6]);
const minutesLeft = tf.randomUniform([128, 1], 0, 500);

const model = tf.sequential();
model.add(tf.layers.dense({ units: 24, activation: 'relu', inputShape: [6] }));
model.add(tf.layers.dense({ units: 1 }));
model.compile({ optimizer: tf.train.momentum(0.01, 0.9), loss: 'meanSquaredError' });
await model.fit(readings, minutesLeft, { epochs: 20, batchSize: 16 });
