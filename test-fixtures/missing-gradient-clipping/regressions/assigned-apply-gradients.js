// forbid: missing-gradient-clipping
// Regression: replacing applyGradients on the optimizer variable counts as clipping.
const tf = require('@tensorflow/tfjs');
const optimizer = tf.train.sgd(3);
const original = optimizer.applyGradients.bind(optimizer);
optimizer.applyGradients = (grads) => original(grads.map((g) => ({ name: g.name, tensor: tf.clipByValue(g.tensor, -1, 1) })));
const model = tf.sequential({ layers: [tf.layers.lstm({ units: 4, inputShape: [3, 1] }), tf.layers.dense({ units: 1 })] });
model.compile({ optimizer, loss: 'meanSquaredError' });
model.fit(tf.randomUniform([8, 3, 1]), tf.randomUniform([8, 1], 0, 1000), { epochs: 2 });
