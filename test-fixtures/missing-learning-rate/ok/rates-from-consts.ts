// forbid: missing-learning-rate
// Every constructor gets its required arguments, some through consts.
import * as tf from '@tensorflow/tfjs';

const LEARNING_RATE = 0.05;
const MOMENTUM = 0.9;

export const sgd = tf.train.sgd(LEARNING_RATE);
export const momentum = tf.train.momentum(LEARNING_RATE, MOMENTUM, true);
export const rmsprop = tf.train.rmsprop(0.001, 0.9);
export const adagrad = tf.train.adagrad(0.1);
