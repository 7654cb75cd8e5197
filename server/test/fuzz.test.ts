// Fuzzing (issue 7): seeded mutations of every fixture under test-fixtures (token deletion,
// duplication and swaps, truncation at every class of position, random unicode, nesting up to
// 10,000 deep; server/test/fuzz/mutate.ts) must never make the analyzer throw, report an internal
// error, hang (a hang detector of tens of seconds per input, not a speed assertion), or make a fix
// break the file. The language server must stay up under a stream of fuzzed edits.
// `npm run fuzz -- --count N --seed S` runs the same harness longer.

import assert from 'node:assert/strict';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { CodeLensRequest } from 'vscode-languageserver-protocol/node';
import { analyze, fixAll } from '../src/analysis';
import { loadCorpus } from './fuzz/check';
import { generateInput } from './fuzz/mutate';
import { formatReport, runFuzz } from './fuzz/run';
import { repoRoot } from './helpers/fixture-headers';
import { REAL_SERVER, TestClient } from './lsp-client';

const SEED = 7;
// At least 2,000, and enough for every mutation kind to visit every fixture (8 kinds); grows with the corpus.
const COUNT = 2_400;

describe('fuzzing the analyzer', () => {
  it(`${COUNT} mutated fixtures (seed ${SEED}): no crash, hang, internal error or broken fix`, { timeout: 600_000 }, async (t) => {
    const report = await runFuzz({ root: repoRoot(), seed: SEED, count: COUNT });
    t.diagnostic(formatReport(report));
    assert.equal(report.inputs, COUNT);
    assert.ok(loadCorpus(repoRoot()).length * 8 <= COUNT, 'every mutation kind must visit every fixture');
    assert.deepEqual(report.crashes.map((f) => `${f.description}: ${f.detail}`), []);
    assert.deepEqual(report.hangs.map((f) => f.description), []);
    assert.deepEqual(report.internalErrors.map((f) => `${f.description}: ${f.detail}`), []);
    // Every offered fix re-parses, removes its finding, adds none and is not offered again, and
    // fix-all reaches a fixpoint: no exceptions (server/test/fuzz/check.ts).
    assert.deepEqual(report.fixViolations.map((f) => `${f.description}: ${f.detail}`), []);
    assert.deepEqual(report.semanticFixViolations.map((f) => `${f.description}: ${f.detail}`), []);
    // The population the properties are about is really there.
    assert.ok(report.parsedClean >= 200, `only ${report.parsedClean} mutated inputs parse without errors`);
    assert.ok(report.fixesChecked >= 100, `only ${report.fixesChecked} fixes checked on mutated inputs`);
    assert.ok(report.withSyntaxErrors >= 1000, `only ${report.withSyntaxErrors} inputs with syntax errors`);
    assert.ok(report.skipped > 0, 'no 10,000-deep input was skipped as too deeply nested');
  });

  it('fix-all settles nested findings in one round, inside out (a 40-deep sqrt nesting)', () => {
    // Fixed outside in, each round would only guard the outermost sqrt and fix-all would need one
    // round per level; the inner epsilon makes every sqrt around it positive.
    const depth = 40;
    const text = [
      "const tf = require('@tensorflow/tfjs');",
      'const w = tf.variable(tf.zeros([4, 1]));',
      'const x = tf.randomNormal([8, 4]);',
      'const optimizer = tf.train.sgd(0.1);',
      `optimizer.minimize(() => ${'tf.sqrt('.repeat(depth)}x.matMul(w).square().sum()${')'.repeat(depth)});`,
    ].join('\n');
    const before = analyze({ fileName: 'nested-sqrt.js', text });
    assert.equal(before.findings.filter((f) => f.ruleId === 'unsafe-sqrt').length, depth);
    const once = fixAll(text, before.findings).text;
    const after = analyze({ fileName: 'nested-sqrt.js', text: once });
    assert.deepEqual(after.findings.map((f) => `${f.ruleId}: ${f.message}`), []);
    assert.equal(fixAll(once, after.findings).text, once);
  });

  it('is deterministic: the same seed and index give the same input', () => {
    const corpus = loadCorpus(repoRoot());
    for (const index of [0, 1, 49, 500, 1999]) {
      const a = generateInput(corpus, SEED, index);
      const b = generateInput(corpus, SEED, index);
      assert.equal(a.text, b.text);
      assert.equal(a.description, b.description);
    }
    assert.notEqual(generateInput(corpus, SEED, 3).text, generateInput(corpus, SEED + 1, 3).text);
  });
});

describe('fuzzing the language server', () => {
  it('stays up through 100 fuzzed documents opened and edited, and answers a final request', { timeout: 180_000 }, async () => {
    const corpus = loadCorpus(repoRoot());
    const client = await TestClient.start({ server: REAL_SERVER, settings: { debounce: 0 } });
    try {
      const uris: string[] = [];
      const dir = path.join(os.tmpdir(), 'nanscope-fuzz-lsp');
      for (let k = 0; k < 100; k++) {
        // Inputs spread over the mutation kinds, every tenth a 10,000-deep nesting (index 49 mod 50).
        const input = generateInput(corpus, SEED + 1, k % 10 === 9 ? 49 + 50 * k : k * 21);
        const uri = pathToFileURL(path.join(dir, `${k}-${input.fileName}`)).href;
        uris.push(uri);
        await client.open(uri, input.text, /\.tsx?$/.test(input.fileName) ? 'typescript' : 'javascript');
        // Two edits: another mutation in full, then a truncation (a half-typed file).
        const next = generateInput(corpus, SEED + 2, k * 21 + 5);
        await client.replaceAll(uri, next.text);
        await client.replaceAll(uri, next.text.slice(0, Math.floor(next.text.length / 2)));
      }
      for (const uri of uris) await client.diagnosticsFor(uri, 3, 60_000);
      const lenses = await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: uris[0]! } });
      assert.ok(lenses === null || Array.isArray(lenses));
      assert.equal(client.process.exitCode, null, 'the server exited');
      assert.doesNotMatch(client.stderr, /uncaught|unhandled/i);
    } finally {
      await client.stop();
    }
  });
});
