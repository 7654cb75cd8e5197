// Website visits per day (hundreds to thousands) with a log-linear model: rate = exp(w . x + b),
// trained on the Poisson negative log-likelihood exp(eta) - y * eta. The first gradient is about
// -y, the SGD step throws eta to dozens, and exp(eta) overflows to Infinity.
// truth: inf at step 2, nan at step 2 (10 steps)
// cause: exp-overflow at line 31: exp of the unbounded linear predictor eta
// expect: exp-overflow
const tf = require('@tensorflow/tfjs');

function trafficLog(days) {
  let s = 77;
  const r = () => ((s = (s * 16807) % 2147483647) / 2147483647);
  const x = [];
  const visits = [];
  for (let d = 0; d < days; d++) {
    const weekend = d % 7 >= 5 ? 1 : 0;
    const campaign = r() < 0.2 ? 1 : 0;
    const trend = d / days;
    x.push([weekend, campaign, trend]);
    visits.push(Math.round(Math.exp(6.5 - 0.6 * weekend + 0.9 * campaign + 0.5 * trend) * (0.9 + 0.2 * r())));
  }
  return { x: tf.tensor2d(x), y: tf.tensor1d(visits) };
}

const weights = tf.variable(tf.zeros([3]));
const bias = tf.variable(tf.scalar(0));
const optimizer = tf.train.sgd(0.05);

function poissonNll(x, y) {
  return tf.tidy(() => {
    const eta = x.mul(weights).sum(1).add(bias);
    const rate = tf.exp(eta);
    return rate.sub(y.mul(eta)).mean();
  });
}

const { x, y } = trafficLog(120);
for (let epoch = 1; epoch <= 10; epoch++) {
  const nll = optimizer.minimize(() => poissonNll(x, y), true);
  console.log(`epoch ${epoch}: nll ${nll.dataSync()[0]}`);
  nll.dispose();
}
