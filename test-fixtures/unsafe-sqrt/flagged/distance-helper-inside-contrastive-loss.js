// expect: unsafe-sqrt
// severity: warning
const tf = require('@tensorflow/tfjs');

// The distance helper is called by the loss helper: it sees the model's outputs two calls deep.
// Contrastive loss (Hadsell et al.): similar pairs pulled together, dissimilar pushed past margin.
function euclidean(a, b) {
  return tf.sqrt(tf.sum(tf.square(tf.sub(a, b)), -1));
}

function contrastiveLoss(embA, embB, same, margin = 1.0) {
  const d = euclidean(embA, embB);
  const pos = same.mul(d.square());
  const neg = tf.sub(1, same).mul(tf.square(tf.relu(tf.sub(margin, d))));
  return pos.add(neg).mean();
}


async function main() {
  await tf.setBackend('cpu');
  const encoder = tf.sequential({
    layers: [
      tf.layers.dense({ units: 16, activation: 'relu', inputShape: [8] }),
      tf.layers.dense({ units: 4 }),
    ],
  });
  // Pairs: positives are augmentations; half of them are identical copies (no augmentation).
  const base = tf.randomNormal([64, 8]);
  const noise = tf.randomNormal([64, 8], 0, 0.05).mul(tf.tensor1d([...Array(64)].map((_, i) => (i % 2))).reshape([64, 1]));
  const left = base;
  const right = tf.concat([base.slice(0, 32).add(noise.slice(0, 32)), tf.randomNormal([32, 8])]);
  const same = tf.concat([tf.ones([32]), tf.zeros([32])]);

  const opt = tf.train.adam(0.01);
  for (let step = 1; step <= 20; step++) {
    const loss = opt.minimize(() => contrastiveLoss(encoder.apply(left), encoder.apply(right), same), true);
    const w = encoder.getWeights()[0].abs().max().dataSync()[0];
    console.log(`step ${step} loss ${loss.dataSync()[0]} max|w| ${w}`);
  }
}
void main();
