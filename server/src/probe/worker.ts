// The probe worker: a child process (child_process.fork) that loads TF.js, and the only module of
// nanscope that does. It speaks the protocol in `protocol.ts` over IPC, never writes to stdout, and
// turns every library message (TF.js warnings, the CPU backend's "running TensorFlow.js in Node.js"
// banner, which is dropped) into `log` messages. One run at a time; a kept-warm worker serves many.
//
// Backend ladder: the workspace's own @tensorflow/tfjs-node when the runner passes its path (the
// runner does so only when loading workspace code is allowed), else the bundled TF.js on WASM, else
// on the CPU backend. Built two ways: by tsc (out/server/src/probe/worker.js, resolving TF.js from
// node_modules) and by esbuild (dist/probe-worker.js with the .wasm files beside it).
//
// A watchdog thread stops the process (SIGKILL) when its resident memory passes the cap the runner
// gives (`--memory-mb`: tensors live outside the V8 heap, so --max-old-space-size does not bound
// them), or when the runner's process is gone. It is a thread because the main thread may be stuck
// in the user's endless loop, where no timer or 'disconnect' event of its own would ever run.

import { Worker } from 'node:worker_threads';
import { inspect } from 'node:util';
import type * as TfModule from '@tensorflow/tfjs';
import { KernelGuards, OpContextStack, type GuardHit } from './guards';
import {
  MAX_BATCH_RECORDS,
  emptyReport,
  nonFiniteName,
  originOf,
  type BackendInfo,
  type BatchRecord,
  type FixVerification,
  type LayerPlan,
  type NonFiniteEvent,
  type ParentMessage,
  type ProbePlan,
  type ProbeProgress,
  type ProbeReport,
  type WorkerMessage,
} from './protocol';
import { ProbeError, executeRun, messageOf, type RunResult, type TrainEnv } from './training';
import { isVerified, judge } from './verdict';

type Tf = typeof TfModule;
type InterpreterModule = typeof import('./interpreter');

const BANNER = /looks like you are running TensorFlow\.js in Node\.js/;
/** The worker's own exit (execute mode replaces `process.exit` for the user's program). */
const exit: (code?: number) => never = process.exit.bind(process);
/** While the user's program runs (execute mode), its console output is logged at debug level. */
let userOutput = false;

function send(message: WorkerMessage): void {
  if (process.send && process.connected) process.send(message);
}

/** Library output goes to the parent as `log` messages; the banner goes nowhere. */
function captureConsole(): void {
  const levels: Record<string, 'debug' | 'info' | 'warn' | 'error'> = { log: 'info', info: 'info', debug: 'debug', trace: 'debug', warn: 'warn', error: 'error' };
  for (const [method, level] of Object.entries(levels)) {
    (console as unknown as Record<string, unknown>)[method] = (...parts: unknown[]) => {
      const message = parts.map((p) => (typeof p === 'string' ? p : inspect(p, { depth: 2 }))).join(' ');
      if (BANNER.test(message)) return;
      send({ type: 'log', level: userOutput ? 'debug' : level, message: userOutput ? `program output: ${message}` : message });
    };
  }
}

interface WorkerArgs {
  backend: 'auto' | 'wasm' | 'cpu';
  tfjsNode?: string;
  memoryMb?: number;
}

function parseArgs(argv: string[]): WorkerArgs {
  const out: WorkerArgs = { backend: 'auto' };
  for (let i = 0; i < argv.length; i++) {
    const value = argv[i + 1];
    if (argv[i] === '--backend' && (value === 'auto' || value === 'wasm' || value === 'cpu')) out.backend = value;
    if (argv[i] === '--tfjs-node' && value) out.tfjsNode = value;
    if (argv[i] === '--memory-mb' && Number(value) > 0) out.memoryMb = Number(value);
  }
  return out;
}

/**
 * The watchdog thread's code (plain JavaScript, so both builds carry it as a string). It writes
 * straight to fd 2, since the process's stderr stream belongs to the main thread; the runner reads
 * "out of memory" there and reports the run as such.
 */
