// Preload for the probe benchmark's floor: `node --import ./bench/probe-floor.mjs <seed.cjs>` runs a
// seed program as a plain script on the same WASM backend the probe uses, silences its output, and
// writes to $NANSCOPE_FLOOR_OUT how long its training took (the sum of model.fit / optimizer.minimize
// calls) and when the process finished (ms since start). Nothing else of the program changes.
// With NANSCOPE_FLOOR_REPEAT=n the program then runs n more times in the same process, and the last
// run's training time is the warm floor (JIT and kernels warm, as in a kept-warm probe worker).

import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';

const script = path.resolve(process.argv[1] ?? '.');
const require = createRequire(script);
const tf = require('@tensorflow/tfjs');
require('@tensorflow/tfjs-backend-wasm');
await tf.setBackend('wasm');

let trainMs = 0;
let calls = 0;
const fit = tf.LayersModel.prototype.fit;
tf.LayersModel.prototype.fit = async function timedFit(...args) {
  const started = performance.now();
  try {
    return await fit.apply(this, args);
  } finally {
    trainMs += performance.now() - started;
    calls++;
  }
};
const minimize = tf.Optimizer.prototype.minimize;
tf.Optimizer.prototype.minimize = function timedMinimize(...args) {
  const started = performance.now();
  try {
    return minimize.apply(this, args);
  } finally {
    trainMs += performance.now() - started;
    calls++;
  }
};
for (const method of ['log', 'info', 'warn', 'error', 'debug']) console[method] = () => undefined;

let coldTrainMs = null;
let exitMs = null;
let repeats = Number(process.env.NANSCOPE_FLOOR_REPEAT || 0);
process.on('beforeExit', () => {
  if (repeats <= 0) return;
  repeats--;
  if (coldTrainMs === null) {
    coldTrainMs = trainMs;
    exitMs = performance.now();
  }
  trainMs = 0;
  delete require.cache[script];
  require(script);
});

process.on('exit', () => {
  const out = process.env.NANSCOPE_FLOOR_OUT;
  const result = coldTrainMs === null
    ? { trainMs, warmTrainMs: null, calls, exitMs: performance.now(), backend: tf.getBackend() }
    : { trainMs: coldTrainMs, warmTrainMs: trainMs, calls, exitMs, backend: tf.getBackend() };
  if (out) writeFileSync(out, JSON.stringify(result));
});
