// forbid: unsafe-sqrt
// Regression: softplus(x) + eps is strictly positive, so its square root is differentiable.
const tf = require('@tensorflow/tfjs');

function gaussianNll(yTrue, yPred) {
  const [mu, rawScale] = tf.split(yPred, 2, -1);
  const sigma = tf.sqrt(tf.softplus(rawScale).add(1e-6));
  return tf.mean(tf.log(sigma).add(tf.square(yTrue.sub(mu)).div(sigma.square().mul(2))));
}

const model = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [3] })] });
model.compile({ optimizer: 'adam', loss: gaussianNll });
