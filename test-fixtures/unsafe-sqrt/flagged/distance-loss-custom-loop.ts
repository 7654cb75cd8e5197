// expect: unsafe-sqrt
// severity: warning
// A Euclidean distance loss in a custom loop: tf.norm's gradient at a zero difference is 0 / 0.
import * as tf from '@tensorflow/tfjs';

const model = tf.sequential({
  layers: [tf.layers.dense({ units: 8, activation: 'tanh', inputShape: [4] }), tf.layers.dense({ units: 2 })],
});
const optimizer = tf.train.adam(0.01);
const inputs = tf.randomNormal([64, 4]);
const targets = tf.randomNormal([64, 2]);

for (let epoch = 0; epoch < 50; epoch++) {
  optimizer.minimize(() => {
    const predicted = model.predict(inputs) as tf.Tensor;
    return tf.mean(tf.norm(predicted.sub(targets), 'euclidean', -1)) as tf.Scalar;
  });
}
