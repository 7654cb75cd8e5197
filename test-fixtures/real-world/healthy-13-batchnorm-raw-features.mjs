// House-price model whose first layer is batchNormalization: the raw listing features
// (sqft 500-5000, lot size up to 20000, year built) go in unscaled and the layer standardizes
// them. Prices are predicted in units of $100k.
// truth: finite (20 epochs)
// expect: clean
import * as tf from '@tensorflow/tfjs';

const rng = (() => {
  let state = 77;
  return () => {
    state = (state * 1664525 + 1013904223) % 4294967296;
    return state / 4294967296;
  };
})();

const listings = Array.from({ length: 256 }, () => {
  const sqft = Math.round(500 + rng() * 4500);
  const lotSqft = Math.round(1500 + rng() * 18500);
  const yearBuilt = 1900 + Math.floor(rng() * 122);
  const garageSpaces = Math.floor(rng() * 4);
  const price = 50000 + 150 * sqft + 3 * lotSqft + 800 * (yearBuilt - 1900) + 15000 * garageSpaces;
  return { sqft, lotSqft, yearBuilt, garageSpaces, price };
});

const X = tf.tensor2d(listings.map((h) => [h.sqft, h.lotSqft, h.yearBuilt, h.garageSpaces]));
const y = tf.tensor2d(listings.map((h) => [h.price / 1e5]));

const model = tf.sequential({
  layers: [
    tf.layers.batchNormalization({ inputShape: [4] }),
    tf.layers.dense({ units: 32, activation: 'relu' }),
    tf.layers.dense({ units: 1 }),
  ],
});
model.compile({ optimizer: tf.train.adam(0.005), loss: 'meanSquaredError', metrics: ['mae'] });

async function main() {
  const history = await model.fit(X, y, { epochs: 20, batchSize: 32, verbose: 0 });
  const mae = history.history.mae.at(-1);
  const quote = model.predict(tf.tensor2d([[2100, 6000, 1998, 2]]));
  console.log(`MAE $${(mae * 1e5).toFixed(0)}; 2100 sqft house: $${((await quote.data())[0] * 1e5).toFixed(0)}`);
}

main();
