// forbid: unscaled-input, missing-gradient-clipping
// Token ids into an embedding are indices, not magnitudes: a vocabulary of 1000 is not "unscaled".
const tf = require('@tensorflow/tfjs');

const ids = tf.tensor2d([[12, 405, 3, 0], [7, 999, 45, 2], [88, 1, 0, 0]]);
const labels = tf.tensor2d([[1], [0], [1]]);

const model = tf.sequential();
model.add(tf.layers.embedding({ inputDim: 1000, outputDim: 8, inputLength: 4 }));
model.add(tf.layers.flatten());
model.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));
model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['accuracy'] });
model.fit(ids, labels, { epochs: 3 });
