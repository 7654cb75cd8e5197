// tfjs-examples/lstm-text-generation: a character LSTM with a softmax output trained with
// categorical cross-entropy; generation samples from tf.log(probs) / temperature with
// tf.multinomial. That log is never trained through, so it cannot produce a NaN loss.
// truth: finite (2 epochs)
// expect: clean
const tf = require('@tensorflow/tfjs');

const TEXT = 'to be or not to be that is the question whether tis nobler in the mind to suffer '.repeat(6);
const SAMPLE_LEN = 10;
const STEP = 3;

const charSet = [...new Set(TEXT)].sort();
const charToIndex = new Map(charSet.map((c, i) => [c, i]));

function nextCharData() {
  const xs = [];
  const ys = [];
  for (let i = 0; i + SAMPLE_LEN < TEXT.length; i += STEP) {
    xs.push([...TEXT.slice(i, i + SAMPLE_LEN)].map((c) => charToIndex.get(c)));
    ys.push(charToIndex.get(TEXT[i + SAMPLE_LEN]));
  }
  const x = tf.oneHot(tf.tensor2d(xs, undefined, 'int32'), charSet.length).toFloat();
  const y = tf.oneHot(tf.tensor1d(ys, 'int32'), charSet.length).toFloat();
  return { x, y };
}

function createModel() {
  const model = tf.sequential();
  model.add(tf.layers.lstm({ units: 32, inputShape: [SAMPLE_LEN, charSet.length] }));
  model.add(tf.layers.dense({ units: charSet.length, activation: 'softmax' }));
  model.compile({ optimizer: tf.train.rmsprop(0.05), loss: 'categoricalCrossentropy' });
  return model;
}

function sample(probs, temperature) {
  return tf.tidy(() => {
    const logits = tf.div(tf.log(probs), Math.max(temperature, 1e-6));
    const isNormalized = false;
    return tf.multinomial(logits, 1, null, isNormalized).dataSync()[0];
  });
}

async function generate(model, seedText, length, temperature) {
  let sentence = [...seedText].map((c) => charToIndex.get(c));
  let generated = '';
  for (let i = 0; i < length; i++) {
    const input = tf.oneHot(tf.tensor2d([sentence], undefined, 'int32'), charSet.length).toFloat();
    const probs = model.predict(input).squeeze();
    const next = sample(probs, temperature);
    generated += charSet[next];
    sentence = [...sentence.slice(1), next];
    tf.dispose([input, probs]);
  }
  return generated;
}

(async () => {
  const { x, y } = nextCharData();
  const model = createModel();
  await model.fit(x, y, { epochs: 2, batchSize: 32, verbose: 0 });
  console.log('generated:', JSON.stringify(await generate(model, TEXT.slice(0, SAMPLE_LEN), 30, 0.6)));
})();
