// forbid: unsafe-division
// Regression: the zero is in the other column; the sliced denominator column has none.
const tf = require('@tensorflow/tfjs');

// [household size, vehicles]
const survey = tf.tensor2d([
  [3, 0],
  [2, 1],
  [4, 2],
]);
const members = survey.slice([0, 0], [-1, 1]);
const vehicles = survey.slice([0, 1], [-1, 1]);
vehicles.div(members).print();
