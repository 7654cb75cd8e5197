// Logistic regression written by hand in plain JavaScript, with no TensorFlow.js at all. It is
// full of lookalikes (a `log`, a learning rate, a `fit` method, a division by a sum) that only
// matter in TF.js code: the analysis must stop after the parse and report nothing.

const log = (x) => Math.log(x);
const sigmoid = (z) => 1 / (1 + Math.exp(-z));

class LogisticRegression {
  constructor({ learningRate = 0.5, epochs = 100 } = {}) {
    this.learningRate = learningRate;
    this.epochs = epochs;
    this.weights = [];
    this.bias = 0;
  }

  predict(row) {
    return sigmoid(row.reduce((sum, x, i) => sum + x * this.weights[i], this.bias));
  }

  loss(rows, labels) {
    let total = 0;
    rows.forEach((row, i) => {
      const p = this.predict(row);
      total += labels[i] * log(p) + (1 - labels[i]) * log(1 - p);
    });
    return -total / rows.length;
  }

  fit(rows, labels) {
    this.weights = new Array(rows[0].length).fill(0);
    for (let epoch = 0; epoch < this.epochs; epoch++) {
      const grads = new Array(this.weights.length).fill(0);
      let gradBias = 0;
      rows.forEach((row, i) => {
        const error = this.predict(row) - labels[i];
        row.forEach((x, j) => (grads[j] += error * x));
        gradBias += error;
      });
      this.weights = this.weights.map((w, j) => w - (this.learningRate * grads[j]) / rows.length);
      this.bias -= (this.learningRate * gradBias) / rows.length;
    }
    return this;
  }
}

function normalize(rows) {
  const sums = rows[0].map((_, j) => rows.reduce((s, r) => s + r[j], 0));
  return rows.map((r) => r.map((x, j) => x / sums[j]));
}

const rows = normalize([
  [1, 100000],
  [2, 200000],
  [3, 300000],
  [4, 400000],
]);
const model = new LogisticRegression({ learningRate: 0.5 }).fit(rows, [0, 0, 1, 1]);
console.log('loss', model.loss(rows, [0, 0, 1, 1]));

module.exports = { LogisticRegression, normalize };
