// case c4: a two-layer tanh network fed raw readings in [0, 100).
// truth: stable for 100 epochs (no NaN; ~90% of the first tanh layer's activations are pinned at |a| > 0.99)
// expect: saturating-activation-unscaled-input
import { layers, randomUniform, sequential } from '@tensorflow/tfjs-node';

const NUM_FEATURES = 10;
const NUM_SAMPLES = 100;

// Raw sensor readings; nothing rescales them before the first tanh layer.
function loadReadings(count) {
  return randomUniform([count, NUM_FEATURES], 0, 100);
}

const model = sequential({
  layers: [
    layers.dense({ inputShape: [NUM_FEATURES], units: 128, activation: 'tanh' }),
    layers.dense({ units: 64, activation: 'tanh' }),
    layers.dense({ units: 1 }),
  ],
});
model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });

const readings = loadReadings(NUM_SAMPLES);
const targets = randomUniform([NUM_SAMPLES, 1]);

model
  .fit(readings, targets, { epochs: 10, batchSize: 32 })
  .then((history) => console.log('final loss', history.history.loss.at(-1)))
  .catch((error) => console.error('training failed:', error));
