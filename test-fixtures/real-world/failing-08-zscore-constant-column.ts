// Apartment rents from listings scraped in one city: the one-hot "city" columns are all 1 or all
// 0, so their standard deviation is exactly 0 and z-scoring divides 0 by 0.
// truth: nan at epoch 1, batch 1 (10 epochs; the city columns are 0 / 0 in the inputs)
// cause: unsafe-division at line 36: the std of the constant one-hot city columns is exactly 0
// expect: unsafe-division
import * as tf from '@tensorflow/tfjs';

const CITIES = ['berlin', 'munich', 'hamburg'] as const;
type City = (typeof CITIES)[number];

interface Listing {
  city: City;
  areaM2: number;
  rooms: number;
  floor: number;
  rentEur: number;
}

function scrapeListings(city: City, n: number): Listing[] {
  let seed = 5;
  const rand = () => ((seed = (seed * 1664525 + 1013904223) % 4294967296) / 4294967296);
  return Array.from({ length: n }, () => {
    const areaM2 = 25 + rand() * 120;
    const rooms = Math.max(1, Math.round(areaM2 / 30));
    const floor = Math.floor(rand() * 6);
    return { city, areaM2, rooms, floor, rentEur: 300 + areaM2 * 14 + floor * 20 };
  });
}

const encode = (l: Listing): number[] => [...CITIES.map((c) => (c === l.city ? 1 : 0)), l.areaM2, l.rooms, l.floor];

async function main(): Promise<void> {
  const listings = scrapeListings('berlin', 240);
  const raw = tf.tensor2d(listings.map(encode));
  const { mean, variance } = tf.moments(raw, 0);
  const xs = raw.sub(mean).div(tf.sqrt(variance));
  const ys = tf.tensor2d(listings.map((l) => [l.rentEur / 1000]));

  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [CITIES.length + 3], units: 16, activation: 'relu' }),
      tf.layers.dense({ units: 1 }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'meanAbsoluteError' });
  const history = await model.fit(xs, ys, { epochs: 10, batchSize: 40, verbose: 0 });
  console.log(`MAE per epoch: ${history.history.loss.join(' ')}`);
}

main();
