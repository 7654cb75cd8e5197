// forbid: exp-overflow
// Regression: the max-subtracted form written with method chains and keepDims on axis 1.
import * as tf from '@tensorflow/tfjs';

export function attentionWeights(scores: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const stable = scores.sub(scores.max(1, true)).exp();
    return stable.div(stable.sum(1, true)) as tf.Tensor2D;
  });
}

attentionWeights(tf.randomUniform([4, 6], 0, 500) as tf.Tensor2D).print();
