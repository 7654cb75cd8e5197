// Value-range coverage: every TF.js op that unsafe-division, unsafe-sqrt, exp-overflow and raw-log
// rely on has a modelled range, and that range is sound. Each case declares inputs by their range
// (`tf.randomUniform(shape, lo, hi)`), asks the analyzer for the range of one op on them, then runs
// the same op for real (TF.js CPU backend) on sampled inputs in those ranges, endpoints and 0
// included, and checks that every float32 result lies inside the predicted interval and that a
// result of exactly 0 was predicted as possible. An op the analyzer does not know must come out
// unknown: never a false proof of safety or of failure.

import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import type { ValueRange } from '../src/analysis/types';
import { predictedRange } from './helpers/predicted-range';

type Interval = [number, number];

interface Case {
  /** The ops this case covers (what the rules rely on). */
  ops: string[];
  /** Input ranges, bound to `a`, `b`, ... */
  inputs: Interval[];
  /** Input shape (default [8, 5]). */
  shape?: number[];
  /** The expression the analyzer evaluates, over `a`, `b`, ... */
  expr: string;
  /** The same computation with real tensors. */
  real: (...xs: tf.Tensor[]) => tf.Tensor;
}

const CASES: Case[] = [
  // Elementwise unary ops.
  { ops: ['neg'], inputs: [[-3, 7]], expr: 'tf.neg(a)', real: (a) => tf.neg(a) },
  { ops: ['abs'], inputs: [[-3, 7]], expr: 'a.abs()', real: (a) => tf.abs(a) },
  { ops: ['square'], inputs: [[-3, 7]], expr: 'tf.square(a)', real: (a) => tf.square(a) },
  { ops: ['sqrt'], inputs: [[0, 50]], expr: 'tf.sqrt(a)', real: (a) => tf.sqrt(a) },
  { ops: ['rsqrt'], inputs: [[0, 50]], expr: 'tf.rsqrt(a)', real: (a) => tf.rsqrt(a) },
  { ops: ['reciprocal'], inputs: [[-5, 5]], expr: 'tf.reciprocal(a)', real: (a) => tf.reciprocal(a) },
  { ops: ['reciprocal'], inputs: [[0.5, 5]], expr: 'a.reciprocal()', real: (a) => tf.reciprocal(a) },
  { ops: ['exp'], inputs: [[-200, 100]], expr: 'tf.exp(a)', real: (a) => tf.exp(a) },
  { ops: ['exp'], inputs: [[-5, 80]], expr: 'a.exp()', real: (a) => tf.exp(a) },
  { ops: ['expm1'], inputs: [[-1e-3, 1e-3]], expr: 'tf.expm1(a)', real: (a) => tf.expm1(a) },
  { ops: ['expm1'], inputs: [[-50, 95]], expr: 'tf.expm1(a)', real: (a) => tf.expm1(a) },
  { ops: ['log'], inputs: [[0, 100]], expr: 'tf.log(a)', real: (a) => tf.log(a) },
  { ops: ['log1p'], inputs: [[0, 100]], expr: 'tf.log1p(a)', real: (a) => tf.log1p(a) },
  { ops: ['sigmoid'], inputs: [[-200, 200]], expr: 'tf.sigmoid(a)', real: (a) => tf.sigmoid(a) },
  { ops: ['tanh'], inputs: [[-3, 0.5]], expr: 'tf.tanh(a)', real: (a) => tf.tanh(a) },
  { ops: ['relu'], inputs: [[-3, 7]], expr: 'tf.relu(a)', real: (a) => tf.relu(a) },
  { ops: ['softplus'], inputs: [[-200, 30]], expr: 'tf.softplus(a)', real: (a) => tf.softplus(a) },
  { ops: ['elu'], inputs: [[-30, 3]], expr: 'tf.elu(a)', real: (a) => tf.elu(a) },
  { ops: ['softmax'], inputs: [[-50, 50]], expr: 'tf.softmax(a)', real: (a) => tf.softmax(a) },
  { ops: ['softmax'], inputs: [[0, 1000]], shape: [4, 3], expr: 'a.softmax()', real: (a) => tf.softmax(a) },
  { ops: ['logSoftmax'], inputs: [[-50, 50]], expr: 'tf.logSoftmax(a)', real: (a) => tf.logSoftmax(a) },
  { ops: ['clipByValue'], inputs: [[-30, 30]], expr: 'tf.clipByValue(a, -1, 2)', real: (a) => tf.clipByValue(a, -1, 2) },
  // Elementwise binary ops.
  { ops: ['add'], inputs: [[-3, 7], [0, 1]], expr: 'a.add(b)', real: (a, b) => tf.add(a!, b!) },
  { ops: ['sub'], inputs: [[-3, 7], [-2, 1]], expr: 'tf.sub(a, b)', real: (a, b) => tf.sub(a!, b!) },
  { ops: ['mul'], inputs: [[-3, 7], [-2, 1]], expr: 'tf.mul(a, b)', real: (a, b) => tf.mul(a!, b!) },
  { ops: ['div'], inputs: [[-3, 7], [0.5, 3]], expr: 'tf.div(a, b)', real: (a, b) => tf.div(a!, b!) },
  { ops: ['div'], inputs: [[-3, 7], [-1, 1]], expr: 'a.div(b)', real: (a, b) => tf.div(a!, b!) },
  { ops: ['div'], inputs: [[1, 7], [0, 2]], expr: 'a.div(b)', real: (a, b) => tf.div(a!, b!) },
  { ops: ['divNoNan'], inputs: [[-3, 7], [0, 2]], expr: 'tf.divNoNan(a, b)', real: (a, b) => tf.divNoNan(a!, b!) },
  { ops: ['maximum'], inputs: [[-3, 7], [1e-7, 1e-7]], expr: 'tf.maximum(a, b)', real: (a, b) => tf.maximum(a!, b!) },
  { ops: ['minimum'], inputs: [[-3, 7], [-1, 80]], expr: 'tf.minimum(a, b)', real: (a, b) => tf.minimum(a!, b!) },
  { ops: ['squaredDifference'], inputs: [[-3, 7], [-2, 1]], expr: 'tf.squaredDifference(a, b)', real: (a, b) => tf.squaredDifference(a!, b!) },
  // Reductions and statistics.
  { ops: ['sum'], inputs: [[-3, 7]], expr: 'tf.sum(a, 1, true)', real: (a) => tf.sum(a, 1, true) },
  { ops: ['sum'], inputs: [[0, 7]], expr: 'a.sum()', real: (a) => tf.sum(a) },
  { ops: ['mean'], inputs: [[-3, 7]], expr: 'tf.mean(a, 0)', real: (a) => tf.mean(a, 0) },
  { ops: ['max'], inputs: [[-3, 7]], expr: 'a.max(-1, true)', real: (a) => tf.max(a, -1, true) },
  { ops: ['min'], inputs: [[-3, 7]], expr: 'tf.min(a, 0)', real: (a) => tf.min(a, 0) },
  { ops: ['norm'], inputs: [[-3, 7]], expr: 'tf.norm(a)', real: (a) => tf.norm(a) },
  { ops: ['norm'], inputs: [[0.5, 7]], expr: "tf.norm(a, 'euclidean', -1, true)", real: (a) => tf.norm(a, 'euclidean', -1, true) },
  { ops: ['norm'], inputs: [[-3, 7]], expr: 'tf.norm(a, 1, 0)', real: (a) => tf.norm(a, 1, 0) },
  { ops: ['euclideanNorm'], inputs: [[-3, 7]], expr: 'tf.euclideanNorm(a, 1)', real: (a) => tf.euclideanNorm(a, 1) },
  { ops: ['logSumExp'], inputs: [[-50, 150]], expr: 'tf.logSumExp(a, -1)', real: (a) => tf.logSumExp(a, -1) },
  { ops: ['moments'], inputs: [[-3, 7]], expr: 'tf.moments(a, 0).variance', real: (a) => tf.moments(a, 0).variance },
  { ops: ['moments'], inputs: [[-3, 7]], expr: 'tf.moments(a, 0).mean', real: (a) => tf.moments(a, 0).mean },
  { ops: ['moments', 'sqrt'], inputs: [[2, 2]], expr: 'tf.moments(a, 0).variance.sqrt()', real: (a) => tf.sqrt(tf.moments(a, 0).variance) },
  { ops: ['matMul'], inputs: [[-3, 7], [-1, 2]], shape: [5, 5], expr: 'tf.matMul(a, b)', real: (a, b) => tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D) },
  // Relations the rules rely on: a max-shifted exp is at most 1 and sums to at least 1, a
  // where-guard replaces the zeros, a split keeps the range.
  { ops: ['sub', 'max'], inputs: [[-40, 900]], expr: 'a.sub(a.max(-1, true))', real: (a) => tf.sub(a, tf.max(a, -1, true)) },
  { ops: ['exp', 'sum'], inputs: [[-400, 900]], expr: 'tf.exp(tf.sub(a, tf.max(a, -1, true))).sum(-1, true)', real: (a) => tf.sum(tf.exp(tf.sub(a, tf.max(a, -1, true))), -1, true) },
  { ops: ['where', 'equal'], inputs: [[0, 3]], expr: 'tf.where(tf.equal(a, 0), tf.onesLike(a), a)', real: (a) => tf.where(tf.equal(a, 0), tf.onesLike(a), a) },
  { ops: ['split'], inputs: [[-3, 7]], expr: 'tf.split(a, 5, 1)[2]', real: (a) => tf.split(a, 5, 1)[2]! },
  { ops: ['slice'], inputs: [[-3, 7]], expr: 'a.slice([0, 1], [-1, 2])', real: (a) => tf.slice(a, [0, 1], [-1, 2]) },
];

