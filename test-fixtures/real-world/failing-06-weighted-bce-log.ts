// Spam filter on standardized message statistics with a class-weighted binary cross-entropy
// written by hand (spam is rare, so positives weigh 5x). The classes separate cleanly, the logits
// keep growing, and the sigmoid output rounds to exactly 0 or 1 in float32: log(0).
// truth: nan at epoch 2-4 (40 epochs)
// cause: raw-log at line 35: log of a sigmoid output that reaches exactly 0 (and 1 - p exactly 0) in float32
// expect: raw-log
import * as tf from '@tensorflow/tfjs';

const POSITIVE_WEIGHT = 5;

interface Message {
  links: number;
  capsRatio: number;
  exclamations: number;
  length: number;
  spam: 0 | 1;
}

function inbox(n: number): Message[] {
  let s = 31;
  const r = () => ((s = (s * 16807) % 2147483647) / 2147483647);
  return Array.from({ length: n }, (_, i) => {
    const spam = (i % 6 === 0 ? 1 : 0) as 0 | 1;
    return {
      links: spam ? 4 + Math.floor(r() * 6) : Math.floor(r() * 2),
      capsRatio: spam ? 0.4 + r() * 0.5 : r() * 0.1,
      exclamations: spam ? 3 + Math.floor(r() * 8) : Math.floor(r() * 2),
      length: 40 + Math.floor(r() * 400),
      spam,
    };
  });
}

function weightedBinaryCrossentropy(labels: tf.Tensor, probs: tf.Tensor): tf.Scalar {
  const positive = labels.mul(tf.log(probs)).mul(POSITIVE_WEIGHT);
  const negative = tf.sub(1, labels).mul(tf.log(tf.sub(1, probs)));
  return positive.add(negative).neg().mean() as tf.Scalar;
}

async function main(): Promise<void> {
  const messages = inbox(600);
  const raw = tf.tensor2d(messages.map((m) => [m.links, m.capsRatio, m.exclamations, m.length]));
  const { mean, variance } = tf.moments(raw, 0);
  const xs = raw.sub(mean).div(variance.add(1e-8).sqrt());
  const ys = tf.tensor2d(messages.map((m) => [m.spam]));

  const model = tf.sequential();
  model.add(tf.layers.dense({ units: 16, activation: 'relu', inputShape: [4] }));
  model.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));
  model.compile({ optimizer: tf.train.adam(0.05), loss: weightedBinaryCrossentropy, metrics: ['accuracy'] });

  const history = await model.fit(xs, ys, { epochs: 40, batchSize: 60, verbose: 0 });
  const losses = history.history.loss as number[];
  console.log(`first loss ${losses[0]}, last loss ${losses[losses.length - 1]}`);
}

main();
