// A logistic-regression "will this customer churn" model written as a custom training loop:
// tf.variableGrads over tf.losses.sigmoidCrossEntropy on logits, optimizer.applyGradients, with
// z-scored features (monthly charges in dollars, tenure in months, support calls).
// truth: finite (120 steps)
// expect: clean
import * as tf from '@tensorflow/tfjs';

interface Customer {
  monthlyCharges: number;
  tenureMonths: number;
  supportCalls: number;
  churned: number;
}

function simulateCustomers(n: number): Customer[] {
  let s = 1234567;
  const rand = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
  return Array.from({ length: n }, () => {
    const monthlyCharges = 20 + rand() * 100;
    const tenureMonths = Math.floor(rand() * 72);
    const supportCalls = Math.floor(rand() * 8);
    const risk = 0.03 * monthlyCharges - 0.05 * tenureMonths + 0.4 * supportCalls - 1.5;
    return { monthlyCharges, tenureMonths, supportCalls, churned: rand() < 1 / (1 + Math.exp(-risk)) ? 1 : 0 };
  });
}

const customers = simulateCustomers(500);
const raw = tf.tensor2d(customers.map((c) => [c.monthlyCharges, c.tenureMonths, c.supportCalls]));
const { mean, variance } = tf.moments(raw, 0);
const features = raw.sub(mean).div(variance.sqrt().add(1e-6));
const labels = tf.tensor2d(customers.map((c) => [c.churned]));

const weights = tf.variable(tf.zeros([3, 1]), true, 'weights');
const bias = tf.variable(tf.zeros([1]), true, 'bias');
const optimizer = tf.train.sgd(0.1);

function logits(x: tf.Tensor2D): tf.Tensor2D {
  return x.matMul(weights).add(bias);
}

for (let step = 0; step < 120; step++) {
  const { value, grads } = tf.variableGrads(() => tf.losses.sigmoidCrossEntropy(labels, logits(features as tf.Tensor2D)) as tf.Scalar);
  optimizer.applyGradients(grads);
  if (step % 40 === 0) console.log(`step ${step}: loss ${value.dataSync()[0].toFixed(4)}`);
  tf.dispose([value, ...Object.values(grads)]);
}

const accuracy = tf.tidy(() => tf.sigmoid(logits(features as tf.Tensor2D)).round().equal(labels).mean().dataSync()[0]);
console.log(`training accuracy ${accuracy.toFixed(3)}`);
