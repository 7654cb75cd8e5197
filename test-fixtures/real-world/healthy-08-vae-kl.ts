// tfjs-examples/fashion-mnist-vae style: a dense variational autoencoder trained with a custom
// loop. The loss is binary cross-entropy reconstruction plus the KL term with exp(zLogVar),
// which is fine in practice.
// truth: finite (24 steps)
// expect: clean
import * as tf from '@tensorflow/tfjs';

const ORIGINAL_DIM = 28 * 28;
const INTERMEDIATE_DIM = 64;
const LATENT_DIM = 2;

function fakeImages(count: number): tf.Tensor2D {
  let seed = 4;
  const rand = () => ((seed = (seed * 69069 + 1) % 4294967296) / 4294967296);
  const pixels = new Float32Array(count * ORIGINAL_DIM);
  for (let i = 0; i < pixels.length; i++) {
    const col = i % 28;
    pixels[i] = col > 8 && col < 20 ? 120 + Math.floor(rand() * 135) : Math.floor(rand() * 20);
  }
  return tf.tensor2d(pixels, [count, ORIGINAL_DIM]).div(255) as tf.Tensor2D;
}

function encoder() {
  const inputs = tf.input({ shape: [ORIGINAL_DIM], name: 'encoder_input' });
  const x = tf.layers.dense({ units: INTERMEDIATE_DIM, activation: 'relu' }).apply(inputs) as tf.SymbolicTensor;
  const zMean = tf.layers.dense({ units: LATENT_DIM, name: 'z_mean' }).apply(x) as tf.SymbolicTensor;
  const zLogVar = tf.layers.dense({ units: LATENT_DIM, name: 'z_log_var' }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs, outputs: [zMean, zLogVar], name: 'encoder' });
}

function decoder() {
  const latent = tf.input({ shape: [LATENT_DIM], name: 'z_sampling' });
  const x = tf.layers.dense({ units: INTERMEDIATE_DIM, activation: 'relu' }).apply(latent) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: ORIGINAL_DIM, activation: 'sigmoid' }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: latent, outputs: out, name: 'decoder' });
}

/** Reparameterization trick: z = mean + exp(0.5 * logVar) * epsilon. */
function sample(zMean: tf.Tensor, zLogVar: tf.Tensor): tf.Tensor {
  const epsilon = tf.randomNormal(zMean.shape);
  return zMean.add(tf.exp(zLogVar.mul(0.5)).mul(epsilon));
}

function vaeLoss(inputs: tf.Tensor, outputs: tf.Tensor, zMean: tf.Tensor, zLogVar: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const reconstruction = tf.metrics.binaryCrossentropy(inputs, outputs).mul(ORIGINAL_DIM);
    let kl = zLogVar.add(1).sub(zMean.square()).sub(zLogVar.exp());
    kl = kl.sum(-1).mul(-0.5);
    return reconstruction.add(kl).mean() as tf.Scalar;
  });
}

async function train(): Promise<void> {
  const enc = encoder();
  const dec = decoder();
  const images = fakeImages(64);
  const optimizer = tf.train.adam(0.001);
  const batchSize = 16;
  for (let epoch = 0; epoch < 6; epoch++) {
    for (let start = 0; start < 64; start += batchSize) {
      const batch = images.slice([start, 0], [batchSize, ORIGINAL_DIM]);
      const cost = optimizer.minimize(() => {
        const [zMean, zLogVar] = enc.apply(batch) as tf.Tensor[];
        const z = sample(zMean, zLogVar);
        const reconstructed = dec.apply(z) as tf.Tensor;
        return vaeLoss(batch, reconstructed, zMean, zLogVar);
      }, true);
      if (start === 0) console.log(`epoch ${epoch + 1}: loss ${cost!.dataSync()[0].toFixed(1)}`);
      tf.dispose([batch, cost!]);
    }
  }
}

train();
