// expect: saturating-activation-unscaled-input
import { sequential, layers, randomNormal } from '@tensorflow/tfjs';

const SCALE = 50;
const inputs = randomNormal([128, 6]).mul(SCALE);
const targets = randomNormal([128, 1]);
const net = sequential({ layers: [layers.dense({ units: 32, activation: 'tanh', inputShape: [6] }), layers.dense({ units: 1 })] });
net.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
net.fit(inputs, targets, { epochs: 3 });
