// case c2: a hand-written binary log loss evaluated on hard 0/1 predictions (log(0) = -Infinity,
// and 0 * -Infinity = NaN).
// truth: nan (no training; the loss value itself is NaN: 1 * log(0) = -Infinity, 0 * log(0) = NaN)
// expect: raw-log
const { add, log, mean, mul, neg, sub, tensor1d } = require('@tensorflow/tfjs');

// Predictions that were thresholded before scoring, so they are exactly 0 or 1.
const labels = tensor1d([1, 0, 0, 1, 1]);
const predictions = tensor1d([1, 0, 1, 0, 1]);

function binaryLogLoss(yTrue, yPred) {
  const positive = mul(yTrue, log(yPred));
  const negative = mul(sub(1, yTrue), log(sub(1, yPred)));
  return neg(mean(add(positive, negative)));
}

const score = binaryLogLoss(labels, predictions);
console.log('log loss:', score.dataSync()[0]);
