import * as tf from '@tensorflow/tfjs';

// Monthly sales figures and the advertising spend that drove them (not scaled).
export const spend: tf.Tensor2D = tf.tensor2d([[1200], [3400], [560], [8800], [4100], [7300]]);
export const sales: tf.Tensor2D = tf.tensor2d([[31], [78], [14], [190], [95], [160]]);
