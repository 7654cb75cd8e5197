// forbid: unsafe-sqrt
// The global norm inside an applyGradients wrapper is computed from gradients, not differentiated.
import * as tf from '@tensorflow/tfjs';

function withClipNorm(optimizer, clipNorm) {
  const apply = optimizer.applyGradients.bind(optimizer);
  optimizer.applyGradients = (grads) => {
    const entries = Array.isArray(grads) ? grads : Object.entries(grads).map(([name, tensor]) => ({ name, tensor }));
    const clipped = tf.tidy(() => {
      const globalNorm = tf.sqrt(tf.addN(entries.map((g) => tf.sum(tf.square(g.tensor)))));
      const scale = tf.div(clipNorm, tf.maximum(globalNorm, clipNorm));
      return entries.map((g) => ({ name: g.name, tensor: g.tensor.mul(scale) }));
    });
    return apply(clipped);
  };
  return optimizer;
}

const model = tf.sequential({ layers: [tf.layers.gru({ units: 4, inputShape: [5, 1] }), tf.layers.dense({ units: 1 })] });
model.compile({ optimizer: withClipNorm(tf.train.rmsprop(0.001), 1), loss: 'meanSquaredError' });
