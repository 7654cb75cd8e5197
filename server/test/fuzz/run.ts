// The fuzzer's driver: runs a seeded range of inputs in a worker thread, with a hang detector (an
// input that takes longer than `hangMs` gets the worker terminated, is counted as a hang, and the
// run resumes after it) and a crash detector (a worker that dies, e.g. out of memory or a stack
// overflow outside the analyzer's own guards, is counted as a crash). Times are measured and
// reported, never asserted: the hang bound is tens of seconds, far from any normal analysis.

import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { InputOutcome } from './check';
import { loadCorpus } from './check';
import { DEFAULT_NESTING_DEPTH, generateInput } from './mutate';
import type { WorkerJob, WorkerMessage } from './worker';

export interface FuzzOptions {
  root: string;
  seed: number;
  count: number;
  /** First input index (default 0). */
  start?: number;
  /** An input running this long is a hang (default 30 s). */
  hangMs?: number;
  nestingDepth?: number;
  /** Check fix safety on inputs that still parse cleanly (default true). */
  fixes?: boolean;
  /** Heap limit of the worker, in MB (default 2048): beyond it the input counts as a crash. */
  maxHeapMb?: number;
  onProgress?: (done: number) => void;
}

export interface Failure {
  index: number;
  description: string;
  detail: string;
}

export interface FuzzReport {
  seed: number;
  inputs: number;
  crashes: Failure[];
  hangs: Failure[];
  internalErrors: Failure[];
  fixViolations: Failure[];
  /** Fixes that do not remove their finding, add one, or are offered again; with their keys. */
  semanticFixViolations: (Failure & { keys: string[] })[];
  /** Inputs without syntax errors (the fix-safety population). */
  parsedClean: number;
  fixesChecked: number;
  skipped: number;
  withSyntaxErrors: number;
  slowest: { index: number; ms: number; description: string }[];
  totalMs: number;
}

const WORKER = path.join(__dirname, 'worker.js');

export function describeInput(root: string, seed: number, index: number, nestingDepth = DEFAULT_NESTING_DEPTH): string {
  const corpus = loadCorpus(root);
  return generateInput(corpus, seed, index, { nestingDepth }).description;
}

