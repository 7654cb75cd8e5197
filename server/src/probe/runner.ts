// The parent side of the stability probe: forks worker processes, queues requests (at most
// `maxWorkers` processes, 1 by default), keeps a worker warm between requests, and turns every way a
// run can end — a report, a crash, a timeout, running out of memory, a cancel — into a typed
// ProbeReport. It never throws for a run: errors are data.
//
// Limits: a reconstructed model above the parameter limit is refused before a worker starts; a
// run gets a deadline once its worker is ready (loading TF.js has its own); a worker's resident
// memory is capped twice, by the worker's own watchdog thread (every platform) and by polling it
// from here (Linux); beyond `maxQueue` waiting requests, new ones are refused at once. A worker
// that is killed, from here or from outside, is replaced for the next request.
//
// Worker location: `probe-worker.js` beside this file in the esbuild bundle (dist/), else the tsc
// output `worker.js` beside this file (out/server/src/probe/), else dist/ at the repository root.
// NANSCOPE_PROBE_WORKER overrides it.

import { fork, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildProbePlan, findingsAt, type PlanOptions } from './plan';
import {
  EXECUTE_GRACE_MS,
  backendKey,
  emptyReport,
  isUnbuildable,
  originOf,
  workerArgs,
  type BackendInfo,
  type BackendRequest,
  type FailureKind,
  type ParentMessage,
  type ProbePlan,
  type ProbeProgress,
  type ProbeReport,
  type UnbuildablePlan,
  type WorkerMessage,
} from './protocol';
import type { AnalysisResult, Finding, TrainingSite } from '../analysis/types';

export type LogFunction = (level: 'debug' | 'info' | 'warn' | 'error', message: string) => void;

export interface ProbeRunnerOptions {
  /** Worker processes at once (1-2; the default 1 leaves a core for the editor). */
  maxWorkers?: number;
  /** Resident memory a worker may use before it is killed (MB); its V8 heap gets 3/4 of it. Tensors count too: they live outside the heap. */
  memoryMb?: number;
  /** Keep a worker after a run, for the next one (default true). */
  keepWarm?: boolean;
  /** A warm worker idle this long exits (default 2 minutes). */
  idleTimeoutMs?: number;
  /** How long a worker may take to load TF.js (default 20 s). */
  startupTimeoutMs?: number;
  /** Requests that may wait for a worker; beyond that they are refused at once (default 32). */
  maxQueue?: number;
  workerPath?: string;
  log?: LogFunction;
}

export interface RunProbeOptions {
  signal?: AbortSignal;
  onProgress?: (progress: ProbeProgress) => void;
  /** Hard wall-time limit for this request, from when a worker starts on it (loading TF.js has its own limit); by default derived from the plan's budget. */
  timeoutMs?: number;
}

interface WorkerHandle {
  key: string;
  child: ChildProcess;
  state: 'starting' | 'idle' | 'busy' | 'dead';
  backend: BackendInfo | null;
  startupMs: number;
  stderr: string;
  served: number;
  job: Job | null;
  idleTimer: NodeJS.Timeout | null;
  memoryTimer: NodeJS.Timeout | null;
  /** Largest resident memory seen by the poll (kB; Linux only). */
  peakRssKb: number;
  /** Why we killed it, when we did. */
  killedFor: FailureKind | null;
}

interface Job {
  plan: ProbePlan;
  options: RunProbeOptions;
  requestId: number;
  queuedAt: number;
  /** When a worker took it. */
  startedAt: number;
  resolve(report: ProbeReport): void;
  timer: NodeJS.Timeout | null;
  /** The deadline the timer was set to, once it runs. */
  timeoutMs: number;
  abortListener: (() => void) | null;
  settled: boolean;
}

const STDERR_TAIL = 8192;

