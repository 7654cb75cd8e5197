// forbid: unscaled-targets
// Targets z-scored with tf.moments (the statistics are kept to undo it).
import * as tf from '@tensorflow/tfjs';

const rawTargets = tf.tensor2d([[620], [1310], [5400], [900], [2650]]);
const { mean, variance } = tf.moments(rawTargets, 0);
const targets = rawTargets.sub(mean).div(variance.sqrt().add(1e-7));

const model = tf.sequential({ layers: [tf.layers.dense({ units: 8, activation: 'relu', inputShape: [1] }), tf.layers.dense({ units: 1 })] });
model.compile({ optimizer: tf.train.sgd(0.05), loss: 'meanSquaredError' });
model.fit(tf.tensor2d([[0.5], [1.2], [3.4], [0.8], [2.2]]), targets, { epochs: 20 });
