// The TF.js "getting started" model: one dense unit learns y = 2x - 1 from six points, trained
// with the 'sgd' string optimizer (learning rate 0.01) and then asked for a prediction.
// truth: finite (250 epochs)
// expect: clean
const tf = require('@tensorflow/tfjs');

const xs = tf.tensor2d([-1, 0, 1, 2, 3, 4], [6, 1]);
const ys = tf.tensor2d([-3, -1, 1, 3, 5, 7], [6, 1]);

function buildModel() {
  const model = tf.sequential();
  model.add(tf.layers.dense({ units: 1, inputShape: [1] }));
  model.compile({ loss: 'meanSquaredError', optimizer: 'sgd' });
  return model;
}

async function run() {
  const model = buildModel();
  const history = await model.fit(xs, ys, {
    epochs: 250,
    verbose: 0,
    callbacks: {
      onEpochEnd: async (epoch, logs) => {
        if ((epoch + 1) % 50 === 0) console.log(`epoch ${epoch + 1}: loss ${logs.loss.toFixed(5)}`);
      },
    },
  });
  const finalLoss = history.history.loss[history.history.loss.length - 1];
  const prediction = model.predict(tf.tensor2d([10], [1, 1]));
  console.log(`final loss ${finalLoss.toFixed(5)}, f(10) = ${prediction.dataSync()[0].toFixed(3)} (expected 19)`);
  prediction.dispose();
}

run().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
