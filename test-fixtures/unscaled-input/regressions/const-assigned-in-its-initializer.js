// expect: unscaled-input
// Regression: `const x = x = raw` (a half-edited line; it throws at run time) makes x both the
// initializer and the raw value assigned inside it. Standardizing the initializer would leave the
// raw value in x, so the fix standardizes at the fit call, which covers both.
const tf = require('@tensorflow/tfjs');

const SCALE = 1000;
const model = tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [4] })] });
model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });

const x = x = tf.randomUniform([64, 4]).mul(SCALE);
model.fit(x, tf.randomUniform([64, 3]), { epochs: 5 });