const WATCHDOG = `
const { workerData } = require('node:worker_threads');
const fs = require('node:fs');
const { limitBytes, limitMb, parentPid } = workerData;
setInterval(() => {
  const rss = process.memoryUsage.rss();
  if (limitBytes > 0 && rss > limitBytes) {
    fs.writeSync(2, 'nanscope probe worker: out of memory: ' + Math.round(rss / 1048576) + ' MB resident, above the ' + limitMb + ' MB cap\\n');
    process.kill(process.pid, 'SIGKILL');
  }
  // Orphaned: the runner died without ending this process (POSIX reparents it).
  if (parentPid > 1 && process.ppid !== parentPid) process.kill(process.pid, 'SIGKILL');
}, 50);
`;

function startWatchdog(memoryMb: number | undefined): void {
  try {
    const watchdog = new Worker(WATCHDOG, { eval: true, workerData: { limitBytes: (memoryMb ?? 0) * 1048576, limitMb: memoryMb ?? 0, parentPid: process.ppid } });
    watchdog.on('error', (error) => send({ type: 'log', level: 'warn', message: `probe worker: the memory watchdog stopped: ${messageOf(error)}` }));
    watchdog.unref();
  } catch (error) {
    send({ type: 'log', level: 'warn', message: `probe worker: no memory watchdog: ${messageOf(error)}` });
  }
}

interface Loaded {
  tf: Tf;
  backend: BackendInfo;
  guards: KernelGuards;
  contexts: OpContextStack;
  baselineTensors: number;
}

async function loadTf(args: WorkerArgs): Promise<{ tf: Tf; backend: BackendInfo }> {
  let fallbackReason: string | undefined;
  if (args.tfjsNode) {
    try {
      // The workspace's own native backend, resolved by the runner from the analyzed file's folder
      // (as vscode-eslint resolves eslint). It registers the `tensorflow` backend on load.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const tf = require(args.tfjsNode) as Tf;
      await tf.ready();
      return { tf, backend: { name: tf.getBackend(), packageName: packageNameOf(args.tfjsNode), version: versionOf(tf), source: 'workspace' } };
    } catch (error) {
      fallbackReason = `the workspace's TF.js native backend did not load (${messageOf(error)})`;
    }
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const tf = require('@tensorflow/tfjs') as Tf;
  if (args.backend !== 'cpu') {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require('@tensorflow/tfjs-backend-wasm');
      if (await tf.setBackend('wasm')) {
        const backend: BackendInfo = { name: 'wasm', packageName: '@tensorflow/tfjs', version: versionOf(tf), source: 'bundled' };
        if (fallbackReason) backend.fallbackReason = fallbackReason;
        return { tf, backend };
      }
      fallbackReason ??= 'the WASM backend did not initialize';
    } catch (error) {
      fallbackReason ??= `the WASM backend did not load (${messageOf(error)})`;
    }
  } else {
    fallbackReason ??= 'the CPU backend was requested';
  }
  if (!(await tf.setBackend('cpu'))) throw new Error('neither the WASM nor the CPU backend of TF.js initialized');
  const backend: BackendInfo = { name: 'cpu', packageName: '@tensorflow/tfjs', version: versionOf(tf), source: 'bundled' };
  if (fallbackReason) backend.fallbackReason = fallbackReason;
  return { tf, backend };
}

function versionOf(tf: Tf): string {
  const v = (tf as unknown as { version_core?: string; version?: Record<string, string> });
  return v.version?.['tfjs'] ?? v.version?.['tfjs-core'] ?? v.version_core ?? 'unknown';
}

function packageNameOf(entry: string): string {
  const match = /node_modules[\\/](@tensorflow[\\/][^\\/]+)/.exec(entry);
  return match?.[1]?.replace('\\', '/') ?? '@tensorflow/tfjs-node';
}

/** Runs the user's file (execute mode); its console output is logged at debug level. */
async function runUserProgram(env: TrainEnv, file: string, siteLine: number, budgetMs: number, layers: LayerPlan[]): Promise<RunResult> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { executeAsWritten } = require('./execute') as typeof import('./execute');
  userOutput = true;
  try {
    return await executeAsWritten(env, file, siteLine, budgetMs, layers);
  } finally {
    userOutput = false;
  }
}

