// expect: unsafe-sqrt
// severity: error
// The cube root of daily changes, some of them negative: TF.js computes pow(-0.02, 1/3) as NaN, so
// the features are NaN before training starts.
import * as tf from '@tensorflow/tfjs';

const changes = tf.tensor2d([[0.01, -0.02, 0.03], [-0.01, 0.02, 0.0], [0.04, -0.03, 0.01]]);
const features = changes.pow(1 / 3);
const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [3] })] });
model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
model.fit(features, tf.tensor2d([[1], [0], [1]]), { epochs: 3 });
