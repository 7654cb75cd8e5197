// House prices in dollars (150k-1.2M) used directly as regression targets. The features are
// properly standardized, but the mean-squared error of a $500,000 miss is 2.5e11 and its
// gradient throws the SGD weights to Infinity within a few batches.
// truth: inf at epoch 1, nan at epoch 1 (10 epochs)
// cause: unscaled-targets at line 37: prices in raw dollars (up to about 1.2e6) are the MSE targets
// expect: unscaled-targets
const tf = require('@tensorflow/tfjs');

function generateHomes(count, seed) {
  let state = seed;
  const uniform = () => {
    state = (state * 48271) % 2147483647;
    return state / 2147483647;
  };
  const homes = [];
  for (let i = 0; i < count; i++) {
    const sqft = 500 + uniform() * 4500;
    const bedrooms = 1 + Math.floor(uniform() * 5);
    const bathrooms = 1 + Math.floor(uniform() * 3);
    const schoolRating = 1 + uniform() * 9;
    const priceUsd = 90000 + 210 * sqft + 12000 * bathrooms + 15000 * schoolRating + uniform() * 50000;
    homes.push({ features: [sqft, bedrooms, bathrooms, schoolRating], priceUsd });
  }
  return homes;
}

function zScoreFeatures(matrix) {
  return tf.tidy(() => {
    const { mean, variance } = tf.moments(matrix, 0);
    return matrix.sub(mean).div(tf.sqrt(variance).add(1e-7));
  });
}

async function main() {
  const homes = generateHomes(256, 1);
  const X = zScoreFeatures(tf.tensor2d(homes.map((h) => h.features)));
  const y = tf.tensor2d(homes.map((h) => [h.priceUsd]));

  const model = tf.sequential();
  model.add(tf.layers.dense({ units: 32, activation: 'relu', inputShape: [4] }));
  model.add(tf.layers.dense({ units: 1 }));
  model.compile({ optimizer: tf.train.sgd(0.01), loss: 'meanSquaredError', metrics: ['mae'] });

  await model.fit(X, y, {
    epochs: 10,
    batchSize: 32,
    verbose: 0,
    callbacks: { onEpochEnd: (epoch, logs) => console.log(`epoch ${epoch + 1}: mae $${Math.round(logs.mae)}`) },
  });
}

main();
