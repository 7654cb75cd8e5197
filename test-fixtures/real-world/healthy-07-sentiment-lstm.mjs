// tfjs-examples/sentiment style: padded sequences of word ids (vocabulary of 1000), an embedding,
// an LSTM and a sigmoid unit, binaryCrossentropy with Adam; then model.predict on a review.
// truth: finite (2 epochs)
// expect: clean
import * as tf from '@tensorflow/tfjs';

const VOCAB_SIZE = 1000;
const MAX_LEN = 12;
const PAD = 0;
const OOV = 2;
const POSITIVE_WORDS = [11, 23, 47, 88, 131];
const NEGATIVE_WORDS = [17, 29, 53, 97, 149];

function seeded(seed) {
  return () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
}

/** Fake reviews: random filler ids plus a few sentiment-bearing ones. */
function makeReviews(count, rand) {
  const sequences = [];
  const labels = [];
  for (let i = 0; i < count; i++) {
    const positive = rand() < 0.5;
    const length = 8 + Math.floor(rand() * 30);
    const words = [];
    for (let w = 0; w < length; w++) {
      const cue = rand() < 0.15;
      const pool = positive ? POSITIVE_WORDS : NEGATIVE_WORDS;
      words.push(cue ? pool[Math.floor(rand() * pool.length)] : 200 + Math.floor(rand() * (VOCAB_SIZE - 200)));
    }
    sequences.push(words);
    labels.push(positive ? 1 : 0);
  }
  return { sequences, labels };
}

function padSequences(sequences, maxLen) {
  return sequences.map((seq) => {
    const clipped = seq.length > maxLen ? seq.slice(seq.length - maxLen) : seq;
    return [...new Array(maxLen - clipped.length).fill(PAD), ...clipped.map((id) => (id < VOCAB_SIZE ? id : OOV))];
  });
}

function buildModel() {
  const model = tf.sequential();
  model.add(tf.layers.embedding({ inputDim: VOCAB_SIZE, outputDim: 16, inputLength: MAX_LEN }));
  model.add(tf.layers.lstm({ units: 16 }));
  model.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));
  model.compile({ loss: 'binaryCrossentropy', optimizer: 'adam', metrics: ['acc'] });
  return model;
}

const main = async () => {
  const rand = seeded(31337);
  const { sequences, labels } = makeReviews(128, rand);
  const xs = tf.tensor2d(padSequences(sequences, MAX_LEN), [sequences.length, MAX_LEN], 'int32');
  const ys = tf.tensor2d(labels, [labels.length, 1]);
  const model = buildModel();
  await model.fit(xs, ys, { epochs: 2, batchSize: 32, validationSplit: 0.2, verbose: 0 });

  const review = padSequences([[300, 11, 412, 23, 999]], MAX_LEN);
  const score = model.predict(tf.tensor2d(review, [1, MAX_LEN], 'int32'));
  console.log(`sentiment score: ${(await score.data())[0].toFixed(3)}`);
};

main();
