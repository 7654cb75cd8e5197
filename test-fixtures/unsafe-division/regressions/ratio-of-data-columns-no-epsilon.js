// expect: unsafe-division
// Regression: a ratio of two data columns (rent per room, where studios list 0 rooms) is not
// offered an epsilon: rent / 1e-7 would be a feature of about 1e10, data far from unit scale.
// tf.divNoNan gives 0 there, and the other rows keep rent / rooms (rooms of 1 to 4).
const tf = require('@tensorflow/tfjs');

const listings = [];
let state = 7;
const next = () => ((state = (state * 69069 + 1) % 4294967296) / 4294967296);
for (let k = 0; k < 200; k++) {
  const studio = next() < 0.2;
  listings.push({ rent: 800 + next() * 2200, rooms: studio ? 0 : 1 + Math.floor(next() * 4) });
}
const rent = tf.tensor1d(listings.map((l) => l.rent));
const rooms = tf.tensor1d(listings.map((l) => l.rooms));
const rentPerRoom = rent.div(rooms);

const features = tf.stack([rent.div(1000), rooms, rentPerRoom.div(1000)], 1);
const model = tf.sequential({
  layers: [tf.layers.dense({ units: 8, activation: 'relu', inputShape: [3] }), tf.layers.dense({ units: 1 })],
});
model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
model.fit(features, tf.randomUniform([200, 1]), { epochs: 3 });
