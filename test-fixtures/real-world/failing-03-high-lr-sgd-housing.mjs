// A standardized housing MLP (6 features, z-scored with an epsilon) whose author raised the SGD
// rate to 1.5 "to train faster".
// truth: nan at epoch 1-3 (15 epochs; the epoch moves with the random initialization)
// cause: high-learning-rate at line 8: SGD at 1.5 on a ReLU MLP overshoots on every step
// expect: high-learning-rate
import * as tf from '@tensorflow/tfjs';

const LEARNING_RATE = 1.5;
const EPOCHS = 15;

function makeHousingData(n) {
  let seed = 7;
  const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  const x = [];
  const y = [];
  for (let i = 0; i < n; i++) {
    const sqft = 500 + random() * 4500;
    const rooms = 2 + Math.floor(random() * 8);
    const age = random() * 100;
    const crime = random() * 20;
    const school = 1 + random() * 9;
    const tax = 200 + random() * 600;
    x.push([sqft, rooms, age, crime, school, tax]);
    y.push([(100000 + 120 * sqft - 900 * age - 4000 * crime + 9000 * school) / 1e5]);
  }
  return { x, y };
}

function standardize(t) {
  const { mean, variance } = tf.moments(t, 0);
  return t.sub(mean).div(variance.sqrt().add(1e-7));
}

async function main() {
  const { x, y } = makeHousingData(300);
  const features = standardize(tf.tensor2d(x));
  const targets = tf.tensor2d(y);

  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [6], units: 32, activation: 'relu' }));
  model.add(tf.layers.dense({ units: 16, activation: 'relu' }));
  model.add(tf.layers.dense({ units: 1 }));
  model.compile({ optimizer: tf.train.sgd(LEARNING_RATE), loss: 'meanSquaredError' });

  await model.fit(features, targets, {
    epochs: EPOCHS,
    batchSize: 32,
    verbose: 0,
    callbacks: { onEpochEnd: (epoch, logs) => console.log(`epoch ${epoch + 1}: ${logs.loss}`) },
  });
}

main();
