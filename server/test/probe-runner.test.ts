// The probe runner's contract: every way a run can end is a typed report. Cancel kills the worker,
// a timeout kills it, a crash or running out of memory is reported as such, queued requests wait
// for a free worker, and a plan that cannot be built never starts one. Crashing and memory-hungry
// workers are small stand-in scripts, so these tests do not depend on TF.js misbehaving.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import type { AnalysisResult, LayerSpec } from '../src/analysis/types';
import { buildProbePlan } from '../src/probe/plan';
import { isUnbuildable, type ProbePlan, type ProbeProgress } from '../src/probe/protocol';
import { ProbeRunner, hardTimeoutMs } from '../src/probe/runner';
import { seedCase, type SeedCase } from './probe-cases';

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

function planOf(c: SeedCase, patch: (plan: ProbePlan) => void = () => undefined): ProbePlan {
  const plan = buildProbePlan(c.result, c.siteId, { text: c.text, analyze: false, fixes: false });
  assert.ok(!isUnbuildable(plan));
  patch(plan);
  return plan;
}

/** A plan that trains far longer than any test waits. */
function endlessPlan(): ProbePlan {
  return planOf(seedCase('c4'), (plan) => {
    if (plan.main.training.kind === 'model') plan.main.training.epochs = 1_000_000;
    plan.budget.maxEpochs = 1_000_000;
    plan.budget.trainMs = 600_000;
  });
}

/** A stand-in worker: says ready, then does `onRun` when asked to run. */
function fakeWorker(onRun: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nanscope-probe-'));
  dirs.push(dir);
  const file = path.join(dir, 'worker.js');
  fs.writeFileSync(
    file,
    `process.on('disconnect', () => process.exit(0));
process.send({ type: 'ready', backend: { name: 'fake', packageName: 'fake', version: '0', source: 'bundled' }, startupMs: 0 });
process.on('message', (message) => { if (message.type === 'run') { ${onRun} } });
`,
  );
  return file;
}

