// expect: high-learning-rate
// The rate is written two consts away from the optimizer; the fix edits the number where it is set.
import * as tf from '@tensorflow/tfjs';

const BASE_RATE = 2;
const config = { epochs: 5 };
const rate = BASE_RATE;

const model = tf.sequential();
model.add(tf.layers.dense({ units: 8, activation: 'relu', inputShape: [3] }));
model.add(tf.layers.dense({ units: 1 }));
model.compile({ optimizer: tf.train.sgd(rate), loss: 'meanSquaredError' });
model.fit(tf.randomNormal([32, 3]), tf.randomNormal([32, 1]), config);
