// forbid: missing-learning-rate
// String optimizers get a default rate from compile; adam, adamax and adadelta have defaults.
const tf = require('@tensorflow/tfjs');

const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });
model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
model.fit(tf.randomNormal([16, 2]), tf.randomNormal([16, 1]), { epochs: 1 });

const optimizers = [tf.train.adam(), tf.train.adamax(), tf.train.adadelta(), 'rmsprop', 'adagrad'];
console.log(optimizers.length);
