// forbid: unsafe-division
// Denominators that cannot be 0: the max of positive data, and statistics of random data.
const tf = require('@tensorflow/tfjs');

const prices = tf.tensor1d([120, 340, 99, 410]);
const relative = prices.div(prices.max());

const noise = tf.randomNormal([256, 4], 5, 2);
const { mean, variance } = tf.moments(noise, 0);
const standardized = noise.sub(mean).div(variance.sqrt());

const uniform = tf.randomUniform([64, 3], 1, 10);
const shares = uniform.div(uniform.sum(1, true));

relative.print();
standardized.print();
shares.print();
