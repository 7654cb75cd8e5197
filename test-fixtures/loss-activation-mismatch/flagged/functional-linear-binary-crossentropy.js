// expect: loss-activation-mismatch
// A functional model whose output is a plain dense layer, trained with the layers
// 'binaryCrossentropy': the loss clips predictions, stays finite, and never trains the outputs
// that fall outside (0, 1).
const tf = require('@tensorflow/tfjs');

const input = tf.input({ shape: [8] });
const hidden = tf.layers.dense({ units: 32, activation: 'relu' }).apply(input);
const score = tf.layers.dense({ units: 1, name: 'spam_score' }).apply(hidden);
const model = tf.model({ inputs: input, outputs: score });

model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['accuracy'] });

const emails = tf.randomNormal([256, 8]);
const isSpam = tf.randomUniform([256, 1]).greater(0.7).toFloat();
model.fit(emails, isSpam, { epochs: 5, validationSplit: 0.1 });
