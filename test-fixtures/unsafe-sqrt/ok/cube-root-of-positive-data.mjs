// forbid: unsafe-sqrt
// Cube roots of volumes, all positive; and an integer power of signed data is fine.
import * as tf from '@tensorflow/tfjs';

const volumes = tf.tensor2d([[1, 8, 27], [64, 125, 216]]);
const sides = volumes.pow(1 / 3);
const signed = tf.tensor2d([[-1, 2, -3], [4, -5, 6]]);
const cubes = tf.pow(signed, 3);
const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [3] })] });
model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
model.fit(sides.concat(cubes.div(216)), tf.tensor2d([[1], [0], [1], [0]]), { epochs: 3 });
