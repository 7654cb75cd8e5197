// forbid: unscaled-targets
// Boston-housing-style targets (median value in $1000s, up to 50) with SGD at 0.01: lr · max|y| is
// 0.5, which trains normally.
const tf = require('@tensorflow/tfjs');

const features = tf.randomNormal([300, 12]);
const medianValue = tf.randomUniform([300, 1], 5, 50);

const model = tf.sequential();
model.add(tf.layers.dense({ units: 50, activation: 'sigmoid', inputShape: [12] }));
model.add(tf.layers.dense({ units: 50, activation: 'sigmoid' }));
model.add(tf.layers.dense({ units: 1 }));
model.compile({ optimizer: tf.train.sgd(0.01), loss: 'meanSquaredError' });
model.fit(features, medianValue, { epochs: 200, batchSize: 40 });
