const tf = require('@tensorflow/tfjs');

const raw = tf.tensor2d([[2104, 3], [1600, 3], [2400, 3], [1416, 2], [3000, 4]]);
const target = tf.tensor2d([[0.4], [0.33], [0.37], [0.23], [0.54]]);

module.exports = { raw, target };