export class ProbeRunner {
  private readonly workers: WorkerHandle[] = [];
  private readonly queue: Job[] = [];
  private nextRequestId = 1;
  private disposed = false;
  private readonly maxWorkers: number;
  private readonly memoryMb: number;
  private readonly keepWarm: boolean;
  private readonly idleTimeoutMs: number;
  private readonly startupTimeoutMs: number;
  private readonly maxQueue: number;
  private readonly log: LogFunction;
  private readonly workerPath: string;

  constructor(options: ProbeRunnerOptions = {}) {
    this.maxWorkers = Math.max(1, Math.min(2, options.maxWorkers ?? 1));
    this.memoryMb = options.memoryMb ?? 2048;
    this.keepWarm = options.keepWarm ?? true;
    this.idleTimeoutMs = options.idleTimeoutMs ?? 120_000;
    this.startupTimeoutMs = options.startupTimeoutMs ?? 20_000;
    this.maxQueue = options.maxQueue ?? 32;
    this.log = options.log ?? (() => undefined);
    this.workerPath = options.workerPath ?? findWorker();
  }

  /** Runs one plan. Always resolves, with a typed `inconclusive` report when the run failed. */
  run(plan: ProbePlan | UnbuildablePlan, options: RunProbeOptions = {}): Promise<ProbeReport> {
    if (isUnbuildable(plan)) return Promise.resolve(unbuildableReport(plan));
    if (this.disposed) return Promise.resolve(failureReport(plan, 'cancelled', 'the probe runner was shut down', null, 0));
    if (options.signal?.aborted) return Promise.resolve(failureReport(plan, 'cancelled', 'cancelled before it started', null, 0));
    const tooLarge = refuseTooLarge(plan);
    if (tooLarge) return Promise.resolve(tooLarge);
    if (this.queue.length >= this.maxQueue) {
      return Promise.resolve(failureReport(plan, 'queue-full', `${this.queue.length} probe requests are already waiting; try again when they finish`, null, 0));
    }
    return new Promise<ProbeReport>((resolve) => {
      const job: Job = { plan, options, requestId: this.nextRequestId++, queuedAt: performance.now(), startedAt: 0, resolve, timer: null, timeoutMs: 0, abortListener: null, settled: false };
      if (options.signal) {
        job.abortListener = () => this.cancel(job);
        options.signal.addEventListener('abort', job.abortListener, { once: true });
      }
      this.queue.push(job);
      this.pump();
    });
  }

  /** Starts a worker ahead of the first request, so that one is warm. */
  warmUp(backend: BackendRequest = { preference: 'auto' }): void {
    const key = backendKey(backend);
    if (this.disposed || this.workers.some((w) => w.key === key) || this.workers.length >= this.maxWorkers) return;
    this.spawn(backend);
  }

  /** Stops every worker and cancels queued requests. */
  async dispose(): Promise<void> {
    this.disposed = true;
    for (const job of this.queue.splice(0)) this.settle(job, failureReport(job.plan, 'cancelled', 'the probe runner was shut down', null, performance.now() - job.queuedAt));
    await Promise.all(this.workers.slice().map((w) => this.retire(w, true)));
  }

  /** Workers alive now (for tests and status). */
  get workerCount(): number {
    return this.workers.filter((w) => w.state !== 'dead').length;
  }

  /** Process ids of the workers alive now (for tests and status). */
  get workerPids(): number[] {
    return this.workers.filter((w) => w.state !== 'dead' && w.child.pid !== undefined).map((w) => w.child.pid as number);
  }

  // -------------------------------------------------------------------------------------------

  private pump(): void {
    while (this.queue.length > 0 && !this.disposed) {
      const job = this.queue[0] as Job;
      const key = backendKey(job.plan.backend);
      let worker = this.workers.find((w) => w.key === key && w.state === 'idle') ?? this.workers.find((w) => w.key === key && w.state === 'starting' && !w.job);
      if (!worker) {
        if (this.workers.length >= this.maxWorkers) {
          const idle = this.workers.find((w) => w.state === 'idle');
          if (!idle) return;
          void this.retire(idle, false);
        }
        worker = this.spawn(job.plan.backend);
      }
      this.queue.shift();
      this.assign(worker, job);
    }
  }

