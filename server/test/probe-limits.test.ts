// The probe's limits (issue 7): a billion-parameter model, an endless loop in a custom loss, a
// program that allocates without bound, a worker killed mid-run, 20 requests at once. Each ends in
// a typed result, waits its turn or is refused plainly; the machine stays usable (a worker's
// memory stays near its cap, no worker outlives its runner); the runner and the language server
// keep serving. Real worker, real TF.js, real programs analyzed by the real analyzer; the language
// server's share goes through the LSP test client.
//
// Durations and peak worker memory are printed as diagnostics, never asserted. Process checks read
// /proc and are skipped on other platforms.

import assert from 'node:assert/strict';
import { fork, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test, type TestContext } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { RemoteConsole } from 'vscode-languageserver';
import { analyze } from '../src/analysis/analyze';
import { buildProbePlan } from '../src/probe/plan';
import { Logger } from '../src/lsp/logger';
import { ProbeService } from '../src/lsp/probe';
import { emptyReport, isUnbuildable, workerArgs, type ParentMessage, type ProbePlan, type ProbeReport } from '../src/probe/protocol';
import { ProbeRunner, hardTimeoutMs } from '../src/probe/runner';
import { REAL_SERVER, TestClient } from './lsp-client';

const LINUX = process.platform === 'linux';
const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nanscope-limits-')));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

// ---------------------------------------------------------------------------------------------
// Programs

/** Learns y = 2x + 1: stable in a fraction of a second. The "next request works" check. */
const STABLE = `const tf = require('@tensorflow/tfjs');

const model = tf.sequential();
model.add(tf.layers.dense({ units: 1, inputShape: [1] }));
model.compile({ optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError' });

const X = tf.tensor2d([[0], [0.25], [0.5], [0.75], [1]]);
const y = tf.tensor2d([[1], [1.5], [2], [2.5], [3]]);
model.fit(X, y, { epochs: 20 });
`;

/** A dense layer of 100,000 units on 10,000 inputs: 1,000,100,000 parameters, 4 GB of float32. */
const BILLION = `const tf = require('@tensorflow/tfjs');

const model = tf.sequential();
model.add(tf.layers.dense({ units: 100000, inputShape: [10000] }));
model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });

const X = tf.randomUniform([8, 10000]);
const y = tf.randomUniform([8, 100000]);
model.fit(X, y, { epochs: 1 });
`;

/** The loss never returns. */
const ENDLESS_LOSS = `const tf = require('@tensorflow/tfjs');

function stuckLoss(yTrue, yPred) {
  while (true) {}
  return tf.losses.meanSquaredError(yTrue, yPred);
}

const model = tf.sequential();
model.add(tf.layers.dense({ units: 1, inputShape: [2] }));
model.compile({ optimizer: tf.train.sgd(0.01), loss: stuckLoss });

const X = tf.tensor2d([[1, 2], [3, 4], [5, 6]]);
const y = tf.tensor2d([[1], [2], [3]]);
model.fit(X, y, { epochs: 5 });
`;

/** Holds on to ever more memory before it would train; `hoard` is what it piles up. */
const hoarder = (hoard: string): string => `const tf = require('@tensorflow/tfjs');

const hoard = [];
for (;;) hoard.push(${hoard});

const model = tf.sequential();
model.add(tf.layers.dense({ units: 1, inputShape: [2] }));
model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
model.fit(tf.ones([4, 2]), tf.ones([4, 1]), { epochs: 5 });
`;

/** Trains far past any test's patience (500 epochs of 64 batches; the budget stops it). */
const LONG = `const tf = require('@tensorflow/tfjs');

const model = tf.sequential();
model.add(tf.layers.dense({ units: 16, inputShape: [8], activation: 'relu' }));
model.add(tf.layers.dense({ units: 1 }));
model.compile({ optimizer: tf.train.adam(0.001), loss: 'meanSquaredError' });

const X = tf.randomUniform([256, 8]);
const y = tf.randomUniform([256, 1]);
model.fit(X, y, { epochs: 500, batchSize: 4 });
`;

