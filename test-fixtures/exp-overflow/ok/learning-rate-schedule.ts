// forbid: exp-overflow
// exp of a small, bounded decay exponent in a learning-rate schedule.
import * as tf from '@tensorflow/tfjs';

const EPOCHS = 50;
const decay = tf.exp(tf.linspace(0, -3, EPOCHS));
const rates = decay.mul(0.01).arraySync() as number[];
console.log(rates);