  private spawn(backend: BackendRequest): WorkerHandle {
    const heapMb = Math.max(256, Math.floor(this.memoryMb * 0.75));
    const child = fork(this.workerPath, workerArgs(backend, this.memoryMb), {
      // Never inherit the parent's flags (--inspect, --test, loaders): the worker is plain Node.
      execArgv: [`--max-old-space-size=${heapMb}`],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'advanced',
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    const worker: WorkerHandle = {
      key: backendKey(backend),
      child,
      state: 'starting',
      backend: null,
      startupMs: 0,
      stderr: '',
      served: 0,
      job: null,
      idleTimer: null,
      memoryTimer: null,
      peakRssKb: 0,
      killedFor: null,
    };
    const spawnedAt = performance.now();
    this.workers.push(worker);
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      worker.stderr = (worker.stderr + chunk).slice(-STDERR_TAIL);
    });
    child.on('message', (message: WorkerMessage) => this.onMessage(worker, message, spawnedAt));
    child.on('exit', (code, signal) => this.onExit(worker, code, signal));
    child.on('error', (error) => this.log('error', `probe worker: ${error.message}`));
    const startupTimer = setTimeout(() => {
      if (worker.state === 'starting') this.kill(worker, 'timeout');
    }, this.startupTimeoutMs);
    startupTimer.unref();
    child.once('message', () => clearTimeout(startupTimer));
    this.watchMemory(worker);
    this.log('debug', `probe worker ${child.pid} started (${worker.key})`);
    return worker;
  }

  private assign(worker: WorkerHandle, job: Job): void {
    worker.job = job;
    job.startedAt = performance.now();
    if (worker.idleTimer) clearTimeout(worker.idleTimer);
    worker.idleTimer = null;
    worker.child.ref();
    (worker.child.channel as { ref?: () => void } | null | undefined)?.ref?.();
    job.options.onProgress?.({ planId: job.plan.id, phase: 'starting', epoch: 0, epochs: 0, loss: null, percentage: 0, message: worker.state === 'starting' ? 'starting the probe worker' : 'starting' });
    if (worker.state === 'idle') this.send(worker, job);
  }

  private send(worker: WorkerHandle, job: Job): void {
    worker.state = 'busy';
    // The deadline runs from here: a worker still loading TF.js is held to the startup limit instead.
    job.timeoutMs = job.options.timeoutMs ?? hardTimeoutMs(job.plan, 0);
    job.timer = setTimeout(() => {
      if (worker.job === job) this.kill(worker, 'timeout');
    }, job.timeoutMs);
    const message: ParentMessage = { type: 'run', requestId: job.requestId, plan: job.plan };
    worker.child.send(message);
  }

