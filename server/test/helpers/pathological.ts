// The inputs of server/test/pathological.test.ts (issue 7, "Pathological files"), generated at run
// time: too large or too odd to commit. Deterministic, so a failure reproduces.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import * as ts from 'typescript';
import { fixturesDir } from './fixture-headers';

export const TF = "const tf = require('@tensorflow/tfjs');";

/** CRLF throughout, in an ES module whose raw-log fix inserts a line (`import * as tf`). */
export const CRLF_LINES = [
  "import { sequential, layers, train, log, softmax, randomUniform, oneHot, mul, sum, mean, neg } from '@tensorflow/tfjs';",
  '',
  'const model = sequential({ layers: [layers.dense({ units: 5, inputShape: [3] })] });',
  'const crossEntropy = (labels, logits) => neg(mean(sum(mul(labels, log(softmax(logits))), -1)));',
  'model.compile({ optimizer: train.sgd(10), loss: crossEntropy });',
  "await model.fit(randomUniform([16, 3]), oneHot(randomUniform([16], 0, 5, 'int32'), 5).toFloat(), { epochs: 2 });",
  '',
];

/** A lone CR, LF, CRLF, and U+2028 / U+2029 (JavaScript line terminators that editors do not break at). */
export const LINE_ENDINGS_TEXT = [
  `${TF}\r`,
  '/* a line separator \u2028 and a paragraph separator \u2029 in a comment */\n',
  "const label = 'one\u2028two';\r\n",
  'const ys = tf.tensor1d([0, 1]);\n',
  'const l = tf.log(ys);\n',
].join('');

/** A byte order mark, and a finding on the first line (the only line whose columns it could shift). */
export const BOM_TEXT =
  '\uFEFF' +
  [
    `${TF} const ys = tf.tensor1d([0, 1]); const l = tf.log(ys);`,
    'const model = tf.sequential();',
    'model.add(tf.layers.dense({ units: 1, inputShape: [2] }));',
    "model.compile({ optimizer: tf.train.sgd(10), loss: 'meanSquaredError' });",
    'model.fit(tf.randomUniform([8, 2]), tf.randomUniform([8, 1]), { epochs: 1 });',
    '',
  ].join('\n');

/**
 * Invalid UTF-8 in a comment (a Latin-1 é, bytes never valid, a truncated sequence), in a string (an
 * encoded surrogate, an overlong `/`) and in code. Decoded, each invalid sequence becomes U+FFFD
 * (WHATWG: ED A0 80 and C0 AF are five replacements), as both Node and editors decode it.
 */
export const BAD_UTF8 = Buffer.concat([
  Buffer.from(`${TF}\n// caf`),
  Buffer.from([0xe9]),
  Buffer.from(' au lait, '),
  Buffer.from([0xff, 0xfe]),
  Buffer.from(', a lone '),
  Buffer.from([0xc3]),
  Buffer.from("\nconst label = '"),
  Buffer.from([0xed, 0xa0, 0x80, 0xc0, 0xaf]),
  Buffer.from("'; const p = tf.log(tf.tensor1d([0, 1]));\nconst weird = 1 "),
  Buffer.from([0xff]),
  Buffer.from(';\nconst q = tf.log(tf.tensor1d([0, 2]));\n'),
]);

/** Line 2 is one line of at least 200,000 characters: inline data, then a training on it. */
export function longLineText(): string {
  const head = 'const readings = tf.tensor1d([';
  const tail =
    ']); const logs = tf.log(readings); const model = tf.sequential(); model.add(tf.layers.dense({ units: 1, inputShape: [1] })); ' +
    "model.compile({ optimizer: tf.train.sgd(10), loss: 'meanSquaredError' }); model.fit(readings.reshape([-1, 1]), readings.reshape([-1, 1]), { epochs: 1 });";
  const values: string[] = [];
  let length = head.length + tail.length - 2;
  for (let i = 0; length < 200_000; i++) {
    values.push(String(i % 7));
    length += String(i % 7).length + 2;
  }
  return `${TF}\n${head}${values.join(', ')}${tail}\n`;
}

/**
 * A TF.js weights shard saved under a `.js` name: float32 kernel values of a glorot-uniform layer
 * (from a fixed generator) followed by a zero bias, little-endian as TF.js writes them.
 */
export function weightsShard(): Buffer {
  const kernel = 64 * 64;
  const values = new Float32Array(kernel + 64);
  let seed = 42;
  const limit = Math.sqrt(6 / (64 + 64));
  for (let i = 0; i < kernel; i++) {
    seed = (seed * 16807) % 2147483647;
    values[i] = ((seed - 1) / 2147483646) * 2 * limit - limit;
  }
  return Buffer.from(values.buffer);
}

/**
 * A one-line bundle of about `bytes` bytes: every real-world fixture minified by esbuild into a
 * CommonJS module closure, as esbuild's `__commonJS` wrapper bundles them, repeated until the size
 * is reached. Fixtures that use top-level await cannot be CommonJS and are left out.
 */
export function minifiedBundle(bytes: number): string {
  const dir = fixturesDir('real-world');
  const modules = fs
    .readdirSync(dir)
    .filter((f) => /\.[cm]?[jt]s$/.test(f))
    .sort()
    .flatMap((file) => {
      const source = fs.readFileSync(path.join(dir, file), 'utf8');
      let code: string;
      try {
        code = esbuild.transformSync(source, { loader: file.endsWith('ts') ? 'ts' : 'js', minify: true, format: 'cjs', platform: 'node' }).code;
      } catch {
        return [];
      }
      // Minified template literals keep real line breaks: escape them, the bundle is one line. The
      // parse below proves that every break was inside a template literal.
      const oneLine = code.trim().replace(/\n/g, '\\n');
      const parsed = ts.createSourceFile(file, oneLine, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
      const errors = (parsed as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics;
      assert.equal(errors.length, 0, `${file} does not minify to one valid line`);
      return [oneLine];
    });
  assert.ok(modules.length >= 30, `only ${modules.length} real-world fixtures could be bundled`);
  let out = '"use strict";var X=(a,b)=>()=>(b||a((b={exports:{}}).exports,b),b.exports);';
  for (let i = 0; out.length < bytes; i++) out += `var m${i}=X((exports,module)=>{${modules[i % modules.length]}});`;
  return `${out}m0();`;
}

/** `models` models, each built, compiled and trained in four lines; every tenth has learning rate 10. */
export function manyModels(models: number): { text: string; highRateLines: number[] } {
  const lines = [TF, 'const xs = tf.randomUniform([8, 2]);', 'const ys = tf.randomUniform([8, 1]);'];
  const highRateLines: number[] = [];
  for (let i = 0; i < models; i++) {
    const high = i % 10 === 0;
    lines.push(`const m${i} = tf.sequential();`, `m${i}.add(tf.layers.dense({ units: 1, inputShape: [2] }));`);
    if (high) highRateLines.push(lines.length);
    lines.push(`m${i}.compile({ optimizer: tf.train.sgd(${high ? 10 : 0.01}), loss: 'meanSquaredError' });`, `m${i}.fit(xs, ys, { epochs: 1 });`);
  }
  return { text: `${lines.join('\n')}\n`, highRateLines };
}
