// Boston-housing style regression: 6 raw features (sqft, lot size, year built, ...) z-scored with
// statistics from the training split, prices in dollars scaled to $100k, a small ReLU MLP, Adam.
// truth: finite (30 epochs)
// expect: clean
import * as tf from '@tensorflow/tfjs';

type Row = { sqft: number; lot: number; bedrooms: number; bathrooms: number; yearBuilt: number; distance: number; price: number };

function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function makeListings(count: number, seed = 42): Row[] {
  const rand = lcg(seed);
  const rows: Row[] = [];
  for (let i = 0; i < count; i++) {
    const sqft = 500 + rand() * 4500;
    const lot = 2000 + rand() * 18000;
    const bedrooms = 1 + Math.floor(sqft / 900);
    const bathrooms = 1 + Math.floor(rand() * 3);
    const yearBuilt = 1920 + Math.floor(rand() * 100);
    const distance = 1 + rand() * 30;
    const price = 60000 + sqft * 180 + lot * 4 + (yearBuilt - 1920) * 900 - distance * 3000 + rand() * 40000;
    rows.push({ sqft, lot, bedrooms, bathrooms, yearBuilt, distance, price });
  }
  return rows;
}

const FEATURES: (keyof Row)[] = ['sqft', 'lot', 'bedrooms', 'bathrooms', 'yearBuilt', 'distance'];

function toTensors(rows: Row[]) {
  const features = tf.tensor2d(rows.map((r) => FEATURES.map((k) => r[k])));
  const prices = tf.tensor2d(rows.map((r) => [r.price / 100000]));
  return { features, prices };
}

/** Mean and standard deviation per column, computed on the training data only. */
function determineMeanAndStddev(data: tf.Tensor2D) {
  const dataMean = data.mean(0);
  const diffFromMean = data.sub(dataMean);
  const squaredDiff = diffFromMean.square();
  const variance = squaredDiff.mean(0);
  const dataStd = variance.sqrt();
  return { dataMean, dataStd };
}

function normalizeTensor(data: tf.Tensor2D, dataMean: tf.Tensor, dataStd: tf.Tensor): tf.Tensor2D {
  return data.sub(dataMean).div(dataStd);
}

async function main(): Promise<void> {
  const rows = makeListings(400);
  const train = toTensors(rows.slice(0, 320));
  const test = toTensors(rows.slice(320));
  const { dataMean, dataStd } = determineMeanAndStddev(train.features);
  const trainFeatures = normalizeTensor(train.features, dataMean, dataStd);
  const testFeatures = normalizeTensor(test.features, dataMean, dataStd);

  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [FEATURES.length], units: 50, activation: 'relu', kernelInitializer: 'leCunNormal' }));
  model.add(tf.layers.dense({ units: 50, activation: 'relu' }));
  model.add(tf.layers.dense({ units: 1 }));
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError', metrics: ['mae'] });

  await model.fit(trainFeatures, train.prices, { batchSize: 32, epochs: 30, validationSplit: 0.2, verbose: 0 });
  const [testLoss] = model.evaluate(testFeatures, test.prices, { batchSize: 32 }) as tf.Scalar[];
  console.log(`test MSE (in $100k^2): ${(await testLoss.data())[0].toFixed(3)}`);
}

main();
