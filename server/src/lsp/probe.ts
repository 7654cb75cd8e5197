// The bridge to the stability probe (`../probe/runner`). The runner is loaded lazily and
// optionally: in a build without it, `nanscope.runProbe` says plainly that the probe is not
// available, and everything else works.
//
// A finished probe is kept per document version and site, so the diagnostics of that version can
// say what the probe found ("confirmed by probe: NaN at epoch 2") until the text changes.

import type { CancellationToken } from 'vscode-languageserver';
import type { Finding, TrainingSite } from '../analysis/types';
import type { ProbeProgress as RunnerProgress, ProbeReport } from '../probe/protocol';
import type { DocumentAnalysis } from './analyses';
import type { Logger } from './logger';
import type { ProbeMode } from './settings';

export type { ProbeReport };

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
  trusted: boolean;
}

export interface RunnerModule {
  runProbe(request: ProbeRequest, options: { signal: AbortSignal; onProgress(progress: RunnerProgress): void }): Promise<ProbeReport>;
  setProbeLog?(log: (level: 'debug' | 'info' | 'warn' | 'error', message: string) => void): void;
  disposeSharedRunner?(): Promise<void>;
}

const NOT_A_RESULT: readonly string[] = ['queue-full', 'cancelled'];

interface StoredResult {
  version: number | undefined;
  report: ProbeReport;
}

export class ProbeService {
  private runner: RunnerModule | null | undefined;
  /** Canonical URI → site id → the last report for that document version. */
  private readonly results = new Map<string, Map<string, StoredResult>>();

  /**
   * `loadRunner` finds the runner; the default requires `../probe/runner`. Tests pass one that
   * returns null to exercise a build without the probe.
   */
  constructor(
    private readonly log: Logger,
    private readonly loadRunner: () => RunnerModule | null = requireRunner,
  ) {}

  available(): boolean {
    return this.load() !== null;
  }

  async run(request: ProbeRequest, token: CancellationToken, onProgress: (p: ProbeProgress) => void): Promise<ProbeReport> {
    const runner = this.load();
    if (!runner) throw new Error('the stability probe is not available');
    const controller = new AbortController();
    const subscription = token.onCancellationRequested(() => controller.abort());
    try {
      return await runner.runProbe(request, {
        signal: controller.signal,
        onProgress: (p) => onProgress({ message: p.message, percentage: p.percentage }),
      });
    } finally {
      subscription.dispose();
    }
  }

  remember(key: string, version: number | undefined, report: ProbeReport): void {
    // A request refused for a full queue, or cancelled, says nothing about the program: what an
    // earlier run of this version found (its annotations, its fix table) stays.
    if (report.failure && NOT_A_RESULT.includes(report.failure.kind)) return;
    let bySite = this.results.get(key);
    if (!bySite) this.results.set(key, (bySite = new Map()));
    bySite.set(report.siteId, { version, report });
  }

  /** Reports for this exact document version (older ones describe another text). */
  resultsFor(key: string, version: number | undefined): ProbeReport[] {
    const bySite = this.results.get(key);
    if (!bySite) return [];
    for (const [siteId, stored] of bySite) if (stored.version !== version) bySite.delete(siteId);
    return [...bySite.values()].map((s) => s.report);
  }

  forget(key: string): void {
    this.results.delete(key);
  }

  async dispose(): Promise<void> {
    await this.runner?.disposeSharedRunner?.();
  }

  private load(): RunnerModule | null {
    if (this.runner !== undefined) return this.runner;
    try {
      this.runner = this.loadRunner();
      if (this.runner?.setProbeLog) {
        this.runner.setProbeLog((level, message) => {
          if (level === 'debug') this.log.debug(() => `probe: ${message}`);
          else if (level === 'error') this.log.error(`probe: ${message}`);
          else this.log[level](`probe: ${message}`);
        });
      }
      this.log.info(this.runner ? 'stability probe: runner loaded' : 'stability probe: not available in this build');
    } catch (error) {
      this.runner = null;
      this.log.error('stability probe: the runner failed to load', error);
    }
    return this.runner;
  }
}

/** The probe's runner, or null in a build without it (only "this module is missing" means absent). */
function requireRunner(): RunnerModule | null {
  try {
    // A literal require, so the bundler includes the runner when it exists.
    const loaded = require('../probe/runner') as Partial<RunnerModule>;
    return typeof loaded.runProbe === 'function' ? (loaded as RunnerModule) : null;
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    if (e.code === 'MODULE_NOT_FOUND' && (e.message ?? '').split('\n')[0]?.includes('probe/runner')) return null;
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// What a report means for the user: one sentence, and the note a diagnostic at the site gets.

const CONFIRMING = ['nan', 'inf', 'diverging'];

/** " at epoch 3, batch 2" (or " at step 40"); `batch: false` leaves the batch out. */
function where(report: ProbeReport, { batch = true } = {}): string {
  const event = report.firstNonFinite;
  if (!event) return '';
  const unit = report.stepUnit === 'step' ? `step ${event.epoch}` : batch ? `epoch ${event.epoch}, batch ${event.batch}` : `epoch ${event.epoch}`;
  return ` at ${unit}`;
}

const VERDICT_TEXT: Record<string, string> = {
  nan: 'NaN',
  inf: 'Infinity',
  diverging: 'diverging',
  saturated: 'saturated',
  'not-learning': 'not learning',
  stable: 'stable',
  inconclusive: 'inconclusive',
};

/** One line for a message: "NaN at epoch 2, batch 1: <the probe's reason>. Verified fixes: ...". */
export function describeReport(report: ProbeReport): string {
  const head = `${VERDICT_TEXT[report.verdict] ?? report.verdict}${where(report)}`;
  const verified = report.fixes.filter((f) => f.verified).map((f) => f.title);
  const fixes = verified.length > 0 ? ` Verified fixes: ${verified.join('; ')}.` : '';
  const backend = report.backend ? ` (${report.backend.name}, ${(report.timings.totalMs / 1000).toFixed(1)} s)` : '';
  return `${head}: ${report.reason}${fixes}${backend}`;
}

/**
 * How a probe report changes a finding at its site: confirmed (the probe saw the failure:
 * "confirmed by probe: Infinity at epoch 3"), not reproduced (training stayed finite and learned:
 * "not reproduced by the probe in 50 epochs", shown as information), or unchanged.
 */
export function annotate(finding: Finding, report: ProbeReport): { message: string; downgrade: boolean } | undefined {
  const confirms = CONFIRMING.includes(report.verdict) || (report.verdict === 'saturated' && finding.ruleId.includes('saturating'));
  if (confirms) {
    return { message: `${finding.message} [confirmed by probe: ${VERDICT_TEXT[report.verdict]}${where(report, { batch: false })}]`, downgrade: false };
  }
  if (report.verdict === 'stable') {
    const unit = report.stepUnit === 'step' ? 'steps' : 'epochs';
    return { message: `${finding.message} [not reproduced by the probe in ${report.epochsRun} ${unit}]`, downgrade: true };
  }
  return undefined;
}

/** The findings a report speaks about: those at its site, and those whose fixes it verified. */
export function concerns(finding: Finding, report: ProbeReport): boolean {
  if (finding.siteId !== undefined) return finding.siteId === report.siteId;
  return report.fixes.some((f) => f.ruleId === finding.ruleId);
}