export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const start = options.start ?? 0;
  const end = start + options.count;
  const hangMs = options.hangMs ?? 30_000;
  const nestingDepth = options.nestingDepth ?? DEFAULT_NESTING_DEPTH;
  const corpus = loadCorpus(options.root);
  const describe = (index: number): string => `#${index} (seed ${options.seed}) ${generateInput(corpus, options.seed, index, { nestingDepth }).description}`;
  const report: FuzzReport = {
    seed: options.seed,
    inputs: 0,
    crashes: [],
    hangs: [],
    internalErrors: [],
    fixViolations: [],
    semanticFixViolations: [],
    parsedClean: 0,
    fixesChecked: 0,
    skipped: 0,
    withSyntaxErrors: 0,
    slowest: [],
    totalMs: 0,
  };
  const began = Date.now();
  const outcomes: InputOutcome[] = [];
  let next = start;
  while (next < end) {
    const job: WorkerJob = { root: options.root, seed: options.seed, start: next, end, nestingDepth, fixes: options.fixes ?? true };
    next = await new Promise<number>((resolve) => {
      const worker = new Worker(WORKER, {
        workerData: { fuzz: job },
        // The main thread's default V8 stack (the language server and the CLI run there), so that
        // a stack overflow the server would hit is hit here too.
        resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb ?? 2048, stackSizeMb: 1 },
      });
      let current = job.start;
      let settled = false;
      let timer: NodeJS.Timeout | undefined;
      const arm = (): void => {
        if (timer) clearTimeout(timer);
        timer = setTimeout(() => {
          report.hangs.push({ index: current, description: describe(current), detail: `no result after ${hangMs} ms` });
          report.inputs++;
          finish(current + 1, true);
        }, hangMs);
      };
      const finish = (resumeAt: number, terminate: boolean): void => {
        if (settled) return;
        settled = true;
        if (timer) clearTimeout(timer);
        if (terminate) void worker.terminate();
        resolve(resumeAt);
      };
      worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'start') {
          current = message.index;
          arm();
        } else if (message.type === 'done') {
          report.inputs++;
          outcomes.push(message.outcome);
          options.onProgress?.(report.inputs);
          if (timer) clearTimeout(timer);
        } else {
          finish(end, false);
        }
      });
      worker.on('error', (error) => {
        report.crashes.push({ index: current, description: describe(current), detail: `worker died: ${error.message}` });
        report.inputs++;
        finish(current + 1, false);
      });
      worker.on('exit', (code) => {
        if (!settled) {
          report.crashes.push({ index: current, description: describe(current), detail: `worker exited with code ${code}` });
          report.inputs++;
          finish(current + 1, false);
        }
      });
      arm();
    });
  }
  for (const o of outcomes) {
    if (o.threw !== undefined) report.crashes.push({ index: o.index, description: describe(o.index), detail: `analyze threw: ${o.threw}` });
    if (o.internalErrors.length > 0) {
      report.internalErrors.push({ index: o.index, description: describe(o.index), detail: o.internalErrors.map((e) => `${e.where}: ${e.message}`).join('\n') });
    }
    if (o.fixViolations.length > 0) report.fixViolations.push({ index: o.index, description: describe(o.index), detail: o.fixViolations.join('\n') });
    if (o.semanticFixViolations.length > 0) {
      report.semanticFixViolations.push({ index: o.index, description: describe(o.index), detail: o.semanticFixViolations.join('\n'), keys: o.semanticKeys });
    }
    if (o.skipped !== undefined) report.skipped++;
    else if (o.syntaxErrors === 0) report.parsedClean++;
    else report.withSyntaxErrors++;
    report.fixesChecked += o.fixesChecked;
  }
  report.slowest = [...outcomes]
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 5)
    .map((o) => ({ index: o.index, ms: Math.round(o.ms), description: describe(o.index) }));
  report.totalMs = Date.now() - began;
  return report;
}

/** A multi-line summary: the counts, then each failure with how to reproduce it. */
export function formatReport(report: FuzzReport): string {
  const lines = [
    `seed ${report.seed}: ${report.inputs} inputs, ${report.crashes.length} crashes, ${report.hangs.length} hangs, ` +
      `${report.internalErrors.length} with internal errors, ${report.fixViolations.length} with broken fixes, ` +
      `${report.semanticFixViolations.length} with fixes that do not resolve cleanly`,
    `  ${report.parsedClean} parsed without syntax errors (${report.fixesChecked} fixes checked), ${report.withSyntaxErrors} with syntax errors, ${report.skipped} skipped; ${report.totalMs} ms`,
  ];
  for (const s of report.slowest) lines.push(`  slow: ${s.ms} ms ${s.description}`);
  const section = (title: string, failures: Failure[]): void => {
    for (const f of failures.slice(0, 20)) lines.push(`${title} ${f.description}\n    ${f.detail.split('\n').slice(0, 6).join('\n    ')}`);
    if (failures.length > 20) lines.push(`  ... and ${failures.length - 20} more ${title.toLowerCase()}`);
  };
  section('CRASH', report.crashes);
  section('HANG', report.hangs);
  section('INTERNAL ERROR', report.internalErrors);
  section('FIX', report.fixViolations);
  section('FIX RESULT', report.semanticFixViolations);
  const keys = new Map<string, number>();
  for (const f of report.semanticFixViolations) for (const k of new Set(f.keys)) keys.set(k, (keys.get(k) ?? 0) + 1);
  for (const [k, n] of [...keys].sort((a, b) => b[1] - a[1])) lines.push(`  ${n} input(s): ${k}`);
  return lines.join('\n');
}
