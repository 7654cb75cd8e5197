// forbid: unscaled-input
// A guard skips fields that do not parse: `if (Number.isNaN(v)) continue` before the push.
const tf = require('@tensorflow/tfjs');
const fs = require('fs');

const xsData = [];
const ysData = [];
for (const line of fs.readFileSync('data.txt', 'utf8').split('\n')) {
  const [a, b] = line.split(',');
  const x = Number(a);
  const y = Number(b);
  if (Number.isNaN(x) || !Number.isFinite(y)) continue;
  xsData.push([x / 10]);
  ysData.push([y / 10]);
}

const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1] })] });
model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
model.fit(tf.tensor2d(xsData), tf.tensor2d(ysData), { epochs: 5 });
