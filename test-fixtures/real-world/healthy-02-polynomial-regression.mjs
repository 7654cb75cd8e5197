// The "fitting a curve to synthetic data" tutorial: learn the coefficients of a cubic with four
// scalar variables, tf.train.sgd(0.5) and optimizer.minimize. x lies in [-1, 1], so the high rate
// is fine here.
// truth: finite (75 steps)
// expect: clean
import * as tf from '@tensorflow/tfjs';

// Seeded uniform generator, so the run is reproducible.
function mulberry32(seed) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generateData(numPoints, coeff, sigma = 0.04) {
  const rand = mulberry32(7);
  const xValues = [];
  const yValues = [];
  for (let i = 0; i < numPoints; i++) {
    const x = rand() * 2 - 1;
    const noise = (rand() - 0.5) * 2 * sigma;
    xValues.push(x);
    yValues.push(coeff.a * x ** 3 + coeff.b * x ** 2 + coeff.c * x + coeff.d + noise);
  }
  return { xs: tf.tensor1d(xValues), ys: tf.tensor1d(yValues) };
}

const a = tf.variable(tf.scalar(Math.random()));
const b = tf.variable(tf.scalar(Math.random()));
const c = tf.variable(tf.scalar(Math.random()));
const d = tf.variable(tf.scalar(Math.random()));

function predict(x) {
  // y = a * x ^ 3 + b * x ^ 2 + c * x + d
  return tf.tidy(() => a.mul(x.pow(tf.scalar(3, 'int32')))
    .add(b.mul(x.square()))
    .add(c.mul(x))
    .add(d));
}

function loss(prediction, labels) {
  return prediction.sub(labels).square().mean();
}

const numIterations = 75;
const learningRate = 0.5;
const optimizer = tf.train.sgd(learningRate);

async function train(xs, ys) {
  for (let iter = 0; iter < numIterations; iter++) {
    optimizer.minimize(() => loss(predict(xs), ys));
    await tf.nextFrame();
  }
}

async function main() {
  const trueCoefficients = { a: -0.8, b: -0.2, c: 0.9, d: 0.5 };
  const { xs, ys } = generateData(100, trueCoefficients);
  await train(xs, ys);
  const fitted = [a, b, c, d].map((v) => v.dataSync()[0].toFixed(2));
  console.log(`learned a, b, c, d = ${fitted.join(', ')}`);
}

main();
