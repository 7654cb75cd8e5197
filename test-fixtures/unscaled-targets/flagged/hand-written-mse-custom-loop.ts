// expect: unscaled-targets
// A custom loop with a hand-written mean squared error on model.predict; the targets are
// electricity prices per MWh (up to 3000) and the optimizer is plain SGD.
import * as tf from '@tensorflow/tfjs';

const hours = tf.randomNormal([96, 5]);
const pricePerMwh = tf.randomUniform([96, 1], 20, 3000);

const model = tf.sequential({
  layers: [tf.layers.dense({ units: 32, activation: 'relu', inputShape: [5] }), tf.layers.dense({ units: 1 })],
});
const optimizer = tf.train.sgd(0.01);

for (let epoch = 0; epoch < 50; epoch++) {
  optimizer.minimize(() => {
    const predicted = model.predict(hours) as tf.Tensor;
    return predicted.sub(pricePerMwh).square().mean() as tf.Scalar;
  });
}
