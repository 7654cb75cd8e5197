// Min-max scaling of a store's sales features. The data comes from a single store, so the
// "storeSizeM2" column is the same on every row: max - min = 0 and the column becomes 0 / 0.
// truth: nan at epoch 1, batch 1 (8 epochs; the constant column is 0 / 0 in the inputs)
// cause: unsafe-division at line 27: max - min is 0 for the constant storeSizeM2 column
// expect: unsafe-division
const tf = require('@tensorflow/tfjs');

const COLUMNS = ['dayOfWeek', 'promo', 'storeSizeM2', 'competitorDistanceKm', 'temperatureC'];

function dailySales(days) {
  let seed = 11;
  const rnd = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
  const features = [];
  const sales = [];
  for (let d = 0; d < days; d++) {
    const promo = rnd() < 0.3 ? 1 : 0;
    const temperatureC = 5 + rnd() * 25;
    features.push([d % 7, promo, 1200, 2.5, temperatureC]);
    sales.push([(5000 + 1500 * promo + 80 * temperatureC + (d % 7 === 5 ? 2000 : 0)) / 10000]);
  }
  return { features, sales };
}

function minMaxScale(t) {
  const min = t.min(0);
  const max = t.max(0);
  return t.sub(min).div(max.sub(min));
}

async function run() {
  const { features, sales } = dailySales(180);
  const x = minMaxScale(tf.tensor2d(features, [features.length, COLUMNS.length]));
  const y = tf.tensor2d(sales);

  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [COLUMNS.length], units: 12, activation: 'relu' }));
  model.add(tf.layers.dense({ units: 1 }));
  model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });

  const { history } = await model.fit(x, y, { epochs: 8, batchSize: 30, verbose: 0 });
  console.log(history.loss);
}

run();
