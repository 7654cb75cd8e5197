// expect: unsafe-division
// severity: error
// A ratio feature (income per household member); one household has no members recorded.
import * as tf from '@tensorflow/tfjs';

// [income in $k, household size]
const census = tf.tensor2d([
  [48, 3],
  [61, 2],
  [35, 0],
  [90, 4],
]);
const income = census.slice([0, 0], [-1, 1]);
const householdSize = census.slice([0, 1], [-1, 1]);
const incomePerMember = income.div(householdSize);

const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1] })] });
model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
model.fit(incomePerMember.div(100), tf.tensor2d([[1], [0], [1], [0]]), { epochs: 5 });
