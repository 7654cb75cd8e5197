// A hand-written binary cross-entropy on a sigmoid output: sigmoid is exactly 0 or 1 in float32.
const tf = require('@tensorflow/tfjs');

const model = tf.sequential();
model.add(tf.layers.dense({ units: 8, activation: 'relu', inputShape: [4] }));
model.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));

const bce = (yTrue, yPred) =>
  yTrue.mul(yPred.log()).add(tf.scalar(1).sub(yTrue).mul(tf.scalar(1).sub(yPred).log())).mean().neg();

model.compile({ optimizer: 'adam', loss: bce });
model.fit(tf.randomUniform([32, 4]), tf.randomUniform([32, 1]).round(), { epochs: 3 });