let files = 0;

/** Writes the program (execute mode runs the file on disk) and plans its one training site. */
function plan(text: string, options: { mode?: 'reconstruct' | 'execute'; budgetMs?: number; backend?: 'auto' | 'wasm' | 'cpu' } = {}): ProbePlan {
  const fileName = path.join(dir, `program-${++files}.js`);
  fs.writeFileSync(fileName, text);
  const result = analyze({ fileName, text });
  const site = result.sites[0];
  assert.ok(site, 'the analyzer finds the training site');
  const built = buildProbePlan(result, site.id, {
    text,
    sourceFile: result.sourceFile,
    fixes: false,
    mode: options.mode ?? 'reconstruct',
    trusted: true,
    budgetMs: options.budgetMs ?? 3000,
    backend: options.backend ?? 'auto',
  });
  assert.ok(!isUnbuildable(built), isUnbuildable(built) ? built.reason : '');
  assert.equal(built.mode, options.mode ?? 'reconstruct');
  return built;
}

// ---------------------------------------------------------------------------------------------
// Processes (Linux: /proc)

function procStat(pid: number): { state: string; ppid: number } | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may contain anything; the fields after it are plain.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0] ?? '', ppid: Number(fields[1]) };
  } catch {
    return undefined;
  }
}

/** The process exists and is not a zombie. */
function alive(pid: number): boolean {
  if (LINUX) {
    const stat = procStat(pid);
    return stat !== undefined && stat.state !== 'Z';
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function childrenOf(pid: number): number[] {
  if (!LINUX) return [];
  return fs
    .readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((child) => procStat(child)?.ppid === pid && alive(child));
}

function rssMb(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+)\s+kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** Samples the resident memory of the given processes every 20 ms; also remembers every pid seen. */
class Sampler {
  peakMb = 0;
  mostAtOnce = 0;
  readonly seen = new Set<number>();
  private readonly timer: NodeJS.Timeout;

  constructor(pids: () => number[]) {
    this.timer = setInterval(() => {
      const now = pids();
      this.mostAtOnce = Math.max(this.mostAtOnce, now.length);
      for (const pid of now) {
        this.seen.add(pid);
        this.peakMb = Math.max(this.peakMb, rssMb(pid));
      }
    }, 20);
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

/** Resolves once `check` holds; a hang guard, not a time assertion. */
async function until(what: string, check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Runs `fn`, then reports its duration and the workers' peak memory as a test diagnostic. */
async function measured<T>(t: TestContext, label: string, pids: () => number[], fn: () => Promise<T>): Promise<T> {
  const sampler = new Sampler(pids);
  const started = performance.now();
  try {
    return await fn();
  } finally {
    sampler.stop();
    const peak = LINUX ? `, worker peak RSS ${Math.round(sampler.peakMb)} MB` : '';
    t.diagnostic(`${label}: ${Math.round(performance.now() - started)} ms${peak}`);
  }
}

function assertWorks(report: ProbeReport, what: string): void {
  assert.equal(report.failure, null, `${what}: ${report.reason}`);
  assert.equal(report.verdict, 'stable', `${what}: ${report.reason}`);
}

// ---------------------------------------------------------------------------------------------

describe('probe limits: the runner with the real worker', () => {
  test('a billion-parameter model is refused before it is allocated, reconstructed or run as written', { timeout: 60_000 }, async (t) => {
    const runner = new ProbeRunner();
    try {
      const reconstruct = plan(BILLION);
      assert.equal(reconstruct.main.training.kind === 'model' && reconstruct.main.training.estimatedParams, 1_000_100_000);
      const refused = await measured(t, 'billion parameters, reconstruct', () => runner.workerPids, () => runner.run(reconstruct));
      assert.deepEqual([refused.verdict, refused.failure?.kind], ['inconclusive', 'too-large']);
      assert.match(refused.reason, /about 1,000,100,000 parameters, above the probe's limit of 20,000,000/);
      assert.equal(runner.workerCount, 0, 'no worker was started for it');

      const sampler = new Sampler(() => runner.workerPids);
      const executed = await measured(t, 'billion parameters, execute', () => runner.workerPids, () => runner.run(plan(BILLION, { mode: 'execute' })));
      sampler.stop();
      assert.deepEqual([executed.verdict, executed.failure?.kind], ['inconclusive', 'too-large'], executed.reason);
      assert.match(executed.reason, /at least 1,000,000,000 parameters \(the kernel of layer '[^']+', shape \[10000, 100000\]/);
      assert.match(executed.reason, /above the probe's limit of 20,000,000; it was stopped before allocating them/);
      assert.equal(executed.failure?.line, 4, 'the model.add that would allocate it');
      // The kernel alone would be 4 GB; the worker never came near.
      if (LINUX) assert.ok(sampler.peakMb < 1024, `peak ${sampler.peakMb} MB`);

      assertWorks(await runner.run(plan(STABLE)), 'the next request');
    } finally {
      await runner.dispose();
    }
  });

  test('an endless loop in a custom loss (execute mode) meets the deadline; the worker is replaced and the next request works', { timeout: 60_000 }, async (t) => {
    const runner = new ProbeRunner();
    try {
      // Reconstruct mode never runs it: the interpreter refuses the loop and says where it is.
      const reconstructed = await runner.run(plan(ENDLESS_LOSS));
      assert.deepEqual([reconstructed.failure?.kind, reconstructed.failure?.line], ['unsupported-code', 4]);

      const stuck = plan(ENDLESS_LOSS, { mode: 'execute', budgetMs: 500 });
      const pids = new Set<number>();
      const report = await measured(t, 'endless loop in the loss, execute', () => runner.workerPids, () =>
        runner.run(stuck, { onProgress: () => runner.workerPids.forEach((pid) => pids.add(pid)) }),
      );
      assert.deepEqual([report.verdict, report.failure?.kind], ['inconclusive', 'timeout'], report.reason);
      // The deadline counts from the worker being ready: the plan's own, not the startup allowance on top.
      assert.match(report.reason, new RegExp(`did not finish within ${Math.round(hardTimeoutMs(stuck, 0) / 1000)} s and was stopped`));
      assert.equal(runner.workerCount, 0, 'the stuck worker is gone');
      assert.equal(pids.size, 1);
      for (const pid of pids) assert.equal(alive(pid), false, `worker ${pid} was killed`);

      const next = await runner.run(plan(STABLE));
      assertWorks(next, 'the next request');
      assert.equal(next.warm, false, 'a fresh worker');
      assert.ok(runner.workerPids.every((pid) => !pids.has(pid)));
    } finally {
      await runner.dispose();
    }
  });

  test('a program that allocates without bound is stopped at the memory cap, wherever the memory lives', { timeout: 60_000 }, async (t) => {
    const memoryMb = 512;
    const runner = new ProbeRunner({ memoryMb });
    try {
      const cases: [string, string, 'auto' | 'cpu'][] = [
        ['tensors (WASM memory)', 'tf.ones([16, 1024, 1024])', 'auto'],
        ['tensors on the CPU backend (typed arrays, outside the V8 heap)', 'tf.ones([16, 1024, 1024])', 'cpu'],
        ['plain arrays (the V8 heap)', 'new Array(1 << 20).fill(Math.random())', 'auto'],
      ];
      for (const [what, hoard, backend] of cases) {
        const sampler = new Sampler(() => runner.workerPids);
        const report = await measured(t, `unbounded allocation, ${what}`, () => runner.workerPids, () => runner.run(plan(hoarder(hoard), { mode: 'execute', backend })));
        sampler.stop();
        assert.deepEqual([report.verdict, report.failure?.kind], ['inconclusive', 'out-of-memory'], `${what}: ${report.reason}`);
        assert.match(report.reason, /ran out of memory \(its cap is 512 MB/);
        if (report.backend) assert.equal(report.backend.name, backend === 'cpu' ? 'cpu' : 'wasm');
        // The machine stays usable: the worker stops near its cap (the watchdog looks every 50 ms).
        if (LINUX) assert.ok(sampler.peakMb < memoryMb + 256, `${what}: peak ${sampler.peakMb} MB`);
        assert.equal(runner.workerCount, 0);
      }
      assertWorks(await runner.run(plan(STABLE)), 'the next request');
    } finally {
      await runner.dispose();
    }
  });

  test('a worker killed mid-run gives a crash report; the next request gets a fresh worker', { timeout: 60_000 }, async (t) => {
    const runner = new ProbeRunner();
    try {
      let killed: number | undefined;
      const report = await measured(t, 'worker killed mid-run', () => runner.workerPids, () =>
        runner.run(plan(LONG, { budgetMs: 30_000 }), {
          onProgress: (p) => {
            if (killed === undefined && p.phase === 'training' && p.epoch >= 1) {
              killed = runner.workerPids[0];
              if (killed !== undefined) process.kill(killed, 'SIGKILL');
            }
          },
        }),
      );
      assert.ok(killed !== undefined, 'the run reached training');
      assert.deepEqual([report.verdict, report.failure?.kind], ['inconclusive', 'crash'], report.reason);
      assert.match(report.reason, /exited unexpectedly \(signal SIGKILL\)/);
      assert.equal(alive(killed), false);
      const next = await runner.run(plan(STABLE));
      assertWorks(next, 'the next request');
      assert.equal(next.warm, false, 'a fresh worker');
      assert.ok(!runner.workerPids.includes(killed));
    } finally {
      await runner.dispose();
    }
  });

  test('20 requests at once: one worker serves them in order, those beyond the queue are refused, no process is left', { timeout: 60_000 }, async (t) => {
    const maxQueue = 8;
    const runner = new ProbeRunner({ maxQueue });
    const sampler = new Sampler(() => runner.workerPids);
    try {
      const settled: number[] = [];
      const reports = await measured(t, '20 requests at once (maxQueue 8)', () => runner.workerPids, () =>
        Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            runner.run(plan(STABLE)).then((report) => {
              settled.push(i);
              return report;
            }),
          ),
        ),
      );
      // One runs at once, `maxQueue` wait, the rest are refused at once (before any has finished).
      const served = maxQueue + 1;
      assert.deepEqual(reports.map((r) => r.failure?.kind ?? r.verdict), [...Array(served).fill('stable'), ...Array(20 - served).fill('queue-full')]);
      for (const refused of reports.slice(served)) assert.match(refused.reason, /8 probe requests are already waiting; try again when they finish/);
      assert.deepEqual(settled.slice(20 - served), Array.from({ length: served }, (_, i) => i), 'served in the order asked');
      assert.deepEqual(reports.slice(0, served).map((r) => r.warm), [false, ...Array(served - 1).fill(true)], 'one worker, kept warm');
      if (LINUX) assert.equal(sampler.mostAtOnce, 1);
      assert.equal(runner.workerCount, 1, 'still warm for the next request');
      // A refusal is not a lasting state: once the queue drains, requests are served again.
      assertWorks(await runner.run(plan(STABLE)), 'a request after the queue drained');
    } finally {
      sampler.stop();
      await runner.dispose();
    }
    assert.equal(runner.workerCount, 0);
    for (const pid of sampler.seen) assert.equal(alive(pid), false, `worker ${pid} is gone after dispose`);
  });

  test('a worker whose runner dies stops itself, even stuck in an endless loop', { skip: !LINUX && 'reads /proc', timeout: 60_000 }, async (t) => {
    // The program announces, through a file, that it is inside the loop; the runner's host is then
    // killed outright, so nothing is left to stop the worker but its own watchdog thread.
    const marker = path.join(dir, 'looping');
    const stuck = plan(ENDLESS_LOSS.replace('  while (true) {}', `  require('fs').writeFileSync(${JSON.stringify(marker)}, 'x');\n  while (true) {}`), { mode: 'execute', budgetMs: 30_000 });
    const planFile = path.join(dir, 'orphan-plan.json');
    fs.writeFileSync(planFile, JSON.stringify(stuck));
    const runnerModule = path.join(__dirname, '..', 'src', 'probe', 'runner.js');
    const host = spawn(
      process.execPath,
      [
        '-e',
        `const { ProbeRunner } = require(${JSON.stringify(runnerModule)});
const plan = JSON.parse(require('fs').readFileSync(process.argv[1], 'utf8'));
const runner = new ProbeRunner();
let told = false;
runner.run(plan, { onProgress: () => { if (!told && runner.workerPids[0]) { told = true; console.log('worker ' + runner.workerPids[0]); } } });`,
        planFile,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    host.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    let worker: number | undefined;
    try {
      await measured(t, 'orphaned worker in an endless loop', () => (worker === undefined ? [] : [worker]), async () => {
        await until('the worker pid', () => /worker \d+/.test(out));
        worker = Number(/worker (\d+)/.exec(out)?.[1]);
        await until('the program to enter its loop', () => fs.existsSync(marker));
        assert.ok(alive(worker));
        host.kill('SIGKILL');
        await until('the orphaned worker to stop', () => !alive(worker as number), 10_000);
      });
    } finally {
      // Should the watchdog fail, the spinning worker must not outlive the test.
      if (host.exitCode === null && host.signalCode === null) host.kill('SIGKILL');
      if (worker !== undefined && alive(worker)) process.kill(worker, 'SIGKILL');
    }
  });

  test('the worker caps its own memory, without the runner watching (every platform)', { timeout: 60_000 }, async (t) => {
    // The worker alone, as the runner starts it, but with nobody polling its memory from outside.
    const memoryMb = 400;
    const hog = plan(hoarder('tf.ones([16, 1024, 1024])'), { mode: 'execute' });
    const child = fork(path.join(__dirname, '..', 'src', 'probe', 'worker.js'), workerArgs(hog.backend, memoryMb), {
      execArgv: [],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.once('exit', (code, signal) => resolve([code, signal])));
    try {
      const [code, signal] = await measured(t, 'worker alone, unbounded allocation', () => (child.pid === undefined ? [] : [child.pid]), async () => {
        child.once('message', () => child.send({ type: 'run', requestId: 1, plan: hog } satisfies ParentMessage));
        return exited;
      });
      assert.match(stderr, /out of memory: \d+ MB resident, above the 400 MB cap/);
      if (process.platform !== 'win32') assert.deepEqual([code, signal], [null, 'SIGKILL']);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });
});

describe('probe limits: through the language server', () => {
  let client: TestClient;
  const seen = new Set<number>();
  let watch: NodeJS.Timeout;
  const workers = (): number[] => (client.process.pid === undefined ? [] : childrenOf(client.process.pid));

  before(async () => {
    client = await TestClient.start({ server: REAL_SERVER, settings: { probe: { budgetSeconds: 30 } } });
    watch = setInterval(() => workers().forEach((pid) => seen.add(pid)), 20);
  });

  after(async () => {
    await client.stop();
    clearInterval(watch);
    // Shutting the server down ends its warm worker.
    for (const pid of seen) await until(`worker ${pid} to exit with the server`, () => !alive(pid), 5000);
  });

  async function openProgram(text: string): Promise<unknown[]> {
    const fileName = path.join(dir, `lsp-${++files}.js`);
    fs.writeFileSync(fileName, text);
    const uri = pathToFileURL(fileName).href;
    await client.open(uri, text);
    await client.diagnosticsFor(uri, 1);
    const lenses = await client.codeLenses(uri);
    assert.equal(lenses.length, 1, 'one training site');
    return lenses[0]!.command!.arguments!;
  }

  interface Result {
    status: string;
    message: string;
    report?: ProbeReport;
  }

  test('20 probe requests at once: every one answered with a typed result by one warm worker; the server keeps serving', { timeout: 60_000 }, async (t) => {
    const args = await openProgram(STABLE);
    const sampler = new Sampler(workers);
    const results = await measured(t, '20 requests at once over LSP', workers, () =>
      Promise.all(Array.from({ length: 20 }, () => client.executeCommand('nanscope.runProbe', args) as Promise<Result>)),
    );
    sampler.stop();
    for (const result of results) {
      assert.equal(result.status, 'done', result.message);
      assertWorks(result.report!, result.message);
    }
    assert.equal(results.filter((r) => !r.report!.warm).length, 1, 'one worker started, then kept warm');
    if (LINUX) {
      assert.equal(sampler.mostAtOnce, 1, 'never more than one worker');
      assert.equal(workers().length, 1, 'the warm worker');
    }
    assert.equal(client.process.exitCode, null, 'the server is alive');
    assert.equal((await client.codeLenses(pathToFileURL(path.join(dir, `lsp-${files}.js`)).href)).length, 1, 'and answers');
  });

  test('a refused or cancelled request leaves what the last run at the site found', () => {
    const quiet = { error() {}, warn() {}, info() {}, log() {} } as unknown as RemoteConsole;
    const service = new ProbeService(new Logger(quiet), () => null);
    const origin = { planId: 'p', fileName: '/w/a.js', siteId: 'site@1', siteLine: 3, mode: 'reconstruct' } as const;
    const found: ProbeReport = { ...emptyReport(origin, 'NaN at epoch 2', null), verdict: 'nan' };
    service.remember('file:///w/a.js', 1, found);
    for (const kind of ['queue-full', 'cancelled'] as const) service.remember('file:///w/a.js', 1, emptyReport(origin, kind, { kind, message: kind }));
    assert.deepEqual(service.resultsFor('file:///w/a.js', 1), [found]);
    // A run that failed on the program itself (it crashed, looped, ran out of memory) is a result.
    const crashed = emptyReport(origin, 'crash', { kind: 'crash', message: 'the probe worker exited unexpectedly (signal SIGKILL)' });
    service.remember('file:///w/a.js', 1, crashed);
    assert.deepEqual(service.resultsFor('file:///w/a.js', 1), [crashed]);
  });

  test('a worker killed mid-run: the request gets a crash report, the next one a fresh worker', { skip: !LINUX && 'finds the worker in /proc', timeout: 60_000 }, async (t) => {
    const args = await openProgram(LONG);
    const from = client.progress.length;
    let worker: number | undefined;
    const crashed = await measured(t, 'worker killed mid-run over LSP', workers, async () => {
      const pending = client.executeCommand('nanscope.runProbe', args) as Promise<Result>;
      await client.waitFor('a training epoch', () => client.progress.slice(from).some((p) => p.value.kind === 'report' && /^epoch \d+\//.test(p.value.message ?? '')), 30_000);
      [worker] = workers();
      assert.ok(worker !== undefined);
      process.kill(worker, 'SIGKILL');
      return pending;
    });
    const killed = worker;
    assert.ok(killed !== undefined);
    assert.equal(crashed.status, 'done', crashed.message);
    assert.deepEqual([crashed.report?.verdict, crashed.report?.failure?.kind], ['inconclusive', 'crash']);
    assert.match(crashed.message, /inconclusive: the probe worker exited unexpectedly \(signal SIGKILL\)/);
    await until('the killed worker to be gone', () => !alive(killed));

    const next = (await client.executeCommand('nanscope.runProbe', await openProgram(STABLE))) as Result;
    assert.equal(next.status, 'done', next.message);
    assertWorks(next.report!, next.message);
    assert.equal(next.report!.warm, false, 'a fresh worker');
    assert.ok(!workers().includes(killed));
    assert.equal(client.process.exitCode, null, 'the server is alive');
  });
});
