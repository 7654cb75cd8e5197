// A siamese network for product-image deduplication with the contrastive loss of Hadsell et al.
// The pairs are sampled with replacement, so some pairs show the same item twice: the
// embedding distance sqrt(sum((a - b)^2)) is exactly 0 there, and its gradient is NaN.
// truth: nan at step 1 (the weights are NaN after the first update; 10 steps)
// cause: unsafe-sqrt at line 44: sqrt of the squared embedding distance, which is exactly 0 for identical pairs
// expect: unsafe-sqrt
import * as tf from '@tensorflow/tfjs';

const DIM = 16;
const MARGIN = 1;

function productDescriptors(count: number): number[][] {
  let s = 97;
  const r = () => ((s = (s * 48271) % 2147483647) / 2147483647);
  return Array.from({ length: count }, () => Array.from({ length: DIM }, () => r() * 2 - 1));
}

function samplePairs(items: number[][], n: number) {
  let s = 3;
  const pick = () => (s = (s * 16807) % 2147483647) % items.length;
  const left: number[][] = [];
  const right: number[][] = [];
  const same: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = pick();
    const b = i % 2 === 0 ? a : pick(); // every other pair is a duplicate of the same product
    left.push(items[a]);
    right.push(items[b]);
    same.push(a === b ? 1 : 0);
  }
  return { left: tf.tensor2d(left), right: tf.tensor2d(right), same: tf.tensor1d(same) };
}

const tower = tf.sequential({
  layers: [
    tf.layers.dense({ units: 32, activation: 'relu', inputShape: [DIM] }),
    tf.layers.dense({ units: 8 }),
  ],
});

function contrastiveLoss(left: tf.Tensor2D, right: tf.Tensor2D, same: tf.Tensor1D): tf.Scalar {
  const a = tower.apply(left) as tf.Tensor2D;
  const b = tower.apply(right) as tf.Tensor2D;
  const distance = a.sub(b).square().sum(1).sqrt();
  const positive = same.mul(distance.square());
  const negative = tf.sub(1, same).mul(tf.relu(tf.sub(MARGIN, distance)).square());
  return positive.add(negative).mean().div(2) as tf.Scalar;
}

async function main(): Promise<void> {
  const pairs = samplePairs(productDescriptors(40), 200);
  const optimizer = tf.train.adam(0.001);
  for (let step = 1; step <= 10; step++) {
    const loss = optimizer.minimize(() => contrastiveLoss(pairs.left, pairs.right, pairs.same), true)!;
    console.log(`step ${step}: ${(await loss.data())[0]}`);
    loss.dispose();
  }
}

main();
