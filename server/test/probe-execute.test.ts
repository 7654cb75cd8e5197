// Execute-as-written mode: the user's own file runs in the worker with model.fit instrumented. It
// is honoured only for trusted callers, resolves the file's TF.js imports to the worker's instance
// (the temporary folders here have no node_modules), names the user's line from the stack, and
// recycles the worker afterwards.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import type { AnalysisResult } from '../src/analysis/types';
import { buildProbePlan } from '../src/probe/plan';
import { isUnbuildable, type ProbePlan } from '../src/probe/protocol';
import { ProbeRunner } from '../src/probe/runner';
import { seedCase } from './probe-cases';

const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nanscope-execute-')));
const runner = new ProbeRunner();
after(async () => {
  await runner.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The seed case's text written to disk (optionally changed), and a plan for it. */
function plan(name: string, options: { mode?: 'execute' | 'reconstruct'; trusted?: boolean; edit?: (text: string) => string; file?: string; budgetMs?: number } = {}): ProbePlan {
  const c = seedCase(name);
  const text = options.edit ? options.edit(c.text) : c.text;
  const fileName = path.join(dir, options.file ?? `${c.name}.${text.includes('import ') ? 'mjs' : 'js'}`);
  fs.writeFileSync(fileName, text);
  const result: AnalysisResult = { ...c.result, fileName };
  const built = buildProbePlan(result, c.siteId, { text: c.text, analyze: false, fixes: false, mode: options.mode ?? 'execute', trusted: options.trusted ?? true, budgetMs: options.budgetMs ?? 5000 });
  assert.ok(!isUnbuildable(built));
  return built;
}

describe('probe execute mode', () => {
  test('only a trusted caller gets it; otherwise the model is reconstructed, and the report says so', () => {
    const untrusted = plan('c1', { trusted: false });
    assert.equal(untrusted.mode, 'reconstruct');
    assert.ok(untrusted.notes.some((n) => /trusted workspace/.test(n)));
    const trusted = plan('c1');
    assert.equal(trusted.mode, 'execute');
    assert.equal(trusted.executeFile, path.join(dir, 'c1-unscaled-features-sgd.js'));
  });

  test('a custom loop (c3, optimizer.minimize) is reconstructed even when execute mode is asked, and the report says so', () => {
    const loop = plan('c3');
    assert.equal(loop.mode, 'reconstruct');
    assert.equal(loop.executeFile, undefined);
    assert.ok(loop.notes.some((n) => /execute mode runs model\.fit sites; this minimize loop was reconstructed/.test(n)), loop.notes.join('; '));
  });

  test('c1 as written: Infinity at epoch 3 on the real data; the worker is replaced afterwards', async () => {
    const report = await runner.run(plan('c1'));
    assert.equal(report.mode, 'execute');
    assert.equal(report.failure, null, report.reason);
    assert.deepEqual([report.verdict, report.firstNonFinite?.epoch, report.firstNonFinite?.where], ['inf', 3, 'loss']);
    assert.ok(report.notes.some((n) => /ran as written/.test(n)));
    const next = await runner.run(plan('c1', { mode: 'reconstruct' }));
    assert.equal(next.warm, false, 'execute mode recycles the worker that ran user code');
  });

  test("v09 as written: the 0 / 0 is found in the data preparation, at the file's own line", async () => {
    const report = await runner.run(plan('v09'));
    const e = report.firstNonFinite;
    assert.deepEqual([report.verdict, e?.where, e?.op, e?.phase, e?.line], ['nan', 'data', 'RealDiv', 'data', 5]);
  });

  test('an ES module with a custom loss: imports map to the worker, lines survive the transpile', async () => {
    const report = await runner.run(plan('v02', { edit: (t) => t.replace("const tf = require('@tensorflow/tfjs');", "import * as tf from '@tensorflow/tfjs';") }));
    assert.equal(report.failure, null, report.reason);
    // Execute mode trains on the program's own unseeded random data, so either log of the loss
    // (line 5: log(yPred), line 6: log(1 - yPred)) can be the first to see a non-positive value.
    assert.deepEqual([report.verdict, report.firstNonFinite?.op], ['nan', 'Log']);
    assert.ok([5, 6].includes(report.firstNonFinite?.line ?? -1), `line ${report.firstNonFinite?.line}`);
  });

  test('c4 as written: saturated, measured on its own data', async () => {
    const report = await runner.run(plan('c4'));
    assert.equal(report.verdict, 'saturated', report.reason);
  });

  test('a program that throws, or never reaches the site, is inconclusive with the reason', async () => {
    const throws = await runner.run(plan('c7', { file: 'throws.js', edit: (t) => t.replace('const model', "throw new Error('no data file');\nconst model") }));
    assert.equal(throws.failure?.kind, 'program-error');
    assert.match(throws.reason, /no data file/);
    const never = await runner.run(plan('c7', { file: 'never.js', budgetMs: 300, edit: (t) => t.replace('model.fit(X, y, { epochs: 10 });', 'setTimeout(() => model.fit(X, y, { epochs: 10 }), 60_000).unref();') }));
    assert.equal(never.failure?.kind, 'program-error');
    assert.match(never.reason, /did not reach the model\.fit at line 8/);
  });

  test('an async program that rejects, or a timer that throws, is a program error with its line, not a worker crash', async () => {
    // Node ends a process on an unhandled rejection, and the WASM backend's glue rethrows one too.
    const rejects = await runner.run(plan('c1', { file: 'rejects.js', edit: (t) => t.replace('  const history = await', "  await Promise.resolve();\n  throw new Error('no data file');\n  const history = await") }));
    assert.deepEqual([rejects.failure?.kind, rejects.failure?.line], ['program-error', 13], rejects.reason);
    assert.match(rejects.reason, /the program threw before training: no data file/);
    const throws = await runner.run(plan('c1', { file: 'timer.js', edit: (t) => t.replace('main();', "setTimeout(() => { throw new Error('late config'); }, 0);") }));
    assert.deepEqual([throws.failure?.kind, throws.failure?.line], ['program-error', 15], throws.reason);
    assert.match(throws.reason, /late config/);
  });

  test('process.exit in the program does not take the report with it', async () => {
    const report = await runner.run(plan('c1', { file: 'exits.js', edit: (t) => t.replace('main();', 'main().then(() => process.exit(0));') }));
    assert.equal(report.verdict, 'inf', report.reason);
  });
});
