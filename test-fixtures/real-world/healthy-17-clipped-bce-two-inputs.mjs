// Click-through prediction with the functional API: a user-id embedding and a dense branch of
// standardized context features are concatenated; the loss is a hand-written binary
// cross-entropy that clips the probability to [eps, 1 - eps] before tf.log.
// truth: finite (6 epochs)
// expect: clean
import * as tf from '@tensorflow/tfjs';

const NUM_USERS = 50;
const EPS = 1e-6;

function impressions(n) {
  let s = 17;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const users = [];
  const context = [];
  const clicks = [];
  for (let i = 0; i < n; i++) {
    const user = Math.floor(rnd() * NUM_USERS);
    const hour = Math.floor(rnd() * 24);
    const position = 1 + Math.floor(rnd() * 10);
    users.push(user);
    context.push([(hour - 11.5) / 6.9, (position - 5.5) / 2.9]);
    clicks.push(rnd() < (user % 5 === 0 ? 0.6 : 0.15) / position ** 0.3 ? 1 : 0);
  }
  return { users, context, clicks };
}

function clippedBinaryCrossentropy(yTrue, yPred) {
  const p = tf.clipByValue(yPred, EPS, 1 - EPS);
  const pos = yTrue.mul(tf.log(p));
  const neg = tf.scalar(1).sub(yTrue).mul(tf.log(tf.scalar(1).sub(p)));
  return pos.add(neg).neg().mean();
}

const userIn = tf.input({ shape: [1], dtype: 'int32' });
const contextIn = tf.input({ shape: [2] });
const userVec = tf.layers.flatten().apply(tf.layers.embedding({ inputDim: NUM_USERS, outputDim: 8 }).apply(userIn));
const ctxVec = tf.layers.dense({ units: 8, activation: 'relu' }).apply(contextIn);
const merged = tf.layers.concatenate().apply([userVec, ctxVec]);
const hidden = tf.layers.dense({ units: 16, activation: 'relu' }).apply(merged);
const click = tf.layers.dense({ units: 1, activation: 'sigmoid' }).apply(hidden);
const model = tf.model({ inputs: [userIn, contextIn], outputs: click });
model.compile({ optimizer: tf.train.adam(0.01), loss: clippedBinaryCrossentropy, metrics: ['accuracy'] });

const data = impressions(1000);
const usersT = tf.tensor2d(data.users, [data.users.length, 1], 'int32');
const contextT = tf.tensor2d(data.context);
const clicksT = tf.tensor2d(data.clicks, [data.clicks.length, 1]);

model
  .fit([usersT, contextT], clicksT, { epochs: 6, batchSize: 100, verbose: 0 })
  .then((h) => console.log(`loss ${h.history.loss.map((v) => v.toFixed(3)).join(' -> ')}`));
