// Temperature conversion (Celsius -> Fahrenheit) learned with a custom loop. The author expected
// tf.train.sgd() to have a default learning rate like the 'sgd' string; it has none, the rate is
// undefined, and the first update writes NaN into both variables.
// truth: nan at step 1 (the weights are NaN after the first update; 30 steps)
// cause: missing-learning-rate at line 20: tf.train.sgd() called without a learning rate
// expect: missing-learning-rate
const tf = require('@tensorflow/tfjs');

const celsius = [-40, -10, 0, 8, 15, 22, 38].map((c) => c / 40);
const fahrenheit = [-40, 14, 32, 46, 59, 72, 100].map((f) => f / 100);

const xs = tf.tensor1d(celsius);
const ys = tf.tensor1d(fahrenheit);
const w = tf.variable(tf.scalar(0.1), true, 'w');
const b = tf.variable(tf.scalar(0), true, 'b');

const model = (x) => x.mul(w).add(b);
const mse = (pred, label) => pred.sub(label).square().mean();

const optimizer = tf.train.sgd();

async function train(iterations) {
  for (let i = 0; i < iterations; i++) {
    const loss = tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => mse(model(xs), ys));
      optimizer.applyGradients(grads);
      return value;
    });
    if (i % 10 === 0) console.log(`iteration ${i}: loss ${(await loss.data())[0]}`);
    loss.dispose();
  }
}

train(30).then(() => {
  const f = model(tf.scalar(100 / 40)).mul(100);
  console.log(`100 C = ${f.dataSync()[0].toFixed(1)} F`);
});
