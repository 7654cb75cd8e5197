const tf = require('@tensorflow/tfjs');

// Pixel intensities straight from the image buffer (0-255).
const images = tf.tensor2d([[0, 128, 255, 64], [255, 255, 0, 32], [12, 200, 180, 90]]);
const labels = tf.tensor2d([[1, 0], [0, 1], [1, 0]]);
module.exports = { images, labels };
