// expect: unsafe-division
// severity: error
// Turning word counts into frequencies: the last document is empty, so its row sum is 0.
const tf = require('@tensorflow/tfjs');

const counts = tf.tensor2d([
  [2, 0, 1, 4],
  [0, 3, 3, 0],
  [0, 0, 0, 0],
]);
const frequencies = counts.div(counts.sum(1, true));

const classifier = tf.sequential({ layers: [tf.layers.dense({ units: 2, activation: 'softmax', inputShape: [4] })] });
classifier.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });
classifier.fit(frequencies, tf.tensor2d([[1, 0], [0, 1], [1, 0]]), { epochs: 5 });
