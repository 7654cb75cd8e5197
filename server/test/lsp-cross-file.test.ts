// The language server follows relative imports and keeps the module graph current: editing a data
// module (open in the editor, or on disk) re-publishes the diagnostics of the files that import it.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { FileChangeType } from 'vscode-languageserver-protocol/node';
import { REAL_SERVER, TestClient } from './lsp-client';
import { useTempProjects } from './helpers/temp-project';

const RAW_DATA = [
  "const tf = require('@tensorflow/tfjs');",
  '',
  '// Square feet and bedrooms, unscaled.',
  'exports.xs = tf.tensor2d([[2104, 3], [1600, 3], [2400, 3], [1416, 2]]);',
  'exports.ys = tf.tensor2d([[0.4], [0.33], [0.37], [0.23]]);',
  '',
].join('\n');
const SCALED_DATA = RAW_DATA.replace('[[2104, 3], [1600, 3], [2400, 3], [1416, 2]]', '[[0.21, 0.3], [0.16, 0.3], [0.24, 0.3], [0.14, 0.2]]');
const TRAIN = [
  "const tf = require('@tensorflow/tfjs');",
  "const { xs, ys } = require('./data');",
  '',
  "const model = tf.sequential({ layers: [tf.layers.dense({ units: 4, activation: 'tanh', inputShape: [2] })] });",
  "model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });",
  'model.fit(xs, ys, { epochs: 5 });',
  '',
].join('\n');

const saturates = (d: { code?: string | number }[]): boolean => d.some((x) => x.code === 'saturating-activation-unscaled-input');

describe('language server: cross-file analysis', () => {
  const project = useTempProjects('lsp-cross-file');
  let client: TestClient;

  before(async () => {
    client = await TestClient.start({ server: REAL_SERVER, settings: { probe: { budgetSeconds: 2 } } });
  });
  after(async () => {
    await client.stop();
  });

  it('sees data from another module, with related information there', async () => {
    const root = project({ 'data.js': RAW_DATA, 'train.js': TRAIN });
    const uri = pathToFileURL(path.join(root, 'train.js')).href;
    await client.open(uri, TRAIN);
    const diagnostics = await client.diagnosticsFor(uri, 1);
    const finding = diagnostics.find((d) => d.code === 'saturating-activation-unscaled-input');
    assert.ok(finding, `saturation reported; got ${diagnostics.map((d) => d.code).join(', ')}`);
    const dataUri = pathToFileURL(path.join(root, 'data.js')).href;
    assert.ok(finding.relatedInformation?.some((r) => r.location.uri === dataUri && r.location.range.start.line === 3));
    await client.close(uri);
  });

  it('re-publishes an importer when the open data module is edited', async () => {
    const root = project({ 'data.js': RAW_DATA, 'train.js': TRAIN });
    const trainUri = pathToFileURL(path.join(root, 'train.js')).href;
    const dataUri = pathToFileURL(path.join(root, 'data.js')).href;
    await client.open(trainUri, TRAIN);
    assert.ok(saturates(await client.diagnosticsFor(trainUri, 1)));
    await client.open(dataUri, RAW_DATA);
    await client.diagnosticsFor(dataUri, 1);
    const count = client.publishCount(trainUri);
    await client.replaceAll(dataUri, SCALED_DATA);
    const afterEdit = await client.nextDiagnostics(trainUri, count, (d) => !saturates(d));
    assert.equal(saturates(afterEdit), false);
    await client.close(dataUri);
    await client.close(trainUri);
  });

  it('re-publishes an importer when a module changes on disk', async () => {
    const root = project({ 'data.js': RAW_DATA, 'train.js': TRAIN });
    const trainUri = pathToFileURL(path.join(root, 'train.js')).href;
    await client.open(trainUri, TRAIN);
    assert.ok(saturates(await client.diagnosticsFor(trainUri, 1)));
    const count = client.publishCount(trainUri);
    fs.writeFileSync(path.join(root, 'data.js'), SCALED_DATA);
    await client.filesChanged([{ uri: pathToFileURL(path.join(root, 'data.js')).href, type: FileChangeType.Changed }]);
    const afterChange = await client.nextDiagnostics(trainUri, count, (d) => !saturates(d));
    assert.equal(saturates(afterChange), false);
    await client.close(trainUri);
  });
});
