// expect: unsafe-sqrt
// severity: warning
// A loss that penalizes the spread of the predictions: their variance can be 0 (a collapsed model).
import { layers, losses, moments, sequential, randomNormal } from '@tensorflow/tfjs';

function spreadPenalizedLoss(yTrue, yPred) {
  const { variance } = moments(yPred, 0);
  return losses.meanSquaredError(yTrue, yPred).add(variance.sqrt().mean().mul(0.1));
}

const model = sequential({ layers: [layers.dense({ units: 3, inputShape: [6] })] });
model.compile({ optimizer: 'adam', loss: spreadPenalizedLoss });
await model.fit(randomNormal([128, 6]), randomNormal([128, 3]), { epochs: 10 });
