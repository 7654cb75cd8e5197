// Loan-default prediction whose output layer was left linear while the loss is
// tf.losses.logLoss, which expects probabilities: its 1e-7 epsilon does not help a negative
// prediction, and log of a negative number is NaN on the first batch.
// truth: nan at epoch 1, batch 1 (5 epochs)
// cause: loss-activation-mismatch at line 38: the last dense layer has no sigmoid, but logLoss takes log of its output
// expect: loss-activation-mismatch
import * as tf from '@tensorflow/tfjs';

interface Applicant {
  incomeK: number;
  debtToIncome: number;
  creditScore: number;
  yearsEmployed: number;
  defaulted: 0 | 1;
}

function applicants(n: number): Applicant[] {
  let s = 555;
  const r = () => ((s = (s * 16807) % 2147483647) / 2147483647);
  return Array.from({ length: n }, () => {
    const incomeK = 20 + r() * 180;
    const debtToIncome = r() * 0.6;
    const creditScore = 300 + r() * 550;
    const yearsEmployed = Math.floor(r() * 30);
    const risk = 3 * debtToIncome - (creditScore - 575) / 150 - yearsEmployed / 20;
    return { incomeK, debtToIncome, creditScore, yearsEmployed, defaulted: (risk + r() > 1 ? 1 : 0) as 0 | 1 };
  });
}

const data = applicants(500);
const raw = tf.tensor2d(data.map((a) => [a.incomeK, a.debtToIncome, a.creditScore, a.yearsEmployed]));
const { mean, variance } = tf.moments(raw, 0);
const xs = raw.sub(mean).div(variance.sqrt().add(1e-7));
const ys = tf.tensor2d(data.map((a) => [a.defaulted]));

const model = tf.sequential();
model.add(tf.layers.dense({ units: 16, activation: 'relu', inputShape: [4] }));
model.add(tf.layers.dense({ units: 1 }));
model.compile({
  optimizer: tf.train.adam(0.005),
  loss: (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.losses.logLoss(yTrue, yPred),
});

model.fit(xs, ys, { epochs: 5, batchSize: 50, verbose: 0 }).then((h) => console.log(h.history.loss));
