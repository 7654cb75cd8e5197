// at-most-info: unscaled-targets
// A model without hidden layers converges at the same rate at any target scale under SGD (its
// curvature does not depend on the targets); at most information.
const tf = require('@tensorflow/tfjs');

const xs = tf.randomNormal([100, 2]);
const ys = tf.randomUniform([100, 1], 0, 5000);
const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });
model.compile({ optimizer: tf.train.sgd(0.01), loss: 'meanSquaredError' });
model.fit(xs, ys, { epochs: 30 });
