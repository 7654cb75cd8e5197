// expect: high-learning-rate
import * as tf from '@tensorflow/tfjs';

const LEARNING_RATE = 0.3;
const optimizer = tf.train.rmsprop(LEARNING_RATE);
const model = tf.sequential();
model.add(tf.layers.dense({ units: 1, inputShape: [3] }));
model.compile({ optimizer, loss: 'meanSquaredError' });
model.fit(tf.randomNormal([64, 3]), tf.randomNormal([64, 1]), { epochs: 4 });
