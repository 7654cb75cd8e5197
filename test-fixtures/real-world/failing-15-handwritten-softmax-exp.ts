// A cosine-similarity classifier (NormFace style) for speaker identification: embeddings and
// class centres are L2-normalized and the cosine is divided by a temperature of 0.01. The
// softmax is written by hand as exp(z) / sum(exp(z)) without subtracting the max, and
// exp(100) overflows float32 to Infinity: Infinity / Infinity = NaN.
// truth: nan at step 1-4 (15 steps; the step moves with the random initialization)
// cause: exp-overflow at line 34: exp of cosine / 0.01 reaches exp(100), above float32's limit of about exp(88.7)
// expect: exp-overflow
import * as tf from '@tensorflow/tfjs';

const NUM_SPEAKERS = 6;
const MFCC = 20;
const TEMPERATURE = 0.01;

function utterances(n: number) {
  let s = 404;
  const r = () => ((s = (s * 69069 + 1) % 4294967296) / 4294967296);
  const feats: number[][] = [];
  const speakers: number[] = [];
  for (let i = 0; i < n; i++) {
    const speaker = i % NUM_SPEAKERS;
    feats.push(Array.from({ length: MFCC }, (_, k) => (k % NUM_SPEAKERS === speaker ? 1 : 0) + (r() - 0.5) * 0.6));
    speakers.push(speaker);
  }
  return { x: tf.tensor2d(feats), y: tf.oneHot(tf.tensor1d(speakers, 'int32'), NUM_SPEAKERS).toFloat() };
}

const embed = tf.sequential({ layers: [tf.layers.dense({ units: 16, inputShape: [MFCC], activation: 'relu' }), tf.layers.dense({ units: 8 })] });
const centres = tf.variable(tf.randomNormal([8, NUM_SPEAKERS]), true, 'centres');

const l2normalize = (t: tf.Tensor, axis: number) => t.div(t.norm('euclidean', axis, true).add(1e-6));

function softmaxCrossEntropy(x: tf.Tensor2D, labels: tf.Tensor2D): tf.Scalar {
  const cosine = l2normalize(embed.apply(x) as tf.Tensor2D, 1).matMul(l2normalize(centres, 0));
  const exps = tf.exp(cosine.div(TEMPERATURE));
  const probs = exps.div(exps.sum(1, true));
  return labels.mul(probs.add(1e-7).log()).sum(1).neg().mean() as tf.Scalar;
}

const { x, y } = utterances(120);
const optimizer = tf.train.adam(0.01);
for (let step = 1; step <= 15; step++) {
  const cost = optimizer.minimize(() => softmaxCrossEntropy(x as tf.Tensor2D, y as tf.Tensor2D), true);
  if (step % 5 === 0) console.log(`step ${step}: ${cost?.dataSync()[0]}`);
  cost?.dispose();
}
