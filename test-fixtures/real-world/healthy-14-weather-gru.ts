// tfjs-examples/jena-weather style: windows of hourly temperature, pressure and humidity,
// normalized with the training statistics, a GRU and mean absolute error with RMSProp.
// truth: finite (4 epochs)
// expect: clean
import * as tf from '@tensorflow/tfjs';

const LOOKBACK = 24;
const NUM_FEATURES = 3;

/** Hourly readings: temperature (deg C), pressure (mbar), relative humidity (%). */
function weatherSeries(hours: number): number[][] {
  let seed = 8;
  const noise = () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5);
  const series: number[][] = [];
  for (let h = 0; h < hours; h++) {
    const daily = Math.sin((2 * Math.PI * h) / 24);
    series.push([12 + 8 * daily + 2 * noise(), 1013 + 6 * Math.cos(h / 50) + noise(), 65 - 20 * daily + 5 * noise()]);
  }
  return series;
}

function normalize(series: number[][]): { data: number[][]; mean: number[]; std: number[] } {
  const mean = Array.from({ length: NUM_FEATURES }, (_, j) => series.reduce((s, r) => s + r[j], 0) / series.length);
  const std = Array.from({ length: NUM_FEATURES }, (_, j) =>
    Math.sqrt(series.reduce((s, r) => s + (r[j] - mean[j]) ** 2, 0) / series.length),
  );
  return { data: series.map((r) => r.map((v, j) => (v - mean[j]) / std[j])), mean, std };
}

function windows(data: number[][], count: number): { xs: tf.Tensor3D; ys: tf.Tensor2D } {
  const inputs: number[][][] = [];
  const targets: number[][] = [];
  for (let start = 0; start < count; start++) {
    inputs.push(data.slice(start, start + LOOKBACK));
    targets.push([data[start + LOOKBACK][0]]); // next hour's normalized temperature
  }
  return { xs: tf.tensor3d(inputs), ys: tf.tensor2d(targets) };
}

function buildGRUModel(): tf.LayersModel {
  const model = tf.sequential();
  model.add(tf.layers.gru({ units: 16, inputShape: [LOOKBACK, NUM_FEATURES] }));
  model.add(tf.layers.dense({ units: 1 }));
  model.compile({ loss: 'meanAbsoluteError', optimizer: tf.train.rmsprop(0.002) });
  return model;
}

async function main(): Promise<void> {
  const { data } = normalize(weatherSeries(400));
  const { xs, ys } = windows(data, 256);
  const model = buildGRUModel();
  await model.fit(xs, ys, {
    epochs: 4,
    batchSize: 64,
    verbose: 0,
    callbacks: [new tf.CustomCallback({ onEpochEnd: async (epoch, logs) => console.log(`epoch ${epoch + 1} mae ${logs?.loss.toFixed(4)}`) })],
  });
}

main();
