// case v04: the layers 'binaryCrossentropy' loss on a linear output. The loss clips predictions
// into [1e-7, 1 - 1e-7], so it stays finite, but the model's output is not a probability.
// truth: stable (10 epochs; loss finite, 2 to 8, but the output is not a probability)
// expect: loss-activation-mismatch
const tf = require('@tensorflow/tfjs');

const inputs = tf.input({ shape: [10] });
const logits = tf.layers.dense({ units: 1 }).apply(inputs);
const model = tf.model({ inputs, outputs: logits });

model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['accuracy'] });

const xTrain = tf.randomUniform([100, 10]);
const yTrain = tf.cast(tf.greater(tf.randomUniform([100, 1]), 0.5), 'float32');

model.fit(xTrain, yTrain, { epochs: 10, shuffle: true });
