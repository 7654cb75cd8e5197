// forbid: unsafe-division
// Two where-guards outside training: one replaces zero denominators, one hides the division.
const tf = require('@tensorflow/tfjs');

async function load() {
  const response = await fetch('https://example.com/stats.json');
  return response.json();
}

load().then((rows) => {
  const visits = tf.tensor1d(rows.map((r) => r.visits));
  const purchases = tf.tensor1d(rows.map((r) => r.purchases));
  const safeVisits = tf.where(tf.equal(visits, 0), tf.onesLike(visits), visits);
  const conversion = purchases.div(safeVisits);
  const perVisit = tf.where(visits.equal(0), tf.zerosLike(visits), purchases.div(visits));
  conversion.print();
  perVisit.print();
});
