// Anomaly detection on vibration-sensor readings: min-max scaled into [0, 1] with fixed sensor
// limits, a dense autoencoder with a sigmoid output, MSE, Adam; anomalies get a high
// reconstruction error from model.predict.
// truth: finite (15 epochs)
// expect: clean
const tf = require('@tensorflow/tfjs');

// Sensor datasheet limits: rpm 0-6000, temperature 0-120 C, vibration 0-50 mm/s, current 0-30 A.
const SENSOR_MIN = [0, 0, 0, 0];
const SENSOR_MAX = [6000, 120, 50, 30];

function readings(n, anomalous) {
  let s = anomalous ? 5 : 3;
  const r = () => ((s = (s * 48271) % 2147483647) / 2147483647);
  return Array.from({ length: n }, () => {
    const rpm = 2800 + r() * 400;
    const temp = 55 + r() * 10 + (anomalous ? 40 : 0);
    const vib = 4 + r() * 2 + (anomalous ? 30 : 0);
    const amps = 11 + r() * 2;
    return [rpm, temp, vib, amps];
  });
}

const scale = (rows) =>
  tf.tidy(() => tf.tensor2d(rows).sub(tf.tensor1d(SENSOR_MIN)).div(tf.tensor1d(SENSOR_MAX).sub(tf.tensor1d(SENSOR_MIN))));

function autoencoder() {
  const input = tf.input({ shape: [4] });
  const encoded = tf.layers.dense({ units: 3, activation: 'relu' }).apply(input);
  const bottleneck = tf.layers.dense({ units: 2, activation: 'relu' }).apply(encoded);
  const decoded = tf.layers.dense({ units: 3, activation: 'relu' }).apply(bottleneck);
  const output = tf.layers.dense({ units: 4, activation: 'sigmoid' }).apply(decoded);
  const model = tf.model({ inputs: input, outputs: output });
  model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
  return model;
}

async function main() {
  const normal = scale(readings(300, false));
  const model = autoencoder();
  await model.fit(normal, normal, { epochs: 15, batchSize: 30, verbose: 0 });

  const suspects = scale([...readings(3, false), ...readings(3, true)]);
  const errors = tf.tidy(() => model.predict(suspects).sub(suspects).square().mean(1));
  console.log('reconstruction errors:', Array.from(errors.dataSync()).map((e) => e.toFixed(4)).join(', '));
}

main();
