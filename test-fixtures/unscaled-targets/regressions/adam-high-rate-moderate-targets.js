// at-most-info: unscaled-targets
// Adam at 0.1 reaches targets of 2000 in about 2e4 steps: large, but it can learn them.
const tf = require('@tensorflow/tfjs');

const model = tf.sequential({ layers: [tf.layers.dense({ units: 4, activation: 'relu', inputShape: [1] }), tf.layers.dense({ units: 1 })] });
model.compile({ optimizer: tf.train.adam(0.1), loss: 'meanSquaredError' });
model.fit(tf.tensor2d([[0.1], [0.4], [0.9]]), tf.tensor2d([[200], [800], [2000]]), { epochs: 300 });
