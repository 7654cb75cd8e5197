// forbid: loss-activation-mismatch
// Logits out, and a loss that applies the sigmoid itself (numerically the most stable form).
import { layers, losses, model as functionalModel, input, randomNormal, randomUniform } from '@tensorflow/tfjs';

const features = input({ shape: [10] });
const logits = layers.dense({ units: 1 }).apply(layers.dense({ units: 32, activation: 'relu' }).apply(features));
const net = functionalModel({ inputs: features, outputs: logits as never });

net.compile({ optimizer: 'adam', loss: losses.sigmoidCrossEntropy });
net.fit(randomNormal([100, 10]), randomUniform([100, 1]).round(), { epochs: 3 });
