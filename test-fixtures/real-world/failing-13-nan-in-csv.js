// Used-car prices from an inline CSV export. Two rows have an empty mileage field, and
// Number.parseFloat('') is NaN, so NaN goes straight into the training tensor.
// truth: nan at epoch 1 (20 epochs; whether batch 1 or 2 holds a NaN row depends on the shuffle)
// cause: unscaled-input at line 27: parseFloat of an empty CSV field gives NaN, which goes into the inputs unchecked
// expect: unscaled-input
const tf = require('@tensorflow/tfjs');

const CSV = `year,mileage_km,engine_l,owners,price_eur
2015,98000,1.6,2,9800
2018,45000,2.0,1,17500
2012,160000,1.4,3,5200
2019,,1.5,1,16900
2016,87000,1.6,2,11200
2014,120000,2.0,2,8700
2020,21000,1.0,1,14800
2011,185000,1.9,4,3900
2017,64000,1.6,1,13600
2013,,1.2,2,6100
2018,52000,1.5,1,15400
2015,101000,2.2,3,9300`;

function parseCsv(text) {
  const [header, ...lines] = text.trim().split('\n');
  const names = header.split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    return Object.fromEntries(names.map((name, i) => [name, Number.parseFloat(cells[i])]));
  });
}

function toFeatures(rows) {
  // Hand-scaled to roughly unit range.
  return rows.map((r) => [(r.year - 2015) / 5, r.mileage_km / 100000, r.engine_l / 2, r.owners / 4]);
}

async function main() {
  const rows = parseCsv(CSV);
  const xs = tf.tensor2d(toFeatures(rows));
  const ys = tf.tensor2d(rows.map((r) => [r.price_eur / 10000]));

  const model = tf.sequential();
  model.add(tf.layers.dense({ units: 8, activation: 'relu', inputShape: [4] }));
  model.add(tf.layers.dense({ units: 1 }));
  model.compile({ optimizer: tf.train.adam(0.02), loss: 'meanSquaredError' });
  const h = await model.fit(xs, ys, { epochs: 20, batchSize: 4, verbose: 0 });
  console.log('loss:', h.history.loss.slice(-3));
}

main();
