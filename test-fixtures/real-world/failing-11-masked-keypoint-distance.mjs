// Hand keypoint regression with a per-keypoint Euclidean error. Keypoints that are not visible
// are masked by multiplying prediction and label by 0, so their distance is exactly
// sqrt(0): the value is fine, but the gradient of sqrt at 0 is Infinity and 0 * Infinity = NaN.
// truth: nan at step 1 (the weights are NaN after the first update; 5 steps)
// cause: unsafe-sqrt at line 36: sqrt of a squared distance that is exactly 0 for masked keypoints
// expect: unsafe-sqrt
import * as tf from '@tensorflow/tfjs';

const NUM_KEYPOINTS = 5;
const FEATURES = 12;

function annotatedFrames(n) {
  let s = 2468;
  const rnd = () => ((s = (s * 16807) % 2147483647) / 2147483647);
  const features = [];
  const keypoints = [];
  const visible = [];
  for (let i = 0; i < n; i++) {
    const f = Array.from({ length: FEATURES }, () => rnd() * 2 - 1);
    features.push(f);
    const kp = [];
    const vis = [];
    for (let k = 0; k < NUM_KEYPOINTS; k++) {
      kp.push(0.5 + 0.3 * f[k], 0.5 - 0.3 * f[k + 5]);
      const v = rnd() < 0.8 ? 1 : 0; // occluded keypoints are not annotated
      vis.push(v, v);
    }
    keypoints.push(kp);
    visible.push(vis);
  }
  return { x: tf.tensor2d(features), y: tf.tensor2d(keypoints), mask: tf.tensor2d(visible) };
}

function keypointDistanceLoss(yTrue, yPred, mask) {
  const diff = yPred.mul(mask).sub(yTrue.mul(mask)).reshape([-1, NUM_KEYPOINTS, 2]);
  const distance = tf.sqrt(diff.square().sum(-1));
  return distance.mean();
}

const model = tf.sequential();
model.add(tf.layers.dense({ units: 32, activation: 'relu', inputShape: [FEATURES] }));
model.add(tf.layers.dense({ units: NUM_KEYPOINTS * 2, activation: 'sigmoid' }));
const optimizer = tf.train.adam(0.005);

async function train(epochs) {
  const { x, y, mask } = annotatedFrames(128);
  for (let epoch = 0; epoch < epochs; epoch++) {
    const loss = optimizer.minimize(() => keypointDistanceLoss(y, model.predict(x), mask), true);
    console.log(`epoch ${epoch + 1}: mean keypoint error ${loss.dataSync()[0].toFixed(4)}`);
    loss.dispose();
  }
}

train(5);