describe('probe runner', () => {
  test('cancel kills the worker and resolves with a typed result', async () => {
    const runner = new ProbeRunner();
    try {
      const controller = new AbortController();
      const progress: ProbeProgress[] = [];
      const report = await runner.run(endlessPlan(), {
        signal: controller.signal,
        onProgress: (p) => {
          progress.push(p);
          if (p.phase === 'training') controller.abort();
        },
      });
      assert.equal(report.verdict, 'inconclusive');
      assert.equal(report.failure?.kind, 'cancelled');
      assert.ok(progress.some((p) => p.phase === 'starting'));
      assert.ok(progress.some((p) => p.phase === 'training' && p.epochs > 0));
      // The runner is still usable afterwards.
      const next = await runner.run(planOf(seedCase('c1')));
      assert.equal(next.verdict, 'inf');
    } finally {
      await runner.dispose();
    }
  });

  test('a request cancelled while queued never starts', async () => {
    const runner = new ProbeRunner({ maxWorkers: 1 });
    try {
      const controller = new AbortController();
      const first = runner.run(planOf(seedCase('c1')));
      const second = runner.run(planOf(seedCase('c7')), { signal: controller.signal });
      controller.abort();
      assert.equal((await second).failure?.kind, 'cancelled');
      assert.equal((await first).verdict, 'inf');
      const already = await runner.run(planOf(seedCase('c7')), { signal: AbortSignal.abort() });
      assert.equal(already.failure?.kind, 'cancelled');
    } finally {
      await runner.dispose();
    }
  });

  test('a run past its deadline is stopped and reported as a timeout', async () => {
    const runner = new ProbeRunner();
    try {
      await runner.run(planOf(seedCase('c1'))); // warm, so the deadline below is about training
      const report = await runner.run(endlessPlan(), { timeoutMs: 1500 });
      assert.equal(report.verdict, 'inconclusive');
      assert.equal(report.failure?.kind, 'timeout');
      assert.match(report.reason, /did not finish/);
    } finally {
      await runner.dispose();
    }
  });

  test('the time budget stops training cleanly, with the epochs it managed', async () => {
    const runner = new ProbeRunner();
    try {
      const plan = planOf(seedCase('c4'), (p) => {
        if (p.main.training.kind === 'model') p.main.training.epochs = 100_000;
        p.budget.maxEpochs = 100_000;
        p.budget.trainMs = 300;
      });
      const report = await runner.run(plan);
      assert.equal(report.failure, null);
      assert.equal(report.budgetExhausted, true);
      assert.ok(report.epochsRun >= 1 && report.epochsRun < 100_000);
      assert.ok(report.notes.some((n) => /time budget/.test(n)));
      assert.equal(report.verdict, 'saturated');
    } finally {
      await runner.dispose();
    }
  });

  test('a worker that crashes gives a crash report with its last words', async () => {
    const runner = new ProbeRunner({ workerPath: fakeWorker("process.stderr.write('boom: the worker fell over\\n'); process.exit(3);") });
    try {
      const report = await runner.run(planOf(seedCase('c1')));
      assert.equal(report.verdict, 'inconclusive');
      assert.equal(report.failure?.kind, 'crash');
      assert.match(report.failure?.message ?? '', /exit code 3/);
      assert.match(report.failure?.message ?? '', /boom/);
    } finally {
      await runner.dispose();
    }
  });

  test('a worker that runs out of memory is stopped and reported as such', async () => {
    const runner = new ProbeRunner({
      memoryMb: 300,
      workerPath: fakeWorker('const hog = []; for (;;) hog.push(new Array(1e6).fill(Math.random()));'),
    });
    try {
      const report = await runner.run(planOf(seedCase('c1')));
      assert.equal(report.failure?.kind, 'out-of-memory', report.failure?.message);
    } finally {
      await runner.dispose();
    }
  });

  test('a worker that cannot start TF.js fails every request with a typed result', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nanscope-probe-'));
    dirs.push(dir);
    const file = path.join(dir, 'worker.js');
    fs.writeFileSync(file, "process.send({ type: 'fatal', message: 'no backend here' }); setTimeout(() => process.exit(1), 10);");
    const runner = new ProbeRunner({ workerPath: file });
    try {
      const report = await runner.run(planOf(seedCase('c1')));
      assert.equal(report.failure?.kind, 'no-backend');
      assert.match(report.reason, /no backend here/);
    } finally {
      await runner.dispose();
    }
  });

  test('requests queue for the one worker and all complete', async () => {
    const runner = new ProbeRunner({ maxWorkers: 1 });
    try {
      let most = 0;
      const names = ['c1', 'c7', 'v01', 'v10', 'c9', 'v09'];
      const reports = await Promise.all(
        names.map((n) => runner.run(planOf(seedCase(n)), { onProgress: () => (most = Math.max(most, runner.workerCount)) })),
      );
      assert.deepEqual(
        reports.map((r) => r.verdict),
        ['inf', 'not-learning', 'nan', 'inf', 'stable', 'nan'],
      );
      assert.equal(most, 1);
      assert.ok(reports.slice(1).every((r) => r.warm), 'later requests reuse the warm worker');
    } finally {
      await runner.dispose();
    }
  });

  test('beyond the queue limit requests are refused at once, with a typed result', async () => {
    const runner = new ProbeRunner({ maxWorkers: 1, maxQueue: 2 });
    try {
      // One runs, two wait, the other two are refused.
      const plans = Array.from({ length: 5 }, () => planOf(seedCase('v01')));
      const reports = await Promise.all(plans.map((p) => runner.run(p)));
      assert.deepEqual(
        reports.map((r) => r.failure?.kind ?? r.verdict),
        ['nan', 'nan', 'nan', 'queue-full', 'queue-full'],
      );
    } finally {
      await runner.dispose();
    }
  });

  test('a plan that cannot be built is answered without starting a worker', async () => {
    const c = seedCase('c7');
    const model = c.result.models[0];
    assert.ok(model);
    const merged: LayerSpec = { ...(model.layers[0] as LayerSpec), kind: 'concatenate' };
    const result: AnalysisResult = { ...c.result, models: [{ ...model, layers: [...model.layers, merged] }] };
    const plan = buildProbePlan(result, c.siteId, { text: c.text, analyze: false });
    assert.ok(isUnbuildable(plan));
    const runner = new ProbeRunner();
    try {
      const report = await runner.run(plan);
      assert.equal(report.failure?.kind, 'unbuildable');
      assert.match(report.reason, /chains of layers/);
      assert.equal(runner.workerCount, 0);
    } finally {
      await runner.dispose();
    }
  });

  test('a model far too large for the probe is refused before anything is allocated', async () => {
    const c = seedCase('c1');
    const model = c.result.models[0];
    assert.ok(model);
    const huge: LayerSpec = { ...(model.layers[0] as LayerSpec), units: 100_000 };
    const result: AnalysisResult = { ...c.result, models: [{ ...model, layers: [huge, { ...huge, inputShape: undefined }] }] };
    const plan = buildProbePlan(result, c.siteId, { text: c.text, analyze: false, fixes: false });
    assert.ok(!isUnbuildable(plan));
    const runner = new ProbeRunner();
    try {
      const report = await runner.run(plan);
      assert.equal(report.failure?.kind, 'too-large');
      assert.match(report.reason, /parameters/);
    } finally {
      await runner.dispose();
    }
  });

  test('code outside the interpreted subset makes the probe inconclusive, naming the line', async () => {
    const c = seedCase('v02');
    const text = c.text.replace('return tf.neg(', "require('fs').readFileSync('/etc/passwd');\n  return tf.neg(");
    const shift = text.length - c.text.length;
    const moved = JSON.parse(JSON.stringify(c.result)) as AnalysisResult;
    // Every span after the insertion point moves by its length.
    const insertion = c.text.indexOf('return tf.neg(');
    const move = (span: { start: number; end: number }): void => {
      if (span.start >= insertion) {
        span.start += shift;
        span.end += shift;
      }
    };
    const visit = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(visit);
      else if (value && typeof value === 'object') {
        const o = value as Record<string, unknown>;
        if (typeof o['start'] === 'number' && typeof o['end'] === 'number') move(o as unknown as { start: number; end: number });
        else Object.values(o).forEach(visit);
      }
    };
    visit(moved.models);
    visit(moved.sites);
    const plan = buildProbePlan(moved, c.siteId, { text, analyze: false, fixes: false });
    const runner = new ProbeRunner();
    try {
      const report = await runner.run(plan);
      assert.equal(report.verdict, 'inconclusive');
      assert.equal(report.failure?.kind, 'unsupported-code');
      assert.equal(report.failure?.line, 4);
      assert.match(report.reason, /execute mode/i);
    } finally {
      await runner.dispose();
    }
  });

  test('the hard deadline covers startup, training, the replay and every fix run', () => {
    const plan = planOf(seedCase('c1'));
    plan.variants = [];
    const base = hardTimeoutMs(plan, 0);
    assert.ok(base > plan.budget.trainMs * 4);
    assert.equal(hardTimeoutMs(plan, 20_000), base + 20_000);
  });
});
