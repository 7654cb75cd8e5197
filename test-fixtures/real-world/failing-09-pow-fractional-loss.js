// A "robust" regression loss between MAE and MSE written as mean(error ^ 1.5), forgetting the
// absolute value: the error is negative for half the samples, and a negative base to a
// fractional power is NaN.
// truth: nan at epoch 1, batch 1 (5 epochs)
// cause: unsafe-sqrt at line 28: pow of the signed error to the fractional exponent 1.5 is NaN for negative errors
// expect: unsafe-sqrt
const tf = require('@tensorflow/tfjs');

const { sequential, layers, train } = tf;

function deliveryTimes(n) {
  let s = 123;
  const next = () => ((s = (s * 16807) % 2147483647) / 2147483647);
  const x = [];
  const y = [];
  for (let i = 0; i < n; i++) {
    const distanceKm = next() * 15;
    const items = 1 + Math.floor(next() * 10);
    const rushHour = next() < 0.25 ? 1 : 0;
    x.push([distanceKm / 15, items / 10, rushHour]);
    y.push([(10 + 3 * distanceKm + 0.5 * items + 12 * rushHour + next() * 5) / 60]);
  }
  return { x: tf.tensor2d(x), y: tf.tensor2d(y) };
}

function powerLoss(yTrue, yPred) {
  const error = yPred.sub(yTrue);
  return tf.pow(error, 1.5).mean();
}

const model = sequential();
model.add(layers.dense({ units: 8, activation: 'relu', inputShape: [3] }));
model.add(layers.dense({ units: 1 }));
model.compile({ optimizer: train.adam(0.01), loss: powerLoss });

const { x, y } = deliveryTimes(256);
model.fit(x, y, { epochs: 5, batchSize: 64, verbose: 0 }).then((history) => {
  console.log('loss', history.history.loss);
});
