// A finite probe run on data the probe had to invent is inconclusive: it must never refute a
// finding about the real data (here the data comes from another module, which reconstruct mode
// does not run).

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { analyze } from '../src/analysis';
import { main } from '../src/probe/cli';
import { useTempProjects } from './helpers/temp-project';

const project = useTempProjects('probe-synthetic');

test('data imported from another module: trained on invented data, so inconclusive, not stable', async () => {
  const root = project({
    'data.js': "const tf = require('@tensorflow/tfjs');\nexports.xs = tf.tensor2d([[1, 5], [2, 5], [3, 5]]);\nexports.ys = tf.tensor2d([[1], [2], [3]]);\n",
    'train.js': [
      "const tf = require('@tensorflow/tfjs');",
      "const { xs, ys } = require('./data');",
      "const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });",
      "model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });",
      'model.fit(xs, ys, { epochs: 3 });',
      '',
    ].join('\n'),
  });
  let out = '';
  const code = await main(['train.js', '--format', 'json', '--budget', '5'], {
    cwd: root,
    stdout: (text) => void (out += text),
    stderr: () => undefined,
    readFile: (file) => fs.readFileSync(path.resolve(root, file), 'utf8'),
    analyze,
  });
  const [site] = JSON.parse(out) as { verdict: string; reason: string; data: { x: { kind: string } | null } }[];
  assert.ok(site);
  assert.equal(site.data.x?.kind, 'synthetic');
  assert.equal(site.verdict, 'inconclusive');
  assert.match(site.reason, /invented/);
  assert.equal(code, 0);
});
