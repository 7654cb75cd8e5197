// expect: saturating-activation-unscaled-input
const tf = require('@tensorflow/tfjs');
const ages = tf.tensor2d([[23, 40000], [45, 85000], [31, 52000], [60, 120000]]);
const bought = tf.tensor2d([[0], [1], [0], [1]]);
const model = tf.sequential();
model.add(tf.layers.dense({ units: 4, activation: 'sigmoid', inputShape: [2] }));
model.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));
model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });
model.fit(ages, bought, { epochs: 5 });
