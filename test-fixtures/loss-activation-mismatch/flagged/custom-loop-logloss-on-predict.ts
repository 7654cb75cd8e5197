// expect: loss-activation-mismatch
// A custom training loop: tf.losses.logLoss on model.predict of a model whose last layer is
// linear, minimized with optimizer.minimize.
import * as tf from '@tensorflow/tfjs';

const model = tf.sequential({
  layers: [
    tf.layers.dense({ units: 8, activation: 'tanh', inputShape: [2] }),
    tf.layers.dense({ units: 1 }),
  ],
});
const optimizer = tf.train.adam(0.01);

const xs = tf.tensor2d([[0, 0], [0, 1], [1, 0], [1, 1]]);
const ys = tf.tensor2d([[0], [1], [1], [0]]);

for (let step = 0; step < 200; step++) {
  const loss = optimizer.minimize(() => {
    const probs = model.predict(xs) as tf.Tensor;
    return tf.losses.logLoss(ys, probs);
  }, true);
  if (step % 50 === 0) console.log(step, loss?.dataSync()[0]);
}
