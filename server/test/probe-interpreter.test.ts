// The reconstruct probe's interpreter: it evaluates the small subset of JavaScript that custom
// losses, custom gradients and data preparation are written in, and refuses everything else with
// the line it stopped at. The refusals are the security boundary (reconstruct mode never runs
// workspace code), so each one is a test. A fake TF.js namespace keeps this hermetic.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { InterpretError, Interpreter, type InterpreterHost } from '../src/probe/interpreter';

class FakeTensor {
  constructor(readonly values: number[]) {}
  get shape(): number[] {
    return [this.values.length];
  }
  add(other: FakeTensor | number): FakeTensor {
    return new FakeTensor(this.values.map((v, i) => v + (typeof other === 'number' ? other : (other.values[i] ?? 0))));
  }
  sub(other: FakeTensor | number): FakeTensor {
    return new FakeTensor(this.values.map((v, i) => v - (typeof other === 'number' ? other : (other.values[i] ?? 0))));
  }
  data(): Promise<number[]> {
    return Promise.resolve(this.values);
  }
  print(): void {
    throw new Error('print must not run');
  }
}

function op<T extends (...args: never[]) => unknown>(name: string, fn: T): T {
  Object.defineProperty(fn, 'name', { value: `${name}__op` });
  return fn;
}

interface Recorded {
  calls: { line: number; label: string }[];
  seeds: unknown[];
  variables: unknown[];
}

function fakeTf(recorded: Recorded): Record<string, unknown> {
  return {
    tensor1d: (values: number[]) => new FakeTensor(values),
    scalar: (value: number) => new FakeTensor([value]),
    log: op('log', (t: FakeTensor) => new FakeTensor(t.values.map(Math.log))),
    add: op('add', (a: FakeTensor, b: FakeTensor) => a.add(b)),
    mean: op('mean', (t: FakeTensor) => new FakeTensor([t.values.reduce((s, v) => s + v, 0) / t.values.length])),
    moments: op('moments', (t: FakeTensor) => ({ mean: new FakeTensor([1]), variance: new FakeTensor([t.values.length]) })),
    randomUniform: op('randomUniform', (...args: unknown[]) => {
      recorded.seeds.push(args[4]);
      return new FakeTensor([0.5]);
    }),
    variable: (t: FakeTensor) => t,
    tidy: (fn: () => unknown) => fn(),
    customGrad: (f: (...args: unknown[]) => { value: unknown; gradFunc: (...a: unknown[]) => unknown }) => (x: unknown) => {
      const saved: unknown[] = [];
      const out = f(x, (s: unknown[]) => saved.push(...s));
      return { value: out.value, grad: out.gradFunc(new FakeTensor([1]), saved) };
    },
    setBackend: (name: string) => name,
    engine: () => ({}),
    io: { browserFiles: op('browserFiles', () => 'files') },
    util: { shuffle: (a: unknown[]) => a },
    train: { sgd: (lr: number) => ({ lr }) },
    losses: { logLoss: op('logLoss', (a: FakeTensor) => a) },
  };
}

function setup(text: string, seed = 7): { interpreter: Interpreter; recorded: Recorded } {
  const recorded: Recorded = { calls: [], seeds: [], variables: [] };
  const host: InterpreterHost = {
    tf: fakeTf(recorded),
    isTensor: (v) => v instanceof FakeTensor,
    enterCall: (line, label) => recorded.calls.push({ line, label }),
    exitCall: () => undefined,
    onVariable: (v) => recorded.variables.push(v),
    seed,
  };
  return { interpreter: new Interpreter(text, 'train.js', host), recorded };
}

/** Evaluates `expr`, found in `text` after `after` (the last occurrence by default). */
function evaluate(text: string, expr: string, seed?: number): unknown {
  const start = text.lastIndexOf(expr);
  assert.ok(start >= 0, `expression not found: ${expr}`);
  return setup(text, seed).interpreter.evaluateAt(start, start + expr.length);
}

function refuses(text: string, expr: string, line: number, message?: RegExp): void {
  assert.throws(
    () => evaluate(text, expr),
    (error: unknown) => {
      assert.ok(error instanceof InterpretError, `expected an InterpretError, got ${String(error)}`);
      assert.equal(error.line, line, error.message);
      if (message) assert.match(error.message, message);
      return true;
    },
  );
}

const HEADER = "const tf = require('@tensorflow/tfjs');\n";

