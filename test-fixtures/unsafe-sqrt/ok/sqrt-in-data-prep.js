// forbid: unsafe-sqrt
// Square roots in data preparation: sqrt(0) = 0 is a fine value; no gradient is taken here.
const tf = require('@tensorflow/tfjs');

const raw = tf.tensor2d([[1, 0], [4, 0], [9, 0]]);
const rooted = tf.sqrt(raw);
const { mean, variance } = tf.moments(rooted, 0);
const std = variance.sqrt();
const features = rooted.sub(mean).div(std.add(1e-6));

const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });
model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
model.fit(features, tf.tensor2d([[1], [2], [3]]), { epochs: 5 });
