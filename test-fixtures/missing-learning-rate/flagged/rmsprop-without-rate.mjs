// expect: missing-learning-rate
// severity: error
// tf.train.rmsprop() throws "learningRate for RMSPropOptimizer must be defined".
import * as tf from '@tensorflow/tfjs';

const optimizer = tf.train.rmsprop();
const model = tf.sequential();
model.add(tf.layers.lstm({ units: 16, inputShape: [10, 3] }));
model.add(tf.layers.dense({ units: 1 }));
model.compile({ optimizer, loss: 'meanSquaredError' });
await model.fit(tf.randomNormal([32, 10, 3]), tf.randomNormal([32, 1]), { epochs: 2 });
