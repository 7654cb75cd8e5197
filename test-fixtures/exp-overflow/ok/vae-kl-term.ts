// forbid: exp-overflow
// A VAE's KL term: exp of a log-variance produced by the encoder trains fine.
import * as tf from '@tensorflow/tfjs';

const latentDim = 2;
const input = tf.input({ shape: [784] });
const hidden = tf.layers.dense({ units: 64, activation: 'relu' }).apply(input) as tf.SymbolicTensor;
const zMean = tf.layers.dense({ units: latentDim }).apply(hidden) as tf.SymbolicTensor;
const zLogVar = tf.layers.dense({ units: latentDim }).apply(hidden) as tf.SymbolicTensor;
const encoder = tf.model({ inputs: input, outputs: [zMean, zLogVar] });

function klLoss(mean: tf.Tensor, logVar: tf.Tensor): tf.Tensor {
  return tf.mean(tf.sum(tf.sub(tf.add(tf.exp(logVar), tf.square(mean)), tf.add(logVar, 1)), -1)).mul(0.5);
}

const optimizer = tf.train.adam(0.001);
const batch = tf.randomUniform([32, 784]);
optimizer.minimize(() => {
  const [mean, logVar] = encoder.apply(batch) as tf.Tensor[];
  return klLoss(mean!, logVar!) as tf.Scalar;
});
