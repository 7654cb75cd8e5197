import * as tf from '@tensorflow/tfjs';

// Square feet, bedrooms, year built: raw, as read from the listing.
const rows = [[2104, 3, 1995], [1600, 3, 1980], [2400, 3, 2005], [1416, 2, 1970], [3000, 4, 2010]];
export const features = tf.tensor2d(rows);
export const prices = tf.tensor2d([[399.9], [329.9], [369.0], [232.0], [539.9]]);
