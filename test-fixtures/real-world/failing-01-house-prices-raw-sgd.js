// Predicting house prices (in $100k) from raw listing features generated row by row: square
// footage 500-5000, bedrooms, age in years. Nothing rescales them, and the 'sgd' string
// optimizer's default rate of 0.01 overshoots on features of size 1e3.
// truth: inf at epoch 1, nan at epoch 2 (10 epochs)
// cause: unscaled-input at line 33: the raw square footage (up to 5000) goes into the model unnormalized
// expect: unscaled-input|high-learning-rate
const tf = require('@tensorflow/tfjs');

function randomGenerator(seed) {
  let value = seed;
  return () => {
    value = (value * 16807) % 2147483647;
    return (value - 1) / 2147483646;
  };
}

function loadListings(count) {
  const random = randomGenerator(2020);
  const features = [];
  const prices = [];
  for (let i = 0; i < count; i++) {
    const sqft = 500 + Math.round(random() * 4500);
    const bedrooms = Math.max(1, Math.round(sqft / 800));
    const age = Math.round(random() * 80);
    features.push([sqft, bedrooms, age]);
    prices.push([(40000 + 190 * sqft - 600 * age + random() * 30000) / 100000]);
  }
  return { features, prices };
}

async function trainPriceModel() {
  const { features, prices } = loadListings(200);
  const xs = tf.tensor2d(features);
  const ys = tf.tensor2d(prices);

  const model = tf.sequential();
  model.add(tf.layers.dense({ units: 1, inputShape: [3] }));
  model.compile({ optimizer: 'sgd', loss: 'meanSquaredError', metrics: ['mse'] });

  const history = await model.fit(xs, ys, {
    epochs: 10,
    batchSize: 32,
    validationSplit: 0.1,
    verbose: 0,
  });
  console.log('training loss per epoch:', history.history.loss);
  const guess = model.predict(tf.tensor2d([[1800, 3, 25]]));
  console.log(`1800 sqft, 3 bedrooms, 25 years: $${(guess.dataSync()[0] * 100000).toFixed(0)}`);
}

trainPriceModel();
