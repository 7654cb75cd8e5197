// Hand-written loss done right: a label-smoothed categorical cross-entropy on logits through
// tf.logSoftmax (never log of a softmax), for a news-topic classifier over bag-of-words counts
// scaled by tf.log1p.
// truth: finite (12 epochs)
// expect: clean
import * as tf from '@tensorflow/tfjs';

const NUM_TOPICS = 4;
const VOCAB = 300;
const SMOOTHING = 0.1;

function bagOfWords(docs: number, seed: number): { counts: number[][]; topics: number[] } {
  let s = seed;
  const rand = () => ((s = (s * 22695477 + 1) % 4294967296) / 4294967296);
  const counts: number[][] = [];
  const topics: number[] = [];
  for (let d = 0; d < docs; d++) {
    const topic = d % NUM_TOPICS;
    const row = new Array<number>(VOCAB).fill(0);
    for (let w = 0; w < 60; w++) {
      const fromTopic = rand() < 0.4;
      const id = fromTopic ? topic * 20 + Math.floor(rand() * 20) : 80 + Math.floor(rand() * (VOCAB - 80));
      row[id] += 1;
    }
    counts.push(row);
    topics.push(topic);
  }
  return { counts, topics };
}

function smoothedCrossEntropy(yTrue: tf.Tensor, logits: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const smoothed = yTrue.mul(1 - SMOOTHING).add(SMOOTHING / NUM_TOPICS);
    const logProbs = tf.logSoftmax(logits);
    return smoothed.mul(logProbs).sum(-1).neg().mean();
  });
}

async function main(): Promise<void> {
  const { counts, topics } = bagOfWords(160, 11);
  const xs = tf.log1p(tf.tensor2d(counts));
  const ys = tf.oneHot(tf.tensor1d(topics, 'int32'), NUM_TOPICS);

  const model = tf.sequential();
  model.add(tf.layers.dense({ units: 32, activation: 'relu', inputShape: [VOCAB] }));
  model.add(tf.layers.dropout({ rate: 0.2 }));
  model.add(tf.layers.dense({ units: NUM_TOPICS })); // logits
  model.compile({ optimizer: tf.train.adam(0.003), loss: smoothedCrossEntropy });

  const history = await model.fit(xs, ys, { epochs: 12, batchSize: 16, shuffle: true, verbose: 0 });
  console.log(`final loss ${(history.history.loss.at(-1) as number).toFixed(4)}`);
}

void main();
