// expect: unscaled-input
const tf = require('@tensorflow/tfjs');
const input = tf.input({ shape: [3] });
const hidden = tf.layers.dense({ units: 16, activation: 'relu' }).apply(input);
const output = tf.layers.dense({ units: 1 }).apply(hidden);
const model = tf.model({ inputs: input, outputs: output });
model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
const { xs, ys } = { xs: tf.randomNormal([100, 3], 0, 5000), ys: tf.randomNormal([100, 1]) };
model.fit(xs, ys, { epochs: 3 });
