// case c6: case c4's tanh network (functional API), this time with gradients clipped by global
// norm before Adam applies them. TF.js optimizers have no clipnorm option, so the optimizer is
// wrapped.
// truth: stable (10 epochs; loss 0.8 to 0.007; finite for 100 epochs)
// expect: saturating-activation-unscaled-input
// forbid: missing-gradient-clipping
import * as tf from '@tensorflow/tfjs';

const FEATURES = 10;

/** What `applyGradients` receives from model.fit (TF.js does not export this type). */
type NamedGradient = { name: string; tensor: tf.Tensor };

/** Clips all gradients jointly to `maxNorm` (Keras' global_clipnorm) before they are applied. */
function clipByGlobalNorm<T extends tf.Optimizer>(optimizer: T, maxNorm: number): T {
  const applyGradients = optimizer.applyGradients.bind(optimizer);
  optimizer.applyGradients = (grads: tf.NamedTensorMap | NamedGradient[]) => {
    // model.fit passes a list of {name, tensor}; custom loops may pass a name -> tensor map.
    const list = Array.isArray(grads)
      ? grads
      : Object.keys(grads).map((name) => ({ name, tensor: grads[name]! }));
    const clipped = tf.tidy(() => {
      const globalNorm = tf.sqrt(tf.addN(list.map((g) => tf.sum(tf.square(g.tensor)))));
      const scale = tf.div(maxNorm, tf.maximum(globalNorm, maxNorm));
      return list.map((g) => ({ name: g.name, tensor: tf.mul(g.tensor, scale) }));
    });
    try {
      applyGradients(clipped);
    } finally {
      tf.dispose(clipped.map((g) => g.tensor));
    }
  };
  return optimizer;
}

const input = tf.input({ shape: [FEATURES] });
const hidden1 = tf.layers.dense({ units: 128, activation: 'tanh' }).apply(input) as tf.SymbolicTensor;
const hidden2 = tf.layers.dense({ units: 64, activation: 'tanh' }).apply(hidden1) as tf.SymbolicTensor;
const output = tf.layers.dense({ units: 1 }).apply(hidden2) as tf.SymbolicTensor;
const model = tf.model({ inputs: input, outputs: output });

model.compile({ optimizer: clipByGlobalNorm(tf.train.adam(0.001), 1.0), loss: 'meanSquaredError' });

// Readings centred on 0 but with a standard deviation of 50: far outside tanh's useful range.
const features = tf.randomNormal([100, FEATURES], 0, 50);
const labels = tf.randomUniform([100, 1]);

async function train(): Promise<void> {
  const history = await model.fit(features, labels, { epochs: 10 });
  console.log('loss', history.history.loss);
}

void train();
