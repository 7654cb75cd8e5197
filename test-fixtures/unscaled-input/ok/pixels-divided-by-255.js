// forbid: unscaled-input
const tf = require('@tensorflow/tfjs');
const pixels = tf.randomUniform([64, 784], 0, 255).div(255);
const model = tf.sequential({ layers: [tf.layers.dense({ units: 32, activation: 'relu', inputShape: [784] }), tf.layers.dense({ units: 10, activation: 'softmax' })] });
model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });
model.fit(pixels, tf.oneHot(tf.randomUniform([64], 0, 10, 'int32'), 10), { epochs: 2 });
