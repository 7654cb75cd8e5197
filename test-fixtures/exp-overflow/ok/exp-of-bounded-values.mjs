// forbid: exp-overflow
// Bounded exponents: a tanh-squashed log-variance, a Gaussian kernel exp(-d²), a clipped logit.
import * as tf from '@tensorflow/tfjs';

const raw = tf.randomNormal([16, 4], 0, 50);
const logVar = tf.tanh(raw).mul(5);
const variance = tf.exp(logVar);

const distances = tf.randomUniform([16, 16], 0, 100);
const kernel = tf.exp(tf.neg(tf.square(distances)));

const logits = tf.randomNormal([16, 3], 0, 1000);
const odds = tf.exp(tf.clipByValue(logits, -20, 20));

variance.print();
kernel.print();
odds.print();
