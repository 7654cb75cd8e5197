// forbid: missing-gradient-clipping, unscaled-targets
// Class indices under sparseCategoricalCrossentropy are labels, not regression targets.
const tf = require('@tensorflow/tfjs');

const xs = tf.tensor2d([[0.1, 0.2], [0.3, 0.1], [0.9, 0.4], [0.5, 0.5]]);
const classes = tf.tensor1d([0, 7, 3, 9]);

const model = tf.sequential();
model.add(tf.layers.dense({ units: 16, activation: 'relu', inputShape: [2] }));
model.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
model.compile({ optimizer: tf.train.sgd(0.05), loss: 'sparseCategoricalCrossentropy' });
model.fit(xs, classes, { epochs: 5 });