let interpreterModule: InterpreterModule | undefined;
function loadInterpreter(): InterpreterModule {
  // Required on first use: it brings the TypeScript parser (~0.2 s), which plans with only literal
  // data and built-in losses never need.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  interpreterModule ??= require('./interpreter') as InterpreterModule;
  return interpreterModule;
}

// ---------------------------------------------------------------------------------------------
// One probe

async function probe(loaded: Loaded, requestId: number, plan: ProbePlan, warm: boolean, startupMs: number): Promise<{ report: ProbeReport; recycle: boolean }> {
  const started = performance.now();
  const { tf } = loaded;
  const weights = { main: 1, localize: plan.localize ? 0.5 : 0, variant: 0.4 };
  const total = weights.main + weights.localize + weights.variant * plan.variants.length;
  let done = 0;
  let phase: ProbeProgress['phase'] = 'training';
  let phaseWeight = weights.main;
  let lastLoss: number | null = null;
  const progress = (epoch: number, epochs: number, loss: number | null): void => {
    lastLoss = loss;
    const fraction = epochs > 0 ? Math.min(1, epoch / epochs) : 0;
    const percentage = Math.round(((done + fraction * phaseWeight) / total) * 100);
    const message = phase === 'training' ? `epoch ${epoch}/${epochs}` : phase === 'localizing' ? 'replaying the failing step' : `verifying fixes: ${epoch}/${epochs}`;
    send({ type: 'progress', requestId, progress: { planId: plan.id, phase, epoch, epochs, loss, percentage, message } });
  };
  const env: TrainEnv = {
    tf,
    guards: loaded.guards,
    contexts: loaded.contexts,
    fileName: plan.fileName,
    seed: plan.seed,
    budget: plan.budget,
    interpreter: loadInterpreter,
    progress,
  };
  const report: ProbeReport = {
    ...emptyReport(originOf(plan), '', null),
    stepUnit: plan.main.training.kind === 'model' ? 'epoch' : 'step',
    backend: loaded.backend,
    batchesPerEpoch: 1,
    notes: [...plan.notes],
    warm,
  };
  report.timings.startupMs = startupMs;

  try {
    const main =
      plan.mode === 'execute' && plan.executeFile
        ? await runUserProgram(env, plan.executeFile, plan.siteLine, plan.budget.trainMs, plan.main.training.kind === 'model' ? plan.main.training.layers : [])
        : await executeRun(env, plan.main, { budgetMs: plan.budget.trainMs, measureSaturation: true });
    done += weights.main;
    report.timings.buildMs = main.buildMs;
    report.timings.trainMs = main.trainMs;
    report.notes.push(...main.notes);
    report.data = main.data;
    report.saturation = main.saturation;
    report.batchesPerEpoch = main.batchesPerEpoch;

    if (plan.mode !== 'execute' && plan.localize && main.firstNonFinite && main.firstNonFinite.where !== 'data') {
      phase = 'localizing';
      phaseWeight = weights.localize;
      progress(0, 1, lastLoss);
      const t = performance.now();
      const target = { epoch: main.firstNonFinite.epoch, batch: main.firstNonFinite.batch };
      try {
        const replay = await executeRun(env, plan.main, { budgetMs: Math.max(plan.budget.trainMs, main.trainMs * 3 + 1000), replayAt: target, measureSaturation: false });
        if (replay.hit) main.firstNonFinite = localize(main.firstNonFinite, replay.hit);
        else report.notes.push('the replay of the failing step did not reproduce the non-finite value, so its op is not named');
        if (!sameTrajectory(main.batches, replay.batches)) report.notes.push('the replay diverged from the first run before the failing step (non-deterministic backend?)');
      } catch (error) {
        report.notes.push(`the failing step could not be replayed: ${messageOf(error)}`);
      }
      report.timings.localizeMs = performance.now() - t;
      done += weights.localize;
    }
    Object.assign(report, summarize(main));
    refuteNothingOnSyntheticData(report);

    const fixesStart = performance.now();
    phase = 'verifying';
    phaseWeight = weights.variant;
    for (const variant of plan.variants) {
      env.fileName = plan.fileName;
      const verification: FixVerification = {
        variantId: variant.id,
        ruleId: variant.ruleId,
        title: variant.title,
        remedy: variant.remedy,
        verification: variant.verification,
        edits: variant.edits,
        verified: false,
        verdict: 'inconclusive',
        reason: '',
        finalLoss: null,
        loss: [],
        firstNonFinite: null,
        keepsFinite: false,
      };
      try {
        const run = await executeRun(env, variant.run, { budgetMs: plan.budget.variantMs, measureSaturation: true });
        const judged = judge(run);
        verification.verdict = judged.verdict;
        verification.reason = judged.reason;
        verification.loss = run.loss;
        verification.finalLoss = lastFinite(run.loss);
        verification.firstNonFinite = run.firstNonFinite;
        verification.verified = isVerified(judged, run.loss, { run, originalNonFinite: main.firstNonFinite !== null });
        verification.keepsFinite = run.firstNonFinite === null;
      } catch (error) {
        verification.reason = error instanceof ProbeError ? `${error.kind}: ${error.message}` : messageOf(error);
      }
      report.fixes.push(verification);
      done += weights.variant;
    }
    report.timings.fixesMs = performance.now() - fixesStart;
  } catch (error) {
    const failure = error instanceof ProbeError ? error : new ProbeError('internal', messageOf(error), undefined, error);
    const cause = (failure.cause ?? error) as { stack?: string };
    if (cause.stack) send({ type: 'log', level: 'debug', message: `probe ${plan.id}: ${cause.stack}` });
    report.verdict = 'inconclusive';
    report.failure = { kind: failure.kind, message: failure.message };
    if (failure.line !== undefined) report.failure.line = failure.line;
    report.reason = inconclusiveReason(failure);
  }
  report.timings.totalMs = performance.now() - started;

  const leaked = tf.memory().numTensors - loaded.baselineTensors;
  const rssMb = process.memoryUsage.rss() / 1048576;
  // After execute mode the user's program may have left timers, listeners or global state behind.
  const recycle = plan.mode === 'execute' || leaked > 1000 || rssMb > 1500;
  if (recycle) send({ type: 'log', level: 'info', message: `probe worker: recycling (${leaked} tensors left over, rss ${Math.round(rssMb)} MB)` });
  return { report, recycle };
}