  private onMessage(worker: WorkerHandle, message: WorkerMessage, spawnedAt: number): void {
    switch (message.type) {
      case 'ready':
        worker.backend = message.backend;
        worker.startupMs = performance.now() - spawnedAt;
        this.log('info', `probe worker ${worker.child.pid}: TF.js ${message.backend.version} on ${message.backend.name} (${message.backend.source === 'workspace' ? `the workspace's ${message.backend.packageName}` : 'bundled'})${message.backend.fallbackReason ? `; ${message.backend.fallbackReason}` : ''}`);
        if (worker.job) this.send(worker, worker.job);
        else this.becomeIdle(worker);
        break;
      case 'fatal':
        worker.killedFor = 'no-backend';
        worker.stderr += `\n${message.message}`;
        this.log('error', `probe worker: ${message.message}`);
        break;
      case 'log':
        this.log(message.level === 'warn' ? 'warn' : message.level, `probe worker: ${message.message}`);
        break;
      case 'progress':
        if (worker.job?.requestId === message.requestId) worker.job.options.onProgress?.(message.progress);
        break;
      case 'result': {
        const job = worker.job;
        if (!job || job.requestId !== message.requestId) break;
        worker.job = null;
        worker.served++;
        const report = message.report;
        report.timings.totalMs = performance.now() - job.queuedAt;
        report.timings.queuedMs = job.startedAt - job.queuedAt;
        if (worker.served === 1) report.timings.startupMs = worker.startupMs;
        this.settle(job, report);
        if (message.recycle || !this.keepWarm) void this.retire(worker, false);
        else this.becomeIdle(worker);
        this.pump();
        break;
      }
    }
  }

  private becomeIdle(worker: WorkerHandle): void {
    worker.state = 'idle';
    // An idle worker must not keep a CLI process alive; the runner's dispose() ends it anyway.
    worker.child.unref();
    (worker.child.channel as { unref?: () => void } | null | undefined)?.unref?.();
    worker.idleTimer = setTimeout(() => void this.retire(worker, false), this.idleTimeoutMs);
    worker.idleTimer.unref();
    if (this.queue.length > 0) this.pump();
  }

  private onExit(worker: WorkerHandle, code: number | null, signal: NodeJS.Signals | null): void {
    const wasState = worker.state;
    worker.state = 'dead';
    this.cleanup(worker);
    const index = this.workers.indexOf(worker);
    if (index >= 0) this.workers.splice(index, 1);
    const job = worker.job;
    worker.job = null;
    if (job && !job.settled) {
      const kind = worker.killedFor ?? classifyExit(worker.stderr, code, signal);
      const message = describeExit(kind, worker, code, signal, job, this.memoryMb);
      this.settle(job, failureReport(job.plan, kind, message, worker.backend, performance.now() - job.queuedAt));
    } else if (wasState === 'starting' && worker.killedFor === 'no-backend') {
      this.log('error', 'probe worker could not start TF.js');
    }
    this.pump();
  }

  private cancel(job: Job): void {
    if (job.settled) return;
    const queued = this.queue.indexOf(job);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      this.settle(job, failureReport(job.plan, 'cancelled', 'cancelled before it started', null, performance.now() - job.queuedAt));
      return;
    }
    const worker = this.workers.find((w) => w.job === job);
    if (worker) this.kill(worker, 'cancelled');
  }

  private kill(worker: WorkerHandle, reason: FailureKind): void {
    if (worker.state === 'dead') return;
    worker.killedFor ??= reason;
    worker.child.kill('SIGKILL');
  }

  private async retire(worker: WorkerHandle, force: boolean): Promise<void> {
    if (worker.state === 'dead') return;
    // An idle worker is unref'd; without this its exit event could be lost when nothing else keeps
    // the event loop alive, and dispose() would never resolve.
    worker.child.ref();
    const exited = new Promise<void>((resolve) => {
      if (worker.child.exitCode !== null || worker.child.signalCode !== null) resolve();
      else worker.child.once('exit', () => resolve());
    });
    if (force || worker.state !== 'idle') {
      this.kill(worker, 'cancelled');
    } else {
      try {
        const message: ParentMessage = { type: 'exit' };
        worker.child.send(message);
      } catch {
        this.kill(worker, 'cancelled');
      }
      const timer = setTimeout(() => this.kill(worker, 'cancelled'), 1000);
      timer.unref();
    }
    worker.state = worker.state === 'idle' ? 'dead' : worker.state;
    const index = this.workers.indexOf(worker);
    if (index >= 0 && worker.state === 'dead') this.workers.splice(index, 1);
    await exited;
  }

  private settle(job: Job, report: ProbeReport): void {
    if (job.settled) return;
    job.settled = true;
    if (job.timer) clearTimeout(job.timer);
    if (job.abortListener) job.options.signal?.removeEventListener('abort', job.abortListener);
    job.resolve(report);
  }

  private cleanup(worker: WorkerHandle): void {
    if (worker.idleTimer) clearTimeout(worker.idleTimer);
    if (worker.memoryTimer) clearInterval(worker.memoryTimer);
    worker.idleTimer = null;
    worker.memoryTimer = null;
  }

