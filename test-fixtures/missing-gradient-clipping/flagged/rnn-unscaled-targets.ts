// expect: missing-gradient-clipping
import * as tf from '@tensorflow/tfjs';

const sequences = tf.randomUniform([32, 10, 2]);
const totals = tf.randomUniform([32, 1], 0, 50000);
const model = tf.sequential({ layers: [tf.layers.simpleRNN({ units: 16, inputShape: [10, 2] }), tf.layers.dense({ units: 1 })] });
model.compile({ optimizer: 'rmsprop', loss: 'meanSquaredError' });
model.fit(sequences, totals, { epochs: 5 });
