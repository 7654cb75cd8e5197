// expect: zero-epsilon
// severity: error
// Adam with epsilon 0 on an embedding: rows of words absent from a batch get gradient 0, so their
// update is 0 / 0 = NaN.
const tf = require('@tensorflow/tfjs');

const VOCAB = 5000;
const model = tf.sequential({
  layers: [
    tf.layers.embedding({ inputDim: VOCAB, outputDim: 16, inputLength: 20 }),
    tf.layers.globalAveragePooling1d(),
    tf.layers.dense({ units: 1, activation: 'sigmoid' }),
  ],
});
model.compile({ optimizer: tf.train.adam(0.001, 0.9, 0.999, 0), loss: 'binaryCrossentropy' });

const reviews = tf.randomUniform([64, 20], 0, VOCAB, 'int32');
const positive = tf.randomUniform([64, 1]).round();
model.fit(reviews, positive, { epochs: 3 });
