// forbid: unsafe-division
// Min-max scaling whose range is clamped away from 0.
import * as tf from '@tensorflow/tfjs';

export function minMaxScale(t: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const min = t.min(0);
    const range = tf.maximum(t.max(0).sub(min), 1e-6);
    return t.sub(min).div(range);
  });
}

const readings = tf.tensor2d([
  [12.5, 3.3],
  [14.1, 3.3],
  [11.8, 3.3],
]);
minMaxScale(readings).print();