/** Ops the value-range analysis does not model: their results must be unknown. */
const UNMODELLED = ['tf.cumsum(a)', 'tf.someOpThatDoesNotExist(a)', 'a.cumsum()', 'tf.conv1d(a, b, 1, "same")', 'tf.pow(a, b)'];

let seed = 12345;
function random(): number {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
}

/** Endpoints, 0 when inside, the midpoint, then seeded uniform values; rounded to float32. */
function sample([lo, hi]: Interval, n: number): Float32Array {
  const special = [lo, hi, ...(lo <= 0 && hi >= 0 ? [0] : []), (lo + hi) / 2];
  const values = new Float32Array(n);
  for (let i = 0; i < n; i++) values[i] = Math.fround(i < special.length ? special[i]! : lo + random() * (hi - lo));
  // Keep every value inside the closed interval after rounding.
  return values.map((v) => Math.min(Math.max(v, Math.fround(lo) < lo ? Math.fround(lo + (hi - lo) * 1e-7) : Math.fround(lo)), hi));
}

function program(c: Case, shape: number[]): string {
  const names = ['a', 'b', 'c'];
  return [
    "const tf = require('@tensorflow/tfjs');",
    ...c.inputs.map(([lo, hi], i) => `const ${names[i]} = tf.randomUniform([${shape.join(', ')}], ${lo}, ${hi});`),
    `const result = ${c.expr};`,
  ].join('\n');
}

