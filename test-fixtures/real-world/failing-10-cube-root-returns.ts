// Next-day volatility from daily stock returns. The author compresses the heavy tails with a cube
// root, returns.pow(1 / 3); in floating point a negative number to the power 1/3 is NaN, and half
// of all daily returns are negative.
// truth: nan at epoch 1, batch 1 (5 epochs; the features are NaN before training)
// cause: unsafe-sqrt at line 38: fractional power (1/3) of daily returns, which are negative half the time
// expect: unsafe-sqrt
import * as tf from '@tensorflow/tfjs';

const WINDOW = 10;

function simulatePrices(days: number): number[] {
  let seed = 2718281;
  const gauss = () => {
    seed = (seed * 16807) % 2147483647;
    const u = seed / 2147483647;
    seed = (seed * 16807) % 2147483647;
    const v = seed / 2147483647;
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  const prices = [100];
  for (let d = 1; d < days; d++) prices.push(prices[d - 1] * (1 + 0.015 * gauss()));
  return prices;
}

function windowsOfReturns(prices: number[]) {
  const returns = prices.slice(1).map((p, i) => p / prices[i] - 1);
  const inputs: number[][] = [];
  const targets: number[][] = [];
  for (let i = 0; i + WINDOW < returns.length; i++) {
    inputs.push(returns.slice(i, i + WINDOW));
    targets.push([Math.abs(returns[i + WINDOW]) * 100]);
  }
  return { inputs, targets };
}

const { inputs, targets } = windowsOfReturns(simulatePrices(400));
const returns = tf.tensor2d(inputs);
const features = returns.pow(1 / 3); // tame fat tails
const labels = tf.tensor2d(targets);

const model = tf.sequential();
model.add(tf.layers.dense({ units: 16, activation: 'relu', inputShape: [WINDOW] }));
model.add(tf.layers.dense({ units: 1, activation: 'softplus' }));
model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });

model.fit(features, labels, { epochs: 5, batchSize: 32, verbose: 0 }).then((h) => {
  console.log(`loss: ${h.history.loss.join(', ')}`);
});
