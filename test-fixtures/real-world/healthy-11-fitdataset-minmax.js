// Energy-use regression from a CSV-like table streamed through tf.data: rows are min-max scaled
// with the per-column min and max of the table, batched, and fed to model.fitDataset.
// truth: finite (5 epochs)
// expect: clean
const tf = require('@tensorflow/tfjs');

const HEADER = ['outdoorTemp', 'humidity', 'occupancy', 'floorAreaM2', 'kwh'];

function syntheticMeterReadings(n) {
  let seed = 2718;
  const rnd = () => ((seed = (seed * 9301 + 49297) % 233280) / 233280);
  const rows = [];
  for (let i = 0; i < n; i++) {
    const outdoorTemp = -10 + rnd() * 45;
    const humidity = 20 + rnd() * 75;
    const occupancy = Math.floor(rnd() * 120);
    const floorAreaM2 = 200 + rnd() * 3800;
    const kwh = 50 + 0.08 * floorAreaM2 + 2.5 * Math.abs(outdoorTemp - 18) + 0.6 * occupancy + rnd() * 20;
    rows.push([outdoorTemp, humidity, occupancy, floorAreaM2, kwh]);
  }
  return rows;
}

function columnExtents(rows) {
  const mins = HEADER.map((_, c) => Math.min(...rows.map((r) => r[c])));
  const maxs = HEADER.map((_, c) => Math.max(...rows.map((r) => r[c])));
  return { mins, maxs };
}

function makeDataset(rows, { mins, maxs }) {
  const scaled = rows.map((row) => row.map((v, c) => (v - mins[c]) / (maxs[c] - mins[c])));
  return tf.data
    .array(scaled)
    .map((row) => ({ xs: row.slice(0, 4), ys: row.slice(4) }))
    .shuffle(100, 'seed')
    .batch(32);
}

async function main() {
  const rows = syntheticMeterReadings(600);
  const extents = columnExtents(rows);
  const dataset = makeDataset(rows, extents);

  const model = tf.sequential();
  model.add(tf.layers.dense({ units: 16, activation: 'relu', inputShape: [4] }));
  model.add(tf.layers.dense({ units: 8, activation: 'relu' }));
  model.add(tf.layers.dense({ units: 1 }));
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError' });

  const history = await model.fitDataset(dataset, {
    epochs: 5,
    callbacks: tf.callbacks.earlyStopping({ monitor: 'loss', patience: 2 }),
  });
  console.log('loss per epoch', history.history.loss.map((l) => l.toFixed(4)).join(' '));
}

main();
