// Fitting yearly sales with y = a * year + b in a custom loop, the way the linear-regression
// tutorial does it, but with the calendar year (2000-2023) used directly as the input.
// truth: inf at step 5, nan at step 9 (20 steps)
// cause: unscaled-input at line 24: the inputs are calendar years (about 2000), never centered or scaled
// expect: unscaled-input|high-learning-rate
import * as tf from '@tensorflow/tfjs';

interface SalesRecord {
  year: number;
  unitsSoldThousands: number;
}

function salesHistory(): SalesRecord[] {
  const records: SalesRecord[] = [];
  let jitter = 0.3;
  for (let year = 2000; year <= 2023; year++) {
    jitter = (jitter * 9301 + 0.49297) % 1;
    records.push({ year, unitsSoldThousands: 12 + 0.8 * (year - 2000) + (jitter - 0.5) * 2 });
  }
  return records;
}

const records = salesHistory();
const years = tf.tensor1d(records.map((r) => r.year));
const units = tf.tensor1d(records.map((r) => r.unitsSoldThousands));

const slope = tf.variable(tf.scalar(0));
const intercept = tf.variable(tf.scalar(0));

const predict = (x: tf.Tensor1D): tf.Tensor1D => tf.tidy(() => slope.mul(x).add(intercept));
const meanSquaredError = (pred: tf.Tensor1D, label: tf.Tensor1D): tf.Scalar => pred.sub(label).square().mean();

const optimizer = tf.train.sgd(0.01);

async function fit(steps: number): Promise<void> {
  for (let i = 0; i < steps; i++) {
    const cost = optimizer.minimize(() => meanSquaredError(predict(years), units), true);
    if (i % 5 === 0) console.log(`step ${i}: mse ${cost?.dataSync()[0]}`);
    cost?.dispose();
    await tf.nextFrame();
  }
}

fit(20).then(() => {
  const next = predict(tf.tensor1d([2024]));
  console.log(`forecast for 2024: ${next.dataSync()[0].toFixed(1)}k units`);
});
