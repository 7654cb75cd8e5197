// Product-review classifier (word ids -> embedding -> average -> sigmoid) with Adam given
// epsilon 0 "for exactness". Embedding rows of words absent from a batch get a zero gradient,
// so Adam's m / (sqrt(v) + epsilon) is 0 / 0 = NaN for them after the first step.
// truth: nan at epoch 1, batch 1 (embedding weights NaN after the first batch; 4 epochs)
// cause: zero-epsilon at line 34: Adam's epsilon is 0, so parameters with zero gradient get 0 / 0
// expect: zero-epsilon
import * as tf from '@tensorflow/tfjs';

const VOCAB = 500;
const SEQ_LEN = 16;

function reviews(n) {
  let s = 1;
  const r = () => ((s = (s * 48271) % 2147483647) / 2147483647);
  const ids = [];
  const labels = [];
  for (let i = 0; i < n; i++) {
    const positive = i % 2;
    ids.push(Array.from({ length: SEQ_LEN }, () => (r() < 0.2 ? (positive ? 10 : 20) + Math.floor(r() * 5) : 50 + Math.floor(r() * 300))));
    labels.push(positive);
  }
  return { ids, labels };
}

const { ids, labels } = reviews(96);
const x = tf.tensor2d(ids, [ids.length, SEQ_LEN], 'int32');
const y = tf.tensor2d(labels, [labels.length, 1]);

const model = tf.sequential();
model.add(tf.layers.embedding({ inputDim: VOCAB, outputDim: 8, inputLength: SEQ_LEN }));
model.add(tf.layers.globalAveragePooling1d());
model.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));
model.compile({
  optimizer: tf.train.adam(0.001, 0.9, 0.999, 0),
  loss: 'binaryCrossentropy',
  metrics: ['accuracy'],
});

await model.fit(x, y, { epochs: 4, batchSize: 32, verbose: 0 }).then((h) => console.log(h.history.loss));
