// forbid: unsafe-division
// Scaling pixels by a literal: 255 is never 0.
import * as tf from '@tensorflow/tfjs';

const MAX_PIXEL = 255;

export function toInputs(pixels) {
  return tf.tidy(() => pixels.toFloat().div(MAX_PIXEL).reshape([-1, 28, 28, 1]));
}

export function centered(pixels) {
  return tf.div(tf.sub(pixels.toFloat(), tf.scalar(127.5)), tf.scalar(127.5));
}

const image = tf.randomUniform([2, 784], 0, 256, 'int32');
toInputs(image).print();
centered(image).print();
