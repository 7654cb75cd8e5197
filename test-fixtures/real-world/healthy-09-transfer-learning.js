// Transfer learning as in tfjs-examples/webcam-transfer-learning: a frozen "pretrained" convnet
// truncated at an intermediate layer gives embeddings, and a small head (flatten, dense relu,
// dense softmax) is trained on them with Adam at 0.0001.
// truth: finite (8 epochs)
// expect: clean
const tf = require('@tensorflow/tfjs');

const NUM_CLASSES = 4;
const IMG = 32;

// Stands in for tf.loadLayersModel(MOBILENET_URL): there is no network here.
function loadTruncatedBase() {
  const base = tf.sequential();
  base.add(tf.layers.conv2d({ inputShape: [IMG, IMG, 3], filters: 8, kernelSize: 3, strides: 2, activation: 'relu' }));
  base.add(tf.layers.conv2d({ filters: 16, kernelSize: 3, strides: 2, activation: 'relu', name: 'conv_pw_13_relu' }));
  base.add(tf.layers.globalAveragePooling2d({}));
  base.add(tf.layers.dense({ units: 1000, activation: 'softmax' }));
  const layer = base.getLayer('conv_pw_13_relu');
  const truncated = tf.model({ inputs: base.inputs, outputs: layer.output });
  truncated.layers.forEach((l) => {
    l.trainable = false;
  });
  return truncated;
}

// Webcam frames: RGB 0-255, normalized to [-1, 1] the way MobileNet expects.
function captureFrames(count) {
  let seed = 99;
  const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  const labels = [];
  const frames = [];
  for (let i = 0; i < count; i++) {
    const label = i % NUM_CLASSES;
    labels.push(label);
    const frame = new Float32Array(IMG * IMG * 3);
    for (let p = 0; p < frame.length; p++) frame[p] = (p % 3 === label % 3 ? 150 : 40) + Math.floor(rand() * 100);
    frames.push(frame);
  }
  const images = tf.tidy(() => tf.tensor4d(Float32Array.from(frames.flatMap((f) => Array.from(f))), [count, IMG, IMG, 3]).div(127.5).sub(1));
  return { images, labels: tf.oneHot(tf.tensor1d(labels, 'int32'), NUM_CLASSES) };
}

async function train() {
  const truncated = loadTruncatedBase();
  const { images, labels } = captureFrames(48);
  const embeddings = truncated.predict(images);

  const head = tf.sequential({
    layers: [
      tf.layers.flatten({ inputShape: truncated.outputs[0].shape.slice(1) }),
      tf.layers.dense({ units: 100, activation: 'relu', kernelInitializer: 'varianceScaling', useBias: true }),
      tf.layers.dense({ units: NUM_CLASSES, kernelInitializer: 'varianceScaling', useBias: false, activation: 'softmax' }),
    ],
  });
  head.compile({ optimizer: tf.train.adam(0.0001), loss: 'categoricalCrossentropy' });
  await head.fit(embeddings, labels, {
    batchSize: 12,
    epochs: 8,
    verbose: 0,
    callbacks: { onBatchEnd: async () => tf.nextFrame() },
  });

  const predicted = head.predict(truncated.predict(images.slice([0], [4]))).argMax(-1);
  console.log('predicted classes for the first frames:', Array.from(predicted.dataSync()));
}

train();