/**
 * A finite run on data the probe had to invent (the file's data comes from another module, I/O,
 * or a dataset it does not read) says nothing about the real data: it is inconclusive, never a
 * refutation of a finding. A non-finite run still shows the model and loss can fail.
 */
function refuteNothingOnSyntheticData(report: ProbeReport): void {
  const invented = (['x', 'y'] as const).filter((role) => report.data[role]?.kind === 'synthetic');
  if (invented.length === 0 || !['stable', 'saturated', 'not-learning'].includes(report.verdict)) return;
  report.reason = `trained on invented ${invented.join(' and ')} (the file's own data could not be rebuilt; see the notes), so this says nothing about the real data: ${report.reason} Run the program as written (execute mode) to check it on its data.`;
  report.verdict = 'inconclusive';
}

function summarize(run: RunResult): Partial<ProbeReport> {
  const judged = judge(run);
  return {
    verdict: judged.verdict,
    reason: judged.reason,
    epochsPlanned: run.epochsPlanned,
    epochsRun: run.epochsRun,
    stepUnit: run.stepUnit,
    loss: run.loss,
    firstNonFinite: run.firstNonFinite,
    finalLoss: lastFinite(run.loss),
    budgetExhausted: run.budgetExhausted,
    batches: thin(run.batches),
  };
}

/** Fills the op, phase, part and line of a non-finite event from the replay's guard hit. */
function localize(event: NonFiniteEvent, hit: GuardHit): NonFiniteEvent {
  const ctx = hit.context;
  const forwardOp = ctx.forwardOp && /^[A-Z_]/.test(ctx.forwardOp) ? ctx.forwardOp : undefined;
  const located: NonFiniteEvent = {
    ...event,
    op: hit.kernel,
    opValue: nonFiniteName(hit.value),
    opScope: ctx.label ?? hit.scopes[0] ?? null,
    phase: ctx.phase ?? 'forward',
    part: ctx.part ?? { kind: 'unknown', name: 'the training step', line: null },
    line: ctx.line ?? ctx.part?.line ?? null,
  };
  if (forwardOp) located.forwardOp = forwardOp;
  return located;
}

