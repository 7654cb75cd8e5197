// The bridge to the stability probe (`../probe/runner`, its own issue). The runner is loaded
// lazily and optionally: until it exists, `nanscope.runProbe` says plainly that the probe is not
// available, and everything else works. Hooking the runner in is this file only.

import type { CancellationToken } from 'vscode-languageserver';
import type { Finding, TrainingSite } from '../analysis/types';
import type { DocumentAnalysis } from './analyses';
import { describeError, type Logger } from './logger';
import type { ProbeMode } from './settings';

export interface ProbeProgress {
  /** 0-100 when known. */
  percentage?: number;
  message: string;
}

/** What the server hands the probe for one training site. */
export interface ProbeRequest {
  fileName: string;
  text: string;
  site: TrainingSite;
  analysis: DocumentAnalysis['result'];
  /** The findings at this site: the remedies the probe verifies. */
  findings: Finding[];
  budgetSeconds: number;
  /** `execute` only reaches here for a trusted workspace. */
  mode: ProbeMode;
}

interface RunnerModule {
  runProbe(plan: unknown, options: { signal: AbortSignal; onProgress(progress: unknown): void }): Promise<unknown>;
  /** Optional: the runner builds its own plan from the analysis (preferred when present). */
  planFor?(request: ProbeRequest): unknown;
}

export class ProbeService {
  private runner: RunnerModule | null | undefined;

  constructor(private readonly log: Logger) {}

  available(): boolean {
    return this.load() !== null;
  }

  async run(request: ProbeRequest, token: CancellationToken, onProgress: (p: ProbeProgress) => void): Promise<unknown> {
    const runner = this.load();
    if (!runner) throw new Error('the stability probe is not available');
    const controller = new AbortController();
    const subscription = token.onCancellationRequested(() => controller.abort());
    try {
      const plan = runner.planFor ? runner.planFor(request) : request;
      return await runner.runProbe(plan, {
        signal: controller.signal,
        onProgress: (p) => onProgress(toProgress(p)),
      });
    } finally {
      subscription.dispose();
    }
  }

  private load(): RunnerModule | null {
    if (this.runner !== undefined) return this.runner;
    try {
      // A runtime require, so the server builds and bundles before the probe exists.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const loaded = require('../probe/runner') as Partial<RunnerModule>;
      this.runner = typeof loaded.runProbe === 'function' ? (loaded as RunnerModule) : null;
      this.log.info(this.runner ? 'stability probe: runner loaded' : 'stability probe: runner has no runProbe export');
    } catch (error) {
      this.runner = null;
      const missing = (error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND';
      if (missing) this.log.info('stability probe: not available in this build');
      else this.log.error('stability probe: the runner failed to load', error);
    }
    return this.runner;
  }
}

function toProgress(p: unknown): ProbeProgress {
  if (typeof p === 'string') return { message: p };
  if (typeof p === 'object' && p !== null) {
    const o = p as Record<string, unknown>;
    const message = typeof o['message'] === 'string' ? o['message'] : describeProgress(o);
    const percentage = typeof o['percentage'] === 'number' ? o['percentage'] : undefined;
    return percentage === undefined ? { message } : { message, percentage };
  }
  return { message: describeError(p) };
}

function describeProgress(o: Record<string, unknown>): string {
  const parts: string[] = [];
  if (typeof o['epoch'] === 'number') parts.push(`epoch ${o['epoch']}${typeof o['epochs'] === 'number' ? `/${o['epochs']}` : ''}`);
  if (typeof o['loss'] === 'number') parts.push(`loss ${o['loss'].toPrecision(4)}`);
  return parts.join(', ') || 'training';
}