  /** Linux: polls the worker's resident memory and kills it above the cap (tensors live outside the V8 heap). */
  private watchMemory(worker: WorkerHandle): void {
    const pid = worker.child.pid;
    if (pid === undefined || process.platform !== 'linux') return;
    const limitKb = this.memoryMb * 1024;
    worker.memoryTimer = setInterval(() => {
      if (worker.state !== 'busy' && worker.state !== 'starting') return;
      const rss = readRssKb(pid);
      if (rss !== undefined) worker.peakRssKb = Math.max(worker.peakRssKb, rss);
      if (rss !== undefined && rss > limitKb) {
        this.log('warn', `probe worker ${pid} uses ${Math.round(rss / 1024)} MB, above the ${this.memoryMb} MB cap; stopping it`);
        this.kill(worker, 'out-of-memory');
      }
    }, 100);
    worker.memoryTimer.unref();
  }
}

// ---------------------------------------------------------------------------------------------
// The module-level API the language server uses (`server/src/lsp/probe.ts` requires this file).

/** What the language server hands over for one training site (mirrors `ProbeRequest` in lsp/probe.ts). */
export interface ProbeRequestLike {
  fileName: string;
  text: string;
  site: TrainingSite;
  analysis: AnalysisResult;
  findings: Finding[];
  budgetSeconds: number;
  mode: 'reconstruct' | 'execute';
  /** The workspace is trusted: the workspace's own @tensorflow/tfjs-node may be loaded. */
  trusted?: boolean;
}

let shared: ProbeRunner | undefined;
let sharedLog: LogFunction | undefined;

/** The process-wide runner (one queue, one warm worker). */
export function sharedRunner(): ProbeRunner {
  shared ??= new ProbeRunner({ log: (level, message) => sharedLog?.(level, message) });
  return shared;
}

/** Where the shared runner's log lines go (the server's logger). */
export function setProbeLog(log: LogFunction | undefined): void {
  sharedLog = log;
}

/** Builds the plan for a language-server request. */
export function planFor(request: ProbeRequestLike): ProbePlan | UnbuildablePlan {
  // The server forwards `execute` only for trusted workspaces (lsp/probe.ts); `trusted` says so explicitly.
  const trusted = request.trusted ?? request.mode === 'execute';
  const options: PlanOptions = {
    text: request.text,
    budgetMs: Math.max(0.5, request.budgetSeconds) * 1000,
    allowWorkspaceBackend: trusted,
    fixes: request.findings.length > 0 ? request.findings : findingsAt(request.analysis, request.site),
    mode: request.mode,
    trusted,
  };
  return buildProbePlan({ ...request.analysis, fileName: request.fileName }, request.site.id, options);
}

/** Runs a plan (or a language-server request) on the shared runner. */
export function runProbe(plan: ProbePlan | UnbuildablePlan | ProbeRequestLike, options: RunProbeOptions = {}): Promise<ProbeReport> {
  const resolved = 'site' in plan && 'analysis' in plan ? planFor(plan) : plan;
  return sharedRunner().run(resolved, options);
}

/** Stops the shared runner's workers (server shutdown). */
export async function disposeSharedRunner(): Promise<void> {
  const runner = shared;
  shared = undefined;
  await runner?.dispose();
}

// ---------------------------------------------------------------------------------------------
// Reports for runs that did not finish

export function failureReport(plan: ProbePlan, kind: FailureKind, message: string, backend: BackendInfo | null, totalMs: number): ProbeReport {
  const training = plan.main.training;
  const report: ProbeReport = {
    ...emptyReport(originOf(plan), message, { kind, message }),
    epochsPlanned: training.kind === 'model' ? training.epochs : training.steps,
    stepUnit: training.kind === 'model' ? 'epoch' : 'step',
    backend,
    notes: [...plan.notes],
  };
  report.timings.totalMs = totalMs;
  return report;
}

export function unbuildableReport(plan: UnbuildablePlan): ProbeReport {
  const origin = { planId: `${path.basename(plan.fileName)}#${plan.siteId}`, fileName: plan.fileName, siteId: plan.siteId, siteLine: plan.siteLine, mode: 'reconstruct' } as const;
  return emptyReport(origin, `the probe cannot rebuild this training: ${plan.reason}`, { kind: 'unbuildable', message: plan.reason });
}

