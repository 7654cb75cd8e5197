// Known-good: a built-in, clipped loss on a sigmoid output, Adam at its default rate.
const tf = require('@tensorflow/tfjs');

const model = tf.sequential();
model.add(tf.layers.dense({ units: 8, activation: 'relu', inputShape: [4] }));
model.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));
model.compile({ optimizer: tf.train.adam(0.001), loss: 'binaryCrossentropy' });
model.fit(tf.randomUniform([32, 4]), tf.randomUniform([32, 1]).round(), { epochs: 3 });
