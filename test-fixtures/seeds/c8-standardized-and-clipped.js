// case c8: case c7's data with both inputs and targets standardized, and every gradient clipped
// to norm 1 (Keras' clipnorm) by wrapping the optimizer.
// truth: stable (10 epochs)
// expect: clean
const tfjs = require('@tensorflow/tfjs');

const EPSILON = 1e-7;

function standardize(t) {
  return tfjs.tidy(() => {
    const { mean, variance } = tfjs.moments(t, 0);
    return t.sub(mean).div(variance.sqrt().add(EPSILON));
  });
}

// Clips each gradient tensor to `clipNorm` on its own, like Keras' clipnorm.
function withClipNorm(optimizer, clipNorm) {
  const apply = optimizer.applyGradients.bind(optimizer);
  optimizer.applyGradients = (variableGradients) => {
    const entries = Array.isArray(variableGradients)
      ? variableGradients
      : Object.entries(variableGradients).map(([name, tensor]) => ({ name, tensor }));
    const clipped = tfjs.tidy(() =>
      entries.map(({ name, tensor }) => {
        const norm = tfjs.norm(tensor);
        return { name, tensor: tensor.mul(tfjs.div(clipNorm, tfjs.maximum(norm, clipNorm))) };
      }),
    );
    try {
      return apply(clipped);
    } finally {
      tfjs.dispose(clipped.map((g) => g.tensor));
    }
  };
  return optimizer;
}

const orderSizes = standardize(tfjs.tensor2d([[1.5], [2], [3.5], [1000]]));
const shippingWeights = standardize(tfjs.tensor2d([[3], [4], [7], [2000]]));

const model = tfjs.sequential();
model.add(tfjs.layers.dense({ units: 1, inputShape: [1] }));
model.compile({ optimizer: withClipNorm(tfjs.train.adam(), 1.0), loss: 'meanSquaredError' });

model.fit(orderSizes, shippingWeights, { epochs: 10 });
