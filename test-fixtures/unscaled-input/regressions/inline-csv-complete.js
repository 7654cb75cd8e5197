// forbid: unscaled-input
// An inline CSV with every field present: the exact parse has no NaN (failing-13 without the gaps).
const tf = require('@tensorflow/tfjs');

const CSV = `year,mileage_km,price_eur
2015,98000,9800
2018,45000,17500
2012,160000,5200
2019,30000,16900`;

function parseCsv(text) {
  const [header, ...lines] = text.trim().split('\n');
  const names = header.split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    return Object.fromEntries(names.map((name, i) => [name, Number.parseFloat(cells[i])]));
  });
}

const rows = parseCsv(CSV);
const xs = tf.tensor2d(rows.map((r) => [(r.year - 2015) / 5, r.mileage_km / 100000]));
const ys = tf.tensor2d(rows.map((r) => [r.price_eur / 10000]));
const model = tf.sequential();
model.add(tf.layers.dense({ units: 8, activation: 'relu', inputShape: [2] }));
model.add(tf.layers.dense({ units: 1 }));
model.compile({ optimizer: tf.train.adam(0.02), loss: 'meanSquaredError' });
model.fit(xs, ys, { epochs: 20 });
