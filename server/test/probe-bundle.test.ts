// The worker as the .vsix ships it: scripts/build-worker.js bundles it with esbuild and copies the
// three .wasm files beside it; the runner, pointed at that bundle, trains on the WASM backend,
// including a plan whose custom loss needs the (bundled) TypeScript parser.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { buildProbePlan } from '../src/probe/plan';
import { isUnbuildable, type ProbePlan } from '../src/probe/protocol';
import { ProbeRunner, findWorker } from '../src/probe/runner';
import { seedCase } from './probe-cases';

const REPO = path.resolve(__dirname, '../../..');
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'nanscope-worker-'));
after(() => fs.rmSync(outdir, { recursive: true, force: true }));

function planOf(name: string): ProbePlan {
  const c = seedCase(name);
  const plan = buildProbePlan(c.result, c.siteId, { text: c.text, analyze: false, fixes: false });
  assert.ok(!isUnbuildable(plan));
  return plan;
}

describe('the bundled probe worker', () => {
  test('builds, finds its .wasm files, and trains', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { buildWorker } = require(path.join(REPO, 'scripts/build-worker.js')) as {
      buildWorker(options: { outdir: string; minify?: boolean }): Promise<{ file: string; bytes: number; wasm: string[] }>;
    };
    const built = await buildWorker({ outdir });
    assert.equal(built.wasm.length, 3);
    assert.ok(built.wasm.every((f) => fs.existsSync(f) && path.dirname(f) === path.dirname(built.file)));
    const runner = new ProbeRunner({ workerPath: built.file });
    try {
      const c1 = await runner.run(planOf('c1'));
      assert.equal(c1.verdict, 'inf');
      assert.deepEqual([c1.backend?.name, c1.backend?.source, c1.backend?.fallbackReason], ['wasm', 'bundled', undefined]);
      const v02 = await runner.run(planOf('v02'));
      assert.equal(v02.verdict, 'nan');
      assert.equal(v02.firstNonFinite?.op, 'Log');
    } finally {
      await runner.dispose();
    }
  });

  test('without the .wasm files the bundle falls back to the CPU backend and says why', async () => {
    const bare = path.join(outdir, 'bare');
    fs.mkdirSync(bare);
    fs.copyFileSync(path.join(outdir, 'probe-worker.js'), path.join(bare, 'probe-worker.js'));
    const runner = new ProbeRunner({ workerPath: path.join(bare, 'probe-worker.js') });
    try {
      const report = await runner.run(planOf('v10'));
      assert.equal(report.verdict, 'inf');
      assert.equal(report.backend?.name, 'cpu');
      assert.match(report.backend?.fallbackReason ?? '', /WASM/);
    } finally {
      await runner.dispose();
    }
  });

  test('the runner finds the tsc-built worker beside itself', () => {
    assert.equal(path.basename(findWorker()), 'worker.js');
    assert.ok(fs.existsSync(findWorker()));
  });
});
