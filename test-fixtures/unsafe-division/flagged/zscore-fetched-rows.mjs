// expect: unsafe-division
// severity: warning
// Rows loaded at run time: nothing shows a feature is never constant, and real tables often have one.
import * as tf from '@tensorflow/tfjs-node';
import { readFile } from 'node:fs/promises';

const rows = JSON.parse(await readFile('./houses.json', 'utf8'));
const features = tf.tensor2d(rows.map((r) => [r.rooms, r.floors, r.area]));
const prices = tf.tensor2d(rows.map((r) => [r.price / 1e5]));

const { mean, variance } = tf.moments(features, 0);
const normalized = features.sub(mean).div(variance.sqrt());

const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [3] })] });
model.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError' });
await model.fit(normalized, prices, { epochs: 50, batchSize: 32 });
