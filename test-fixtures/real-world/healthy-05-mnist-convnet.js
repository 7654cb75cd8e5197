// tfjs-examples/mnist-node style convnet on 64 synthetic 28x28 "digit" images: pixels 0-255
// divided by 255, conv2d + maxPooling2d + dense softmax, rmsprop, categorical cross-entropy.
// truth: finite (3 epochs)
// expect: clean
const tf = require('@tensorflow/tfjs');

const IMAGE_SIZE = 28;
const NUM_CLASSES = 10;

// Fake digits: class k draws a bright bar at row 2k+4 plus seeded speckle noise.
function loadImages(count, seed) {
  let s = seed;
  const next = () => ((s = (s * 16807) % 2147483647) / 2147483647);
  const pixels = new Uint8Array(count * IMAGE_SIZE * IMAGE_SIZE);
  const labels = new Int32Array(count);
  for (let n = 0; n < count; n++) {
    const label = n % NUM_CLASSES;
    labels[n] = label;
    for (let r = 0; r < IMAGE_SIZE; r++) {
      for (let c = 0; c < IMAGE_SIZE; c++) {
        const bar = r >= 2 * label + 4 && r < 2 * label + 7 && c > 4 && c < 24;
        pixels[(n * IMAGE_SIZE + r) * IMAGE_SIZE + c] = bar ? 200 + Math.floor(next() * 55) : Math.floor(next() * 30);
      }
    }
  }
  return { pixels, labels };
}

function toTensors({ pixels, labels }) {
  const images = tf.tensor4d(Float32Array.from(pixels), [labels.length, IMAGE_SIZE, IMAGE_SIZE, 1]).div(255);
  const oneHot = tf.oneHot(tf.tensor1d(labels, 'int32'), NUM_CLASSES);
  return { images, labels: oneHot };
}

function createModel() {
  const model = tf.sequential();
  model.add(tf.layers.conv2d({ inputShape: [IMAGE_SIZE, IMAGE_SIZE, 1], filters: 8, kernelSize: 3, activation: 'relu' }));
  model.add(tf.layers.maxPooling2d({ poolSize: [2, 2] }));
  model.add(tf.layers.conv2d({ filters: 16, kernelSize: 3, activation: 'relu' }));
  model.add(tf.layers.maxPooling2d({ poolSize: [2, 2] }));
  model.add(tf.layers.flatten());
  model.add(tf.layers.dropout({ rate: 0.25 }));
  model.add(tf.layers.dense({ units: 64, activation: 'relu' }));
  model.add(tf.layers.dense({ units: NUM_CLASSES, activation: 'softmax' }));
  model.compile({ optimizer: 'rmsprop', loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

async function run() {
  const { images, labels } = toTensors(loadImages(64, 12345));
  const model = createModel();
  await model.fit(images, labels, {
    epochs: 3,
    batchSize: 16,
    validationSplit: 0.15,
    verbose: 0,
  });
  const test = toTensors(loadImages(20, 999));
  const evalOutput = model.evaluate(test.images, test.labels);
  console.log(`test loss ${evalOutput[0].dataSync()[0].toFixed(3)}, accuracy ${evalOutput[1].dataSync()[0].toFixed(3)}`);
}

run();
