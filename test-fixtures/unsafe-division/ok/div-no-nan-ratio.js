// forbid: unsafe-division
// A ratio feature written with divNoNan: an empty household gives 0, not Infinity.
const tf = require('@tensorflow/tfjs');

const census = tf.tensor2d([
  [48, 3],
  [61, 2],
  [35, 0],
]);
const income = census.slice([0, 0], [-1, 1]);
const householdSize = census.slice([0, 1], [-1, 1]);
const perMember = tf.divNoNan(income, householdSize);
perMember.print();