describe('probe interpreter: what it evaluates', () => {
  test('a loop counter the step reads keeps its first value, and the interpreter says so', () => {
    const text = `${HEADER}const rows = [1, 2, 3, 4];
const batchSize = 2;
for (let epoch = 0; epoch < 3; epoch++) {
  for (let start = 0; start < 4; start += batchSize) {
    const batch = tf.tensor1d(rows.slice(start, start + batchSize));
    batch;
  }
}`;
    const { interpreter } = setup(text);
    const at = text.lastIndexOf('batch;');
    const value = interpreter.evaluateAt(at, at + 'batch'.length) as FakeTensor;
    assert.deepEqual(value.values, [1, 2]);
    assert.equal(interpreter.notes.length, 1);
    assert.match(interpreter.notes[0] ?? '', /`start`, the counter of the loop at line 5, keeps its first value \(0\)/);
  });

  test('consts, arithmetic, destructuring, arrow and function bodies, TF.js ops and tensor methods', () => {
    const text = `${HEADER}const EPS = 1e-7 * 2;
const [a, , b = 3] = [1, 2];
const { mean, variance } = tf.moments(tf.tensor1d([1, 2, 3]), 0);
function standardize(t, { offset } = { offset: 0 }) {
  const centered = t.sub(mean);
  if (offset > 0) {
    return centered.add(offset);
  }
  return tf.add(centered, variance).add(EPS + a + b);
}
const X = standardize(tf.tensor1d([1, 5]));
X;`;
    const value = evaluate(text, 'X') as FakeTensor;
    assert.ok(value instanceof FakeTensor);
    // The fake tensors do not broadcast: [1, 5] - [1] is [0, 5]; + [3] is [3, 5]; + 4 is [7, 9].
    assert.deepEqual(value.values.map((v) => Number(v.toFixed(6))), [7, 9]);
  });

  test('a custom loss becomes a function TF.js can call, and each TF.js call names its line', () => {
    const text = `${HEADER}
function logLoss(yTrue, yPred) {
  return tf.mean(
    tf.log(yPred),
  );
}`;
    const { interpreter, recorded } = setup(text);
    const start = text.indexOf('function logLoss');
    const fn = interpreter.functionAt(start, text.length);
    const out = fn(new FakeTensor([1]), new FakeTensor([Math.E])) as FakeTensor;
    assert.deepEqual(out.values, [1]);
    assert.deepEqual(recorded.calls, [
      { line: 5, label: 'tf.log' },
      { line: 4, label: 'tf.mean' },
    ]);
  });

  test('tf.customGrad: closures handed to TF.js and callbacks handed back both work', () => {
    const text = `${HEADER}const square = tf.customGrad((x, save) => {
  save([x]);
  return { value: x, gradFunc: (dy, [saved]) => [tf.add(dy, saved)] };
});
const result = square(tf.scalar(2));`;
    const value = evaluate(text, 'square(tf.scalar(2))') as { value: FakeTensor; grad: FakeTensor[] };
    assert.deepEqual(value.grad[0]?.values, [3]);
  });

  test('random ops get a seed from the plan and the call position: the same on every run', () => {
    const text = `${HEADER}const a = tf.randomUniform([2]);\nconst b = tf.randomUniform([2], 0, 1, 'float32', 99);\nconst both = [a, b];`;
    const first = setup(text);
    const start = text.lastIndexOf('[a, b]');
    first.interpreter.evaluateAt(start, start + 6);
    const second = setup(text);
    second.interpreter.evaluateAt(start, start + 6);
    assert.equal(typeof first.recorded.seeds[0], 'number');
    assert.equal(first.recorded.seeds[1], 99, 'an explicit seed is kept');
    assert.deepEqual(first.recorded.seeds, second.recorded.seeds);
  });

  test('Math.random is seeded; console output and tensor.print() do nothing', () => {
    const text = `${HEADER}console.log('x');\nconst r = (tf.tensor1d([1]).print(), console.warn('y'), Math.random() + Math.sqrt(4));`;
    const a = evaluate(text, '(tf.tensor1d([1]).print(), console.warn(\'y\'), Math.random() + Math.sqrt(4))', 1) as number;
    const b = evaluate(text, '(tf.tensor1d([1]).print(), console.warn(\'y\'), Math.random() + Math.sqrt(4))', 1) as number;
    assert.equal(a, b);
    assert.ok(a >= 2 && a < 3);
  });

  test('named and namespace imports of any TF.js package resolve to the TF.js namespace', () => {
    const text = `import * as tf from '@tensorflow/tfjs-node';\nimport { tensor1d as t1, losses } from '@tensorflow/tfjs';\nconst v = tf.add(t1([1]), losses.logLoss(t1([2])));`;
    assert.deepEqual((evaluate(text, 'tf.add(t1([1]), losses.logLoss(t1([2])))') as FakeTensor).values, [3]);
  });

  test('a let that is never reassigned is a const', () => {
    const text = `${HEADER}let scale = 3;\nconst x = scale * 2;`;
    assert.equal(evaluate(text, 'scale * 2'), 6);
  });
});

