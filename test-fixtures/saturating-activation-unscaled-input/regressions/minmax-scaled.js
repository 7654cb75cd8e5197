// forbid: saturating-activation-unscaled-input
// Regression: min-max scaling must count as normalization.
const tf = require('@tensorflow/tfjs');
const raw = tf.randomUniform([50, 3], 0, 1000);
const min = raw.min(0);
const max = raw.max(0);
const scaled = raw.sub(min).div(max.sub(min));
const model = tf.sequential({ layers: [tf.layers.dense({ units: 8, activation: 'tanh', inputShape: [3] }), tf.layers.dense({ units: 1 })] });
model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
model.fit(scaled, tf.randomUniform([50, 1]), { epochs: 2 });
