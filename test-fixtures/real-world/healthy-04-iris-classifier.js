// tfjs-examples/iris: raw iris measurements (cm), a sigmoid hidden layer, softmax output,
// categorical cross-entropy and Adam at 0.01. The raw features stay within 0.1-7.9, which a
// sigmoid layer handles fine.
// truth: finite (40 epochs)
// expect: clean
const tf = require('@tensorflow/tfjs');

const IRIS_CLASSES = ['Iris-setosa', 'Iris-versicolor', 'Iris-virginica'];
// [sepal length, sepal width, petal length, petal width, class]
const IRIS_DATA = [
  [5.1, 3.5, 1.4, 0.2, 0], [4.9, 3.0, 1.4, 0.2, 0], [4.7, 3.2, 1.3, 0.2, 0], [4.6, 3.1, 1.5, 0.2, 0],
  [5.0, 3.6, 1.4, 0.2, 0], [5.4, 3.9, 1.7, 0.4, 0], [4.6, 3.4, 1.4, 0.3, 0], [5.0, 3.4, 1.5, 0.2, 0],
  [4.4, 2.9, 1.4, 0.2, 0], [4.9, 3.1, 1.5, 0.1, 0], [5.4, 3.7, 1.5, 0.2, 0], [4.8, 3.4, 1.6, 0.2, 0],
  [7.0, 3.2, 4.7, 1.4, 1], [6.4, 3.2, 4.5, 1.5, 1], [6.9, 3.1, 4.9, 1.5, 1], [5.5, 2.3, 4.0, 1.3, 1],
  [6.5, 2.8, 4.6, 1.5, 1], [5.7, 2.8, 4.5, 1.3, 1], [6.3, 3.3, 4.7, 1.6, 1], [4.9, 2.4, 3.3, 1.0, 1],
  [6.6, 2.9, 4.6, 1.3, 1], [5.2, 2.7, 3.9, 1.4, 1], [5.0, 2.0, 3.5, 1.0, 1], [5.9, 3.0, 4.2, 1.5, 1],
  [6.3, 3.3, 6.0, 2.5, 2], [5.8, 2.7, 5.1, 1.9, 2], [7.1, 3.0, 5.9, 2.1, 2], [6.3, 2.9, 5.6, 1.8, 2],
  [6.5, 3.0, 5.8, 2.2, 2], [7.6, 3.0, 6.6, 2.1, 2], [4.9, 2.5, 4.5, 1.7, 2], [7.3, 2.9, 6.3, 1.8, 2],
  [6.7, 2.5, 5.8, 1.8, 2], [7.2, 3.6, 6.1, 2.5, 2], [6.5, 3.2, 5.1, 2.0, 2], [7.9, 3.8, 6.4, 2.0, 2],
];

function convertToTensors(data, targets) {
  const numExamples = data.length;
  const xs = tf.tensor2d(data, [numExamples, 4]);
  const ys = tf.oneHot(tf.tensor1d(targets).toInt(), IRIS_CLASSES.length);
  return [xs, ys];
}

function getIrisData() {
  const features = IRIS_DATA.map((row) => row.slice(0, 4));
  const targets = IRIS_DATA.map((row) => row[4]);
  return convertToTensors(features, targets);
}

async function trainModel(xTrain, yTrain) {
  const model = tf.sequential();
  model.add(tf.layers.dense({ units: 10, activation: 'sigmoid', inputShape: [xTrain.shape[1]] }));
  model.add(tf.layers.dense({ units: 3, activation: 'softmax' }));
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  await model.fit(xTrain, yTrain, { epochs: 40, batchSize: 8, shuffle: true, verbose: 0 });
  return model;
}

async function main() {
  const [xs, ys] = getIrisData();
  const model = await trainModel(xs, ys);
  const input = tf.tensor2d([[5.8, 2.7, 4.1, 1.0]]);
  const probs = model.predict(input);
  const winner = IRIS_CLASSES[probs.argMax(-1).dataSync()[0]];
  console.log(`prediction for a new flower: ${winner}`);
}

main();
