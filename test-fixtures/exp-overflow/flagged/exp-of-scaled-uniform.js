// expect: exp-overflow
// severity: warning
// Synthetic growth curves: exp of rates times time reaches exp(200).
const tf = require('@tensorflow/tfjs');

const rates = tf.randomUniform([500, 1], 0, 2);
const time = 100;
const population = rates.mul(time).exp();
population.print();
