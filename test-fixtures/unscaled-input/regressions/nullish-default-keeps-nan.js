// expect: unscaled-input
// `?? 0` replaces only null and undefined: parseFloat('') is NaN, which `??` keeps.
const tf = require('@tensorflow/tfjs');

function load(text) {
  return text.split('\n').map((line) => {
    const [size, price] = line.split(';');
    return [parseFloat(size) ?? 0, parseFloat(price) ?? 0];
  });
}

const data = load(process.argv[2]);
const xs = tf.tensor2d(data.map((d) => [d[0] / 100]));
const ys = tf.tensor2d(data.map((d) => [d[1] / 1000]));
const model = tf.sequential();
model.add(tf.layers.dense({ units: 1, inputShape: [1] }));
model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
model.fit(xs, ys, { epochs: 5 });
