// Protocol tests against the real analyzer: what an editor user sees on real TF.js code. The rule
// behaviour itself is tested with the rules; here only that it reaches the editor intact.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { CodeActionKind, DiagnosticSeverity } from 'vscode-languageserver-protocol/node';
import { ruleIds } from '../src/rules';
import { docUrl } from '../src/rules/rule';
import { generatedFile, HAND_BCE, REAL_SERVER, TestClient } from './lsp-client';

/** Seed case v06: log(softmax(z)) on logits of ~1000: NaN at epoch 1, batch 1. */
const LOG_OF_SOFTMAX = [
  "const tf = require('@tensorflow/tfjs');",
  '',
  'function categoricalLoss(yTrue, logits) {',
  '  const logProbs = logits.softmax().log();',
  '  return yTrue.mul(logProbs).sum(-1).mean().neg();',
  '}',
  '',
  'const net = tf.sequential();',
  'net.add(tf.layers.dense({ units: 3, inputShape: [4] }));',
  'net.compile({ optimizer: tf.train.sgd(0.01), loss: categoricalLoss });',
  '',
  'const x = tf.randomUniform([64, 4]).mul(1000);',
  "const y = tf.oneHot(tf.randomUniform([64], 0, 3, 'int32'), 3).toFloat();",
  '',
  'net.fit(x, y, { epochs: 10, batchSize: 32 });',
  '',
].join('\n');

const BIN = path.join(__dirname, '..', '..', '..', 'bin', 'nanscope.js');

const noRawLog = !ruleIds.includes('raw-log') && 'the raw-log rule is not registered yet';

let counter = 0;
function freshUri(name = 'train.js'): string {
  counter++;
  return pathToFileURL(path.join(os.tmpdir(), 'nanscope-lsp-real', `${counter}-${name}`)).href;
}

