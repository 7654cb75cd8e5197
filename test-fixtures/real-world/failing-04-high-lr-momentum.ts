// Fuel-efficiency regression (auto-mpg style): standardized features, a small tanh network, and
// tf.train.momentum with a rate of 0.5 and momentum 0.9 copied from a tutorial that used 0.005.
// truth: inf at epoch 2-3, nan at epoch 3 (10 epochs)
// cause: high-learning-rate at line 42: momentum 0.9 at rate 0.5 makes the effective step 5
// expect: high-learning-rate
import * as tf from '@tensorflow/tfjs';

type Car = { cylinders: number; displacement: number; horsepower: number; weight: number; acceleration: number; mpg: number };

function cars(count: number): Car[] {
  let s = 99;
  const r = (): number => ((s = (s * 69069 + 12345) % 4294967296) / 4294967296);
  const out: Car[] = [];
  for (let i = 0; i < count; i++) {
    const cylinders = [4, 6, 8][Math.floor(r() * 3)];
    const displacement = cylinders * (20 + r() * 30);
    const horsepower = 50 + displacement * 0.5 + r() * 40;
    const weight = 1600 + displacement * 6 + r() * 800;
    const acceleration = 8 + r() * 16;
    const mpg = 48 - weight * 0.006 - horsepower * 0.03 + r() * 4;
    out.push({ cylinders, displacement, horsepower, weight, acceleration, mpg });
  }
  return out;
}

function zScore(t: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const { mean, variance } = tf.moments(t, 0);
    return t.sub(mean).div(tf.sqrt(variance).add(tf.backend().epsilon()));
  });
}

async function main(): Promise<void> {
  const data = cars(256);
  const features = zScore(tf.tensor2d(data.map((c) => [c.cylinders, c.displacement, c.horsepower, c.weight, c.acceleration])));
  const mpg = tf.tensor2d(data.map((c) => [c.mpg]));

  const model = tf.sequential();
  model.add(tf.layers.dense({ units: 24, activation: 'tanh', inputShape: [5] }));
  model.add(tf.layers.dense({ units: 24, activation: 'tanh' }));
  model.add(tf.layers.dense({ units: 1 }));
  const optimizer = tf.train.momentum(0.5, 0.9);
  model.compile({ optimizer, loss: tf.losses.meanSquaredError });

  const history = await model.fit(features, mpg, { epochs: 10, batchSize: 32, verbose: 0 });
  console.log('loss:', history.history.loss.map((v) => Number(v).toPrecision(3)).join(', '));
}

main().catch((e) => console.error(e));
