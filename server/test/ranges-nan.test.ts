// NaN facts of the value-range analysis: which data can hold NaN (mayBeNaN), which certainly does
// (provenNaN), and which program checks clear it. Every case that runs without I/O is also run for
// real (TF.js CPU backend): real NaN must have been predicted as possible, and a proven NaN must
// really be there.

import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as R from '../src/analysis/ranges';
import type { ValueRange } from '../src/analysis/types';
import { predictedRange } from './helpers/predicted-range';

interface Case {
  name: string;
  /** Statements ending in `const result = <tensor>;` (tf is in scope; function-form ops only, for the real run). */
  code: string;
  nan: 'none' | 'possible' | 'proven';
  /** The code needs I/O, so it is not run for real. */
  io?: boolean;
}

const CASES: Case[] = [
  { name: 'literal NaN element', code: 'const result = tf.tensor2d([[1, NaN], [2, 3]]);', nan: 'proven' },
  { name: 'Number.NaN element', code: 'const result = tf.tensor1d([1, Number.NaN]);', nan: 'proven' },
  { name: 'literal data without NaN', code: 'const result = tf.div(tf.tensor2d([[1, 2], [3, 4]]), tf.scalar(10));', nan: 'none' },
  { name: '0 / 0 in the data', code: 'const result = tf.tensor1d([0 / 0, 1]);', nan: 'proven' },
  { name: 'parseFloat of numeric literal strings', code: "const result = tf.tensor1d(['1.5', '2'].map(parseFloat));", nan: 'none' },
  { name: 'parseFloat of an empty field', code: "const result = tf.tensor1d(['1', '', '3'].map((s) => Number.parseFloat(s)));", nan: 'proven' },
  { name: "Number('') is 0, not NaN", code: "const result = tf.tensor1d(['1', '', '3'].map(Number));", nan: 'none' },
  { name: 'map(parseInt) passes the index as radix', code: "const result = tf.tensor1d(['1', '2', '3'].map(parseInt));", nan: 'proven' },
  { name: 'unary plus of non-numeric text', code: "const result = tf.tensor1d([+'abc', 1]);", nan: 'proven' },
  { name: '|| 0 replaces NaN', code: "const result = tf.tensor1d(['1', 'x'].map((s) => parseFloat(s) || 0));", nan: 'none' },
  { name: '?? 0 keeps NaN', code: "const result = tf.tensor1d(['1', 'x'].map((s) => parseFloat(s) ?? 0));", nan: 'proven' },
  { name: 'isNaN test in a conditional', code: "const result = tf.tensor1d(['1', 'x'].map((s) => (Number.isNaN(parseFloat(s)) ? 0 : parseFloat(s))));", nan: 'none' },
  { name: 'z-scored data keeps NaN', code: 'const x = tf.tensor2d([[1, 2], [NaN, 4], [5, 7]]);\nconst { mean, variance } = tf.moments(x, 0);\nconst result = tf.div(tf.sub(x, mean), tf.add(tf.sqrt(variance), 1e-7));', nan: 'proven' },
  { name: 'tf.isNaN is a test, never NaN', code: 'const result = tf.isNaN(tf.tensor1d([1, NaN]));', nan: 'none' },
  {
    name: 'inline CSV with an empty field',
    code: [
      'const CSV = `a,b\n1,2\n,4\n5,6`;',
      "const [header, ...lines] = CSV.trim().split('\\n');",
      "const names = header.split(',');",
      "const rows = lines.map((line) => { const cells = line.split(','); return Object.fromEntries(names.map((n, i) => [n, parseFloat(cells[i])])); });",
      'const result = tf.tensor2d(rows.map((r) => [r.a / 10, r.b / 10]));',
    ].join('\n'),
    nan: 'proven',
  },
  {
    name: 'inline CSV without gaps',
    code: [
      'const CSV = `a,b\n1,2\n3,4\n5,6`;',
      "const [header, ...lines] = CSV.trim().split('\\n');",
      "const names = header.split(',');",
      "const rows = lines.map((line) => { const cells = line.split(','); return Object.fromEntries(names.map((n, i) => [n, parseFloat(cells[i])])); });",
      'const result = tf.tensor2d(rows.map((r) => [r.a / 10, r.b / 10]));',
    ].join('\n'),
    nan: 'none',
  },
  {
    name: 'rows pushed in a loop from literal text',
    code: "const rows = [];\nfor (const line of `1,2\n3,x`.split('\\n')) { const [a, b] = line.split(','); rows.push([Number(a), Number(b)]); }\nconst result = tf.tensor2d(rows);",
    nan: 'possible',
  },
  { name: 'Math of a NaN-capable number', code: "const text = require('fs').readFileSync('a.csv', 'utf8');\nconst result = tf.tensor1d(text.split(',').map((s) => Math.max(parseFloat(s), 0)));", nan: 'possible', io: true },
  { name: 'text from a file', code: "const text = require('fs').readFileSync('a.csv', 'utf8');\nconst result = tf.tensor1d(text.split(',').map(Number));", nan: 'possible', io: true },
  { name: 'filtered with Number.isNaN', code: "const text = require('fs').readFileSync('a.csv', 'utf8');\nconst result = tf.tensor1d(text.split(',').map(Number).filter((v) => !Number.isNaN(v)));", nan: 'none', io: true },
  { name: 'filtered with Number.isFinite reference', code: "const text = require('fs').readFileSync('a.csv', 'utf8');\nconst result = tf.tensor1d(text.split(',').map(parseFloat).filter(Number.isFinite));", nan: 'none', io: true },
  { name: 'checked variable', code: "const text = require('fs').readFileSync('a.csv', 'utf8');\nconst values = text.split(',').map(Number);\nif (values.some(Number.isNaN)) throw new Error('bad data');\nconst result = tf.tensor1d(values);", nan: 'none', io: true },
  { name: 'fetched body', code: "async function f() { const body = await (await fetch('u')).text(); const result = tf.tensor1d(body.split('\\n').map(Number)); }", nan: 'possible', io: true },
  { name: 'numbers formatted and parsed back', code: 'const n = Math.random() * 10;\nconst result = tf.tensor1d([parseFloat(n.toFixed(2))]);', nan: 'none' },
  { name: 'JSON values are not text', code: "const data = JSON.parse(require('fs').readFileSync('a.json', 'utf8'));\nconst result = tf.tensor1d(data.map((d) => Number(d.x)));", nan: 'none', io: true },
];