function sameTrajectory(a: BatchRecord[], b: BatchRecord[]): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i]?.loss as number;
    const y = b[i]?.loss as number;
    if (!(x === y || (Number.isNaN(x) && Number.isNaN(y)))) return false;
  }
  return true;
}

function thin(batches: BatchRecord[]): BatchRecord[] {
  if (batches.length <= MAX_BATCH_RECORDS) return batches;
  const step = batches.length / (MAX_BATCH_RECORDS - 1);
  const out: BatchRecord[] = [];
  for (let i = 0; i < MAX_BATCH_RECORDS - 1; i++) out.push(batches[Math.floor(i * step)] as BatchRecord);
  out.push(batches[batches.length - 1] as BatchRecord);
  return out;
}

function lastFinite(values: number[]): number | null {
  for (let i = values.length - 1; i >= 0; i--) if (Number.isFinite(values[i])) return values[i] as number;
  return null;
}

function inconclusiveReason(error: ProbeError): string {
  const at = error.line !== undefined ? ` (line ${error.line})` : '';
  switch (error.kind) {
    case 'program-error':
      return `execute mode: ${error.message}${at}.`;
    case 'unsupported-code':
      return `reconstruct mode does not interpret this code${at}: ${error.message}. Execute mode, in a trusted workspace, would run it as written.`;
    case 'too-large':
      return `${error.message}; the probe did not train it.`;
    case 'out-of-memory':
      return `the worker ran out of memory: ${error.message}`;
    default:
      return `the model could not be rebuilt${at}: ${error.message}`;
  }
}

// ---------------------------------------------------------------------------------------------
// Process

async function main(): Promise<void> {
  captureConsole();
  process.on('disconnect', () => exit(0));
  const args = parseArgs(process.argv.slice(2));
  startWatchdog(args.memoryMb);
  const pending: ParentMessage[] = [];
  let loaded: Loaded | undefined;
  let busy = false;
  let served = 0;
  let startupMs = 0;
  let idleTimer: NodeJS.Timeout | undefined;

  const pump = async (): Promise<void> => {
    if (!loaded || busy) return;
    const message = pending.shift();
    if (!message) return;
    if (message.type === 'exit') {
      loaded.guards.uninstall();
      exit(0);
    }
    busy = true;
    if (idleTimer) clearTimeout(idleTimer);
    try {
      const { report, recycle } = await probe(loaded, message.requestId, message.plan, served > 0, served > 0 ? 0 : startupMs);
      served++;
      send({ type: 'result', requestId: message.requestId, report, recycle });
    } catch (error) {
      send({ type: 'log', level: 'error', message: `probe worker: ${messageOf(error)}` });
      throw error;
    } finally {
      busy = false;
    }
    scheduleIdleWork();
    void pump();
  };

  // A kept-warm worker loads the interpreter while idle, so a later plan with a custom loss does
  // not pay for the TypeScript parser.
  const scheduleIdleWork = (): void => {
    if (interpreterModule) return;
    idleTimer = setTimeout(() => {
      if (!busy && pending.length === 0) loadInterpreter();
    }, 100);
    idleTimer.unref();
  };

  process.on('message', (message: ParentMessage) => {
    pending.push(message);
    void pump();
  });

  const t0 = performance.now();
  try {
    const { tf, backend } = await loadTf(args);
    const contexts = new OpContextStack();
    const guards = new KernelGuards(tf, tf.getBackend(), contexts);
    if (!guards.install()) send({ type: 'log', level: 'warn', message: 'probe worker: kernels could not be wrapped; non-finite values will not be localized' });
    loaded = { tf, backend, guards, contexts, baselineTensors: tf.memory().numTensors };
    startupMs = performance.now() - t0;
    send({ type: 'ready', backend, startupMs });
  } catch (error) {
    send({ type: 'fatal', message: messageOf(error) });
    exit(1);
  }
  scheduleIdleWork();
  await pump();
}

void main();
