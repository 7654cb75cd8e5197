// forbid: exp-overflow
// An exp link under SGD on small counts (at most 4): the first steps are lr · y · x ≤ 0.2.
const tf = require('@tensorflow/tfjs');

const x = tf.tensor2d([[1, 0], [0, 1], [1, 1], [0, 0]]);
const y = tf.tensor1d([2, 1, 4, 0]);
const weights = tf.variable(tf.zeros([2]));
const bias = tf.variable(tf.scalar(0));
const optimizer = tf.train.sgd(0.05);

function poissonNll() {
  const eta = x.mul(weights).sum(1).add(bias);
  return tf.exp(eta).sub(y.mul(eta)).mean();
}

for (let i = 0; i < 50; i++) optimizer.minimize(poissonNll);