describe('probe interpreter: what it refuses, and where', () => {
  const cases: [string, string, string, number, RegExp?][] = [
    ['a loop', 'function f() {\n  for (let i = 0; i < 3; i++) {}\n  return 1;\n}\nconst v = f();', 'f()', 3, /ForStatement/],
    ['new', 'const d = new Date();', 'new Date()', 2, /NewExpression/],
    ['this', 'const o = this.x;', 'this.x', 2],
    ['requiring another module', "const fs = require('fs');\nconst t = fs.readFileSync('/etc/passwd');", "fs.readFileSync('/etc/passwd')", 2, /only TF\.js packages/],
    ['an import from another module', "import { load } from './data';\nconst t = load();", 'load()', 2, /another module/],
    ['process', 'const home = process.env.HOME;', 'process.env.HOME', 2, /`process`/],
    ['globalThis', 'const g = globalThis.fetch;', 'globalThis.fetch', 2],
    ['eval', "const e = eval('1 + 1');", "eval('1 + 1')", 2, /`eval`/],
    ['the Function constructor via a TF.js op', "const f = tf.log.constructor('return process')();", "tf.log.constructor('return process')()", 2, /constructor/],
    ['a prototype walk on a tensor', 'const p = tf.tensor1d([1]).__proto__;', 'tf.tensor1d([1]).__proto__', 2, /__proto__/],
    ['tf.io (file and network access)', 'const f = tf.io.browserFiles([]);', 'tf.io.browserFiles([])', 2, /tf\.io/],
    ['tf.util.shuffle (unseeded randomness)', 'const s = tf.util.shuffle([1, 2]);', 'tf.util.shuffle([1, 2])', 2, /tf\.util/],
    ['tf.setBackend', "const b = tf.setBackend('cpu');", "tf.setBackend('cpu')", 2, /tf\.setBackend/],
    ['tf.engine', 'const e = tf.engine();', 'tf.engine()', 2],
    ['an optimizer (training is the probe\'s job)', 'const o = tf.train.sgd(0.1);', 'tf.train.sgd(0.1)', 2],
    ['an asynchronous tensor read', 'const d = tf.tensor1d([1]).data();', 'tf.tensor1d([1]).data()', 2, /asynchronous/],
    ['writing a property', 'const o = {};\nfunction f() {\n  o.x = 1;\n  return o;\n}\nconst r = f();', 'f()', 4, /assignment/],
    ['JavaScript arithmetic on tensors', 'const t = tf.tensor1d([1]) + 1;', 'tf.tensor1d([1]) + 1', 2, /TF\.js ops/],
    ['a reassigned module variable', 'let lr = 1;\nlr = 2;\nconst x = lr;', 'lr;', 2, /reassigned/],
    ['an async function', 'async function f() {\n  return 1;\n}\nconst v = f();', 'f()', 2, /async/],
    ['a parameter of a function the probe does not call', "function main(data) {\n  const X = tf.tensor1d(data);\n  return X;\n}", 'tf.tensor1d(data)', 3, /parameter/],
    ['an undefined global', 'const v = fetchData();', 'fetchData()', 2, /fetchData/],
    ['a class', 'class Model {}\nconst m = Model;', 'Model;', 2],
    ['a condition on a tensor', 'const c = tf.tensor1d([1]) ? 1 : 2;', 'tf.tensor1d([1]) ? 1 : 2', 2, /condition/],
  ];
  for (const [name, body, expr, line, message] of cases) {
    test(name, () => refuses(`${HEADER}${body}`, expr.endsWith(';') ? expr.slice(0, -1) : expr, line, message));
  }

  test('runaway recursion stops at a depth limit instead of hanging', () => {
    const text = `${HEADER}function f(n) {\n  return f(n + 1);\n}\nconst v = f(0);`;
    assert.throws(() => evaluate(text, 'f(0)'), InterpretError);
  });
});
