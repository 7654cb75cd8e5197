// expect: unscaled-input
// Rows pushed in a loop from a seeded generator: areas up to 3000 go into a linear model raw.
const tf = require('@tensorflow/tfjs');

function makeRng(seed) {
  let s = seed;
  return () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
}

const rng = makeRng(7);
const xsRows = [];
const ysRows = [];
for (let i = 0; i < 120; i++) {
  const area = 200 + rng() * 2800;
  xsRows.push([area, Math.round(rng() * 5)]);
  ysRows.push([area / 1000]);
}
const xs = tf.tensor2d(xsRows);
const ys = tf.tensor2d(ysRows);

const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });
model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
model.fit(xs, ys, { epochs: 5 });
