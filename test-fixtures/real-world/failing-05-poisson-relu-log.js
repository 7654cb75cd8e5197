// Daily bike rentals (counts) from standardized weather features with a hand-written Poisson
// loss, pred - y * log(pred). The output layer is ReLU "so the rate is never negative", which
// makes it exactly 0 for many days: log(0) = -Infinity.
// truth: nan at epoch 1, batch 1 (10 epochs)
// cause: raw-log at line 38: log of a ReLU output that is exactly 0 for many samples
// expect: raw-log
const tf = require('@tensorflow/tfjs');

function weatherDays(n) {
  let seed = 424242;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const rows = [];
  const rentals = [];
  for (let d = 0; d < n; d++) {
    const tempC = -5 + rand() * 35;
    const rainMm = rand() < 0.3 ? rand() * 20 : 0;
    const windKmh = rand() * 40;
    const weekend = d % 7 >= 5 ? 1 : 0;
    rows.push([tempC, rainMm, windKmh, weekend]);
    const expected = Math.max(0, 20 + 6 * tempC - 9 * rainMm - 1.5 * windKmh + 40 * weekend);
    rentals.push([Math.round(expected * (0.8 + 0.4 * rand()))]);
  }
  return { rows, rentals };
}

function standardizeColumns(t) {
  return tf.tidy(() => {
    const mean = t.mean(0);
    const std = t.sub(mean).square().mean(0).sqrt().add(1e-6);
    return t.sub(mean).div(std);
  });
}

function poissonLoss(yTrue, yPred) {
  return tf.tidy(() => tf.mean(yPred.sub(yTrue.mul(tf.log(yPred)))));
}

async function main() {
  const { rows, rentals } = weatherDays(365);
  const x = standardizeColumns(tf.tensor2d(rows));
  const y = tf.tensor2d(rentals);

  const model = tf.sequential();
  model.add(tf.layers.dense({ units: 16, activation: 'relu', inputShape: [4] }));
  model.add(tf.layers.dense({ units: 1, activation: 'relu' }));
  model.compile({ optimizer: tf.train.adam(0.01), loss: poissonLoss });

  const history = await model.fit(x, y, { epochs: 10, batchSize: 64, verbose: 0 });
  console.log('poisson loss:', history.history.loss.join(', '));
}

main();
