// case v11: case c4's tanh network on raw inputs, trained with SGD at learning rate 1.0.
// truth: inf at epoch 3, nan at epoch 4 (10 epochs)
// expect: high-learning-rate, saturating-activation-unscaled-input
const tf = require('@tensorflow/tfjs');

const LEARNING_RATE = 1.0;
const INPUT_SCALE = 100;

const model = tf.sequential();
model.add(tf.layers.dense({ units: 128, activation: 'tanh', inputShape: [10] }));
model.add(tf.layers.dense({ units: 64, activation: 'tanh' }));
model.add(tf.layers.dense({ units: 1 }));
model.compile({ optimizer: tf.train.sgd(LEARNING_RATE), loss: 'meanSquaredError' });

const X = tf.randomUniform([100, 10]).mul(INPUT_SCALE);
const y = tf.randomUniform([100, 1]);

model.fit(X, y, { epochs: 10, verbose: 0 }).then((history) => {
  history.history.loss.forEach((loss, epoch) => console.log(`epoch ${epoch + 1}: ${loss}`));
});
