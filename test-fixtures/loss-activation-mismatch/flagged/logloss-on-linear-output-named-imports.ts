// expect: loss-activation-mismatch
// severity: warning
// A churn classifier whose single output unit has no activation, trained with tf.losses.logLoss:
// its epsilon guards predictions at 0 and 1, not negative ones, so the loss is NaN in batch 1.
import { layers, losses, sequential, tensor2d, train, type Tensor } from '@tensorflow/tfjs';

const FEATURES = 6;

export function buildChurnModel() {
  const model = sequential({
    layers: [
      layers.dense({ units: 16, activation: 'relu', inputShape: [FEATURES] }),
      layers.dense({ units: 1 }),
    ],
  });
  model.compile({ optimizer: train.adam(0.001), loss: losses.logLoss, metrics: ['accuracy'] });
  return model;
}

export async function train6(features: Tensor, churned: Tensor): Promise<void> {
  const model = buildChurnModel();
  await model.fit(features, churned, { epochs: 20, batchSize: 32 });
}

train6(tensor2d([[0.1, -0.4, 0.3, 0.9, -1.2, 0.5]]), tensor2d([[1]]));
