// expect: loss-activation-mismatch
// softmax over a single unit is always 1: the prediction never moves, whatever the loss.
const tf = require('@tensorflow/tfjs');

const model = tf.sequential({
  layers: [
    tf.layers.dense({ units: 24, activation: 'relu', inputShape: [12] }),
    tf.layers.dropout({ rate: 0.2 }),
    tf.layers.dense({ units: 1, activation: 'softmax' }),
  ],
});
model.compile({ optimizer: tf.train.rmsprop(0.001), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
model.fit(tf.randomNormal([300, 12]), tf.randomUniform([300, 1]).round(), { epochs: 8, batchSize: 64 });