function classifyExit(stderr: string, code: number | null, signal: NodeJS.Signals | null): FailureKind {
  if (/heap out of memory|Reached heap limit|Allocation failed|Out of memory|RangeError: Array buffer allocation failed/i.test(stderr)) return 'out-of-memory';
  if (signal === 'SIGKILL' && code === null && /oom/i.test(stderr)) return 'out-of-memory';
  return 'crash';
}

function describeExit(kind: FailureKind, worker: WorkerHandle, code: number | null, signal: NodeJS.Signals | null, job: Job, memoryMb: number): string {
  switch (kind) {
    case 'cancelled':
      return 'cancelled';
    case 'timeout':
      return job.timeoutMs === 0 || !worker.backend
        ? 'the probe worker did not load TF.js in time'
        : `the probe did not finish within ${Math.round(job.timeoutMs / 1000)} s and was stopped (an endless loop in the program?); the next request gets a fresh worker`;
    case 'out-of-memory': {
      const seen = worker.peakRssKb > 0 ? `, ${Math.round(worker.peakRssKb / 1024)} MB resident when last measured` : '';
      return `the probe worker ran out of memory (its cap is ${memoryMb} MB${seen}) and was stopped; the next request gets a fresh worker`;
    }
    case 'no-backend':
      return `no TF.js backend could be started: ${lastLine(worker.stderr)}`;
    default: {
      const tail = lastLine(worker.stderr);
      return `the probe worker exited unexpectedly (${signal ? `signal ${signal}` : `exit code ${code}`})${tail ? `: ${tail}` : ''}`;
    }
  }
}

function lastLine(text: string): string {
  // Node's fatal-error trailer ("Node.js v20.11.0") says nothing about the failure.
  const lines = text.trim().split('\n').filter((l) => l.trim().length > 0 && !/^Node\.js v\d/.test(l.trim()));
  return (lines[lines.length - 1] ?? '').trim().slice(0, 300);
}

/** The wall time after which a run is killed: startup + main + replay + fix runs, with slack. */
export function hardTimeoutMs(plan: ProbePlan, startupMs: number): number {
  const b = plan.budget;
  // Execute mode gives the program a grace period to reach its fit, and never replays.
  const main = plan.mode === 'execute' ? b.trainMs + EXECUTE_GRACE_MS : b.trainMs;
  const replay = plan.localize && plan.mode !== 'execute' ? 3 * b.trainMs + 1000 : 0;
  return startupMs + main + replay + plan.variants.length * b.variantMs + 10_000;
}

/**
 * A reconstructed model above the parameter limit is answered without starting a worker (the
 * worker checks again, and execute mode counts the program's weights as it creates them).
 */
function refuseTooLarge(plan: ProbePlan): ProbeReport | null {
  const training = plan.main.training;
  if (plan.mode !== 'reconstruct' || training.kind !== 'model' || training.estimatedParams <= plan.budget.maxParams) return null;
  const message = `the model has about ${training.estimatedParams.toLocaleString('en-US')} parameters, above the probe's limit of ${plan.budget.maxParams.toLocaleString('en-US')}`;
  const report = failureReport(plan, 'too-large', message, null, 0);
  report.reason = `${message}; the probe did not train it.`;
  return report;
}

function readRssKb(pid: number): number | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /VmRSS:\s+(\d+)\s+kB/.exec(status);
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

export function findWorker(): string {
  const override = process.env['NANSCOPE_PROBE_WORKER'];
  const candidates = [
    override,
    path.join(__dirname, 'probe-worker.js'),
    path.join(__dirname, 'worker.js'),
    path.resolve(__dirname, '../../../../dist/probe-worker.js'),
  ].filter((p): p is string => typeof p === 'string' && p.length > 0);
  return candidates.find((p) => fs.existsSync(p)) ?? (candidates[1] as string);
}
