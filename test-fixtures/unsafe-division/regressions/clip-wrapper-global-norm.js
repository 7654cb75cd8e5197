// forbid: unsafe-division
// Regression: clipping by global norm divides by max(norm, clipNorm), which is at least clipNorm.
const tf = require('@tensorflow/tfjs');

function clipGradientsByGlobalNorm(optimizer, clipNorm) {
  const applyGradients = optimizer.applyGradients.bind(optimizer);
  optimizer.applyGradients = (variableGradients) => {
    const list = Array.isArray(variableGradients)
      ? variableGradients
      : Object.keys(variableGradients).map((name) => ({ name, tensor: variableGradients[name] }));
    const clipped = tf.tidy(() => {
      const norm = tf.sqrt(tf.addN(list.map((g) => tf.sum(tf.square(g.tensor)))));
      const scale = tf.div(clipNorm, tf.maximum(norm, clipNorm));
      return list.map((g) => ({ name: g.name, tensor: tf.mul(g.tensor, scale) }));
    });
    return applyGradients(clipped);
  };
  return optimizer;
}

const model = tf.sequential({ layers: [tf.layers.lstm({ units: 8, inputShape: [10, 2] }), tf.layers.dense({ units: 1 })] });
model.compile({ optimizer: clipGradientsByGlobalNorm(tf.train.adam(), 1), loss: 'meanSquaredError' });
