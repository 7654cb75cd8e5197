// The fuzzer's worker thread: generates inputs `start` to `end - 1` of a seeded run and checks each,
// announcing every input before it starts so that the main thread knows which one hung or crashed.
// Loaded as a plain module (node --test runs every .js under a test directory) it does nothing.

import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { checkInput, loadCorpus } from './check';
import { generateInput } from './mutate';

export interface WorkerJob {
  root: string;
  seed: number;
  start: number;
  end: number;
  nestingDepth: number;
  fixes: boolean;
}

export type WorkerMessage =
  | { type: 'start'; index: number }
  | { type: 'done'; outcome: import('./check').InputOutcome }
  | { type: 'finished' };

if (!isMainThread && parentPort && (workerData as { fuzz?: WorkerJob } | undefined)?.fuzz) {
  const job = (workerData as { fuzz: WorkerJob }).fuzz;
  const port = parentPort;
  const corpus = loadCorpus(job.root);
  for (let index = job.start; index < job.end; index++) {
    const input = generateInput(corpus, job.seed, index, { nestingDepth: job.nestingDepth });
    port.postMessage({ type: 'start', index } satisfies WorkerMessage);
    const outcome = checkInput(index, input.fileName, input.text, { fixes: job.fixes });
    port.postMessage({ type: 'done', outcome } satisfies WorkerMessage);
  }
  port.postMessage({ type: 'finished' } satisfies WorkerMessage);
}
