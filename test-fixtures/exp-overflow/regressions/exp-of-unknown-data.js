// forbid: exp-overflow
// Regression: exp of data the analysis knows nothing about, outside any pattern, is not reported.
const tf = require('@tensorflow/tfjs');

async function main() {
  const response = await fetch('https://example.com/log-prices.json');
  const logPrices = tf.tensor1d(await response.json());
  tf.exp(logPrices).print();
}
main();
