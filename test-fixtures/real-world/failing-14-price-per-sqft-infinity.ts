// Land and house sales with a derived "price per square foot of building" feature. Vacant lots
// have 0 sqft of building, so their feature is Infinity and the first batch's loss is NaN.
// truth: nan at epoch 1 (10 epochs; the vacant lots' feature is Infinity)
// cause: unsafe-division at line 33: division by building sqft, which is 0 for vacant lots
// expect: unsafe-division
import * as tf from '@tensorflow/tfjs';

interface Sale {
  lotAcres: number;
  buildingSqft: number;
  assessedValue: number;
  salePrice: number;
}

function countySales(n: number): Sale[] {
  let seed = 8675309;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const sales: Sale[] = [];
  for (let i = 0; i < n; i++) {
    const vacant = rand() < 0.1;
    const lotAcres = 0.1 + rand() * 2;
    const buildingSqft = vacant ? 0 : Math.round(700 + rand() * 3800);
    const assessedValue = 20000 + lotAcres * 40000 + buildingSqft * 140;
    sales.push({ lotAcres, buildingSqft, assessedValue, salePrice: assessedValue * (0.9 + 0.3 * rand()) });
  }
  return sales;
}

const sales = countySales(300);
const assessed = tf.tensor1d(sales.map((s) => s.assessedValue));
const sqft = tf.tensor1d(sales.map((s) => s.buildingSqft));
const acres = tf.tensor1d(sales.map((s) => s.lotAcres));
const valuePerSqft = assessed.div(sqft);

const features = tf.stack([acres, sqft.div(1000), assessed.div(1e5), valuePerSqft.div(100)], 1);
const prices = tf.tensor2d(sales.map((s) => [s.salePrice / 1e5]));

const model = tf.sequential();
model.add(tf.layers.dense({ units: 16, activation: 'relu', inputShape: [4] }));
model.add(tf.layers.dense({ units: 1 }));
model.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError' });

(async () => {
  const history = await model.fit(features, prices, { epochs: 10, batchSize: 50, verbose: 0 });
  console.log(history.history.loss);
})();
