// expect: missing-gradient-clipping
const tf = require('@tensorflow/tfjs');
const model = tf.sequential();
model.add(tf.layers.lstm({ units: 32, inputShape: [20, 1] }));
model.add(tf.layers.dense({ units: 1 }));
model.compile({ optimizer: tf.train.sgd(2), loss: 'meanSquaredError' });
model.fit(tf.randomUniform([64, 20, 1]), tf.randomUniform([64, 1]), { epochs: 5 });