function predicted(code: string): ValueRange {
  return predictedRange(`const tf = require('@tensorflow/tfjs');\n${code}`, 'nan.js');
}

function realHasNaN(code: string): boolean {
  const run = new Function('tf', `${code}\nreturn result;`) as (t: typeof tf) => tf.Tensor;
  const result = run(tf);
  return Array.from(result.dataSync()).some((v) => Number.isNaN(v));
}

describe('NaN facts of the value analysis', () => {
  before(async () => {
    await tf.setBackend('cpu');
  });
  for (const c of CASES) {
    it(c.name, () => {
      const r = predicted(c.code);
      const got = r.provenNaN ? 'proven' : r.mayBeNaN ? 'possible' : 'none';
      assert.equal(got, c.nan, `predicted ${got} for:\n${c.code}`);
      if (r.mayBeNaN) assert.ok(r.nanOrigin, 'a NaN fact names where the NaN comes from');
      if (!c.io) {
        const real = realHasNaN(c.code);
        if (real) assert.ok(r.mayBeNaN, 'real NaN was not predicted');
        if (r.provenNaN) assert.ok(real, 'a proven NaN is not in the real result');
      }
    });
  }
});

describe('NaN facts of range arithmetic', () => {
  const nan: ValueRange = { ...R.range(0, 1), mayBeNaN: true, nanOrigin: { span: { start: 3, end: 6 }, description: 'x' } };
  const proven: ValueRange = { ...nan, provenNaN: true };
  it('every arithmetic op carries NaN from either operand', () => {
    for (const f of [R.add, R.sub, R.mul, R.div, R.maximum, R.minimum]) {
      assert.equal(f(nan, R.range(1, 2)).mayBeNaN, true);
      assert.equal(f(R.range(1, 2), nan).mayBeNaN, true);
      assert.equal(f(R.range(1, 2), R.range(3, 4)).mayBeNaN, undefined);
      assert.equal(f(proven, R.range(1, 2)).provenNaN, true);
      assert.deepEqual(f(nan, R.range(1, 2)).nanOrigin, nan.nanOrigin);
    }
  });
  it('unary ops carry NaN', () => {
    for (const f of [R.abs, R.square, R.sqrt, R.exp, R.expm1, R.log, R.sigmoid, R.tanh, R.relu, (r: ValueRange) => R.clip(r, 0, 1), (r: ValueRange) => R.softmax(r, 3)]) {
      assert.equal(f(nan).mayBeNaN, true);
    }
  });
  it('join keeps possible NaN; proven only when both are', () => {
    assert.equal(R.join(nan, R.range(5, 6)).mayBeNaN, true);
    assert.equal(R.join(proven, R.range(5, 6)).provenNaN, undefined);
    assert.equal(R.join(proven, proven).provenNaN, true);
  });
  it('exact(NaN) is a proven NaN; withoutNaN clears the facts', () => {
    assert.equal(R.exact(NaN).provenNaN, true);
    const cleared = R.withoutNaN(proven);
    assert.equal(cleared.mayBeNaN, undefined);
    assert.equal(cleared.provenNaN, undefined);
    assert.equal(cleared.nanOrigin, undefined);
  });
});
