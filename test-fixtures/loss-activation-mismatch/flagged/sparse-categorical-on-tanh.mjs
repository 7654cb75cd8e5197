// expect: loss-activation-mismatch
// Digit classifier whose output layer is tanh: sparseCategoricalCrossentropy clips its negative
// half to 1e-7 and the outputs are not class probabilities.
import * as tf from '@tensorflow/tfjs';

const images = tf.randomUniform([64, 28, 28, 1]);
const digits = tf.randomUniform([64, 1], 0, 10, 'int32').toFloat();

const model = tf.sequential();
model.add(tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 8, kernelSize: 3, activation: 'relu' }));
model.add(tf.layers.flatten());
model.add(tf.layers.dense({ units: 10, activation: 'tanh' }));
model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['acc'] });
await model.fit(images, digits, { epochs: 3 });
