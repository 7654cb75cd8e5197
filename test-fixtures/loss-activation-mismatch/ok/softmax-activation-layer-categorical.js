// forbid: loss-activation-mismatch
// The softmax comes from a separate activation layer, and a dropout sits after a sigmoid model's
// output in the second model; both outputs are probabilities.
const tf = require('@tensorflow/tfjs');

const classifier = tf.sequential();
classifier.add(tf.layers.dense({ units: 5, inputShape: [8] }));
classifier.add(tf.layers.activation({ activation: 'softmax' }));
classifier.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy' });
classifier.fit(tf.randomNormal([40, 8]), tf.oneHot(tf.randomUniform([40], 0, 5, 'int32'), 5).toFloat(), { epochs: 2 });

const tagger = tf.sequential({
  layers: [
    tf.layers.dense({ units: 4, activation: 'sigmoid', inputShape: [8] }),
    tf.layers.reshape({ targetShape: [4] }),
  ],
});
tagger.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });
tagger.fit(tf.randomNormal([40, 8]), tf.randomUniform([40, 4]).round(), { epochs: 2 });