/** The analyzer's range for the initializer of `const result`. */
function predicted(text: string): ValueRange {
  return predictedRange(text, 'coverage.js');
}

describe('value-range coverage', () => {
  before(async () => {
    await tf.setBackend('cpu');
  });

  for (const c of CASES) {
    it(`${c.ops.join(', ')}: ${c.expr} on ${c.inputs.map(([lo, hi]) => `[${lo}, ${hi}]`).join(' x ')}`, () => {
      const shape = c.shape ?? [8, 5];
      const r = predicted(program(c, shape));
      assert.equal(r.unknown, false, `${c.expr} is not modelled (unknown range)`);
      const n = shape.reduce((x, y) => x * y, 1);
      for (let trial = 0; trial < 8; trial++) {
        const inputs = c.inputs.map((interval) => tf.tensor(sample(interval, n), shape));
        const out = c.real(...inputs);
        const values = out.dataSync();
        tf.dispose([...inputs, out]);
        const lo = Math.fround(r.lo);
        const hi = Math.fround(r.hi);
        for (const v of values) {
          if (Number.isNaN(v)) continue;
          assert.ok(v >= lo && v <= hi, `${c.expr}: real value ${v} outside the predicted [${r.lo}, ${r.hi}]`);
          if (v === 0) assert.ok(r.mayBeZero, `${c.expr}: a real 0, but the prediction says it cannot be 0`);
        }
      }
    });
  }

  it('the backend epsilon lies in the predicted range', () => {
    const r = predicted("const tf = require('@tensorflow/tfjs');\nconst result = tf.scalar(1).mul(tf.backend().epsilon());");
    const product = tf.mul(tf.scalar(1), tf.backend().epsilon());
    const eps = product.dataSync()[0]!;
    product.dispose();
    assert.ok(eps >= r.lo && eps <= r.hi && !r.mayBeZero, `epsilon ${eps} outside [${r.lo}, ${r.hi}]`);
  });

  for (const expr of UNMODELLED) {
    it(`an op the analysis does not model is unknown: ${expr}`, () => {
      const text = `const tf = require('@tensorflow/tfjs');\nconst a = tf.randomUniform([8, 5], 1, 2);\nconst b = tf.randomUniform([3, 5, 5], 1, 2);\nconst result = ${expr};`;
      const r = predicted(text);
      assert.equal(r.unknown, true, `${expr} has a range the analysis cannot know: [${r.lo}, ${r.hi}]`);
      assert.equal(r.provenZero, false);
      assert.equal(r.provenNegative, false);
    });
  }

  it('an op on data from I/O stays unknown through modelled ops', () => {
    const r = predicted("const tf = require('@tensorflow/tfjs');\nconst rows = JSON.parse(process.argv[2]);\nconst result = tf.exp(tf.tensor2d(rows)).add(1);");
    assert.equal(r.unknown, true);
  });
});