describe('language server over stdio (real analyzer)', () => {
  let client: TestClient;

  before(async () => {
    client = await TestClient.start({ server: REAL_SERVER, settings: { probe: { budgetSeconds: 2 } } });
  });

  after(async () => {
    await client.stop();
  });

  it('flags a raw log with the rule id, its doc link and severity', { skip: noRawLog }, async () => {
    const uri = freshUri();
    await client.open(uri, HAND_BCE);
    const diagnostics = (await client.diagnosticsFor(uri, 1)).filter((d) => d.code === 'raw-log');
    assert.equal(diagnostics.length, 2);
    for (const d of diagnostics) {
      assert.equal(d.source, 'nanscope');
      assert.equal(d.codeDescription?.href, docUrl('raw-log'));
      assert.match(d.codeDescription?.href ?? '', /docs\/rules\/raw-log\.md$/);
      assert.ok(d.severity === DiagnosticSeverity.Warning || d.severity === DiagnosticSeverity.Error);
    }
    assert.equal(diagnostics[0]?.range.start.line, 7);
  });

  it('applies the preferred quick fix and the finding is gone', { skip: noRawLog }, async () => {
    const uri = freshUri();
    await client.open(uri, HAND_BCE);
    const [first] = (await client.diagnosticsFor(uri, 1)).filter((d) => d.code === 'raw-log');
    const actions = await client.codeActions(uri, first!.range, [first!]);
    const preferred = actions.find((a) => a.isPreferred);
    assert.ok(preferred?.edit, `a preferred fix among ${actions.map((a) => a.title).join(' | ')}`);
    assert.ok(actions.some((a) => a.title === 'Disable raw-log for this line'));
    const count = client.publishCount(uri);
    await client.applyEdit(preferred.edit);
    const after = await client.nextDiagnostics(uri, count);
    assert.equal(after.filter((d) => d.code === 'raw-log').length, 1, client.text(uri));
  });

  it('fix-all removes every raw log', { skip: noRawLog }, async () => {
    const uri = freshUri();
    await client.open(uri, HAND_BCE);
    await client.diagnosticsFor(uri, 1);
    const [fixAll] = await client.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], [
      'source.fixAll.nanscope',
    ]);
    assert.equal(fixAll?.kind, 'source.fixAll.nanscope');
    const count = client.publishCount(uri);
    await client.applyEdit(fixAll.edit!);
    const after = await client.nextDiagnostics(uri, count);
    assert.deepEqual(after.filter((d) => d.code === 'raw-log'), [], client.text(uri));
  });

  it('puts a lens on the training site', async (t) => {
    const uri = freshUri();
    await client.open(uri, HAND_BCE);
    const lenses = await client.codeLenses(uri);
    if (lenses.length === 0) return t.skip('the analyzer reports no training sites yet');
    assert.deepEqual(lenses.map((l) => [l.range.start.line, l.command?.title]), [[10, 'Run stability probe']]);
    const result = (await client.executeCommand('nanscope.runProbe', lenses[0]!.command!.arguments!)) as { status: string };
    assert.ok(['unavailable', 'done', 'failed', 'cancelled'].includes(result.status));
  });

  it('runs the stability probe from the lens: progress, a result message with Apply, annotated diagnostics', async (t) => {
    const uri = freshUri('v06.js');
    await client.open(uri, LOG_OF_SOFTMAX);
    const diagnostics = await client.diagnosticsFor(uri, 1);
    const lenses = await client.codeLenses(uri);
    assert.equal(lenses.length, 1);
    client.answerMessage = (params) => params.actions?.find((a) => a.title.startsWith('Apply:')) ?? null;
    const started = performance.now();
    const result = (await client.executeCommand('nanscope.runProbe', lenses[0]!.command!.arguments!)) as {
      status: string;
      message: string;
      report?: { verdict: string; siteId: string; fixes: { verified: boolean; title: string }[] };
    };
    if (result.status === 'unavailable') return t.skip('the probe is not in this build');
    assert.equal(result.status, 'done', result.message);
    process.stdout.write(`# probe from the lens: ${(performance.now() - started).toFixed(0)} ms: ${result.message}\n`);
    assert.equal(result.report?.siteId, (lenses[0]!.command!.arguments![0] as { siteId: string }).siteId);
    assert.ok(client.progress.some((p) => p.value.kind === 'begin' && /stability probe/.test(p.value.title)));
    await client.waitFor('the result message', () => client.messageRequests.some((m) => m.message === result.message));
    const verdict = result.report!.verdict;
    if (['nan', 'inf', 'diverging', 'stable'].includes(verdict)) {
      const annotated = await client.nextDiagnostics(uri, 1, (ds) => ds.some((d) => /\[(confirmed by probe: |not reproduced by the probe in )/.test(typeof d.message === 'string' ? d.message : d.message.value)));
      assert.ok(annotated.length === diagnostics.length);
    }
    if (result.report!.fixes.some((f) => f.verified)) {
      await client.waitFor('the verified fix applied', () => client.text(uri) !== LOG_OF_SOFTMAX);
    }
  });

  it('publishes for a file with syntax errors, and the server keeps answering', async () => {
    const uri = freshUri('broken.ts');
    await client.open(uri, `${HAND_BCE}\nconst = ;;\nfunction (\n`, 'typescript');
    await client.diagnosticsFor(uri, 1);
    assert.ok(Array.isArray(await client.codeLenses(uri)));
  });

  it('handles a 50,000-line file', async () => {
    const uri = freshUri('big.js');
    const text = generatedFile(50_000);
    const start = performance.now();
    await client.open(uri, text);
    await client.diagnosticsFor(uri, 1, 60_000);
    const openMs = performance.now() - start;
    const editStart = performance.now();
    const v = await client.change(uri, { start: { line: 100, character: 0 }, end: { line: 100, character: 0 } }, '// x\n');
    await client.diagnosticsFor(uri, v, 60_000);
    process.stdout.write(`# real analyzer, 50,000 lines: open → diagnostics ${openMs.toFixed(0)} ms; edit → diagnostics ${(performance.now() - editStart).toFixed(0)} ms\n`);
    await client.close(uri);
  });
});

describe('`nanscope --stdio` (the CLI entry other editors start)', () => {
  it('answers initialize and publishes diagnostics', async (t) => {
    const probe = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(path.join(__dirname, '..', 'src', 'cli', 'main.js'))})`]);
    if (probe.status !== 0) return t.skip('the CLI is not built');
    const client = await TestClient.start({ server: BIN });
    try {
      const uri = freshUri();
      await client.open(uri, HAND_BCE);
      const diagnostics = await client.diagnosticsFor(uri, 1);
      if (!noRawLog) assert.ok(diagnostics.some((d) => d.code === 'raw-log'));
      assert.deepEqual(
        (client.initializeResult.capabilities.codeActionProvider as { codeActionKinds: string[] }).codeActionKinds,
        [CodeActionKind.QuickFix, 'source.fixAll.nanscope'],
      );
    } finally {
      assert.equal(await client.stop(), 0);
    }
  });
});
