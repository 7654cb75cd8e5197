// The probe results panel's state, built from what `nanscope.runProbe` returns. Pure: no `vscode`,
// so node:test checks it. The report crossed JSON-RPC as JSON, where NaN and ±Infinity became
// null: every number is read defensively, and a null in a series means "not finite".

import type { ProbeFixRow, RunProbeResult } from '../../../server/src/lsp/protocol';
import type { ChartSeries, PanelFixRow, PanelNonFinite, PanelResult, PanelState, SeriesValue } from '../webview/state';

const VERDICT_TEXT: Record<string, string> = {
  nan: 'NaN',
  inf: 'Infinity',
  diverging: 'Diverging',
  saturated: 'Saturated',
  'not-learning': 'Not learning',
  stable: 'Stable',
  inconclusive: 'Inconclusive',
};

const FAILING = ['nan', 'inf', 'diverging'];

const WHERE_TEXT: Record<string, string> = {
  loss: 'the loss',
  gradients: 'the gradients',
  weights: 'the weights',
  data: 'the data',
};

const PHASE_TEXT: Record<string, string> = {
  forward: 'forward pass',
  backward: 'backward pass',
  update: 'optimizer update',
  data: 'data preparation',
};

export function verdictText(verdict: string): string {
  return VERDICT_TEXT[verdict] ?? verdict;
}

function finite(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function count(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.floor(v) : 0;
}

function text(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function record(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/**
 * Log scale when every finite value is positive and they span at least two decades (a loss that
 * grows from 1e10 to 1e28 is a straight line there, and a flat one on a linear axis).
 */
export function chooseScale(values: readonly SeriesValue[]): 'log' | 'linear' {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v === null) continue;
    if (v <= 0) return 'linear';
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  return hi >= lo && hi / lo >= 100 ? 'log' : 'linear';
}

function series(x: number[], y: SeriesValue[]): ChartSeries {
  return { x, y, scale: chooseScale(y) };
}

/** The charts' data: per batch when the probe recorded batches, else per epoch. */
function charts(report: Record<string, unknown>, stepUnit: 'epoch' | 'step'): PanelResult['charts'] {
  const batches = list(report['batches']).map(record).filter((b): b is Record<string, unknown> => b !== undefined);
  const perEpoch = count(report['batchesPerEpoch']);
  if (batches.length > 0) {
    const x = batches.map((b, i) => {
      const epoch = count(b['epoch']);
      const batch = count(b['batch']);
      return epoch === 0 ? i + 1 : xOf(epoch, batch, perEpoch);
    });
    return {
      unit: stepUnit,
      loss: series(x, batches.map((b) => finite(b['loss']))),
      gradNorm: series(x, batches.map((b) => finite(b['gradNorm']))),
    };
  }
  const loss = list(report['loss']).map(finite);
  const x = loss.map((_, i) => i + 1);
  return { unit: stepUnit, loss: series(x, loss), gradNorm: series([], []) };
}

/** Where a batch sits on the x axis: epoch − 1 + batch / batchesPerEpoch (the epoch itself with one batch per epoch). */
function xOf(epoch: number, batch: number, perEpoch: number): number {
  return perEpoch > 1 ? epoch - 1 + batch / perEpoch : epoch;
}

function nonFinite(report: Record<string, unknown>, stepUnit: 'epoch' | 'step'): PanelNonFinite | null {
  const event = record(report['firstNonFinite']);
  if (!event) return null;
  const epoch = count(event['epoch']);
  const batch = count(event['batch']);
  const perEpoch = list(report['batches']).length > 0 ? count(report['batchesPerEpoch']) : 1;
  const out: PanelNonFinite = {
    value: text(event['value']) || 'non-finite',
    where: WHERE_TEXT[text(event['where'])] ?? (text(event['where']) || 'training'),
    epoch,
    batch,
    at: stepUnit === 'step' ? `step ${epoch}` : `epoch ${epoch}, batch ${batch}`,
    x: xOf(epoch, batch, perEpoch),
  };
  const op = text(event['op']);
  if (op) {
    const details: string[] = [];
    const scope = text(event['opScope']);
    if (scope && scope !== op) details.push(`in ${scope}`);
    const phase = PHASE_TEXT[text(event['phase'])];
    const forwardOp = text(event['forwardOp']);
    if (phase) details.push(forwardOp && text(event['phase']) === 'backward' ? `${phase}, gradient of ${forwardOp}` : phase);
    out.op = details.length > 0 ? `${op} (${details.join(', ')})` : op;
  }
  const part = record(event['part']);
  const partName = part ? text(part['name']) : '';
  if (partName && text(part?.['kind']) !== 'unknown') out.part = partName;
  const line = finite(event['line']) ?? (part ? finite(part['line']) : null);
  if (line !== null && line >= 1) out.line = Math.floor(line);
  return out;
}

function backendText(report: Record<string, unknown>): string | null {
  const backend = record(report['backend']);
  if (!backend) return null;
  const name = text(backend['name']) || 'unknown';
  const detail = [text(backend['packageName']), text(backend['version'])].filter(Boolean).join(' ');
  const source = text(backend['source']);
  const parts = [detail, source].filter(Boolean).join(', ');
  return parts ? `${name} (${parts})` : name;
}

function fixRows(rows: readonly ProbeFixRow[] | undefined): PanelFixRow[] {
  return (rows ?? []).map((r) => {
    const row: PanelFixRow = {
      id: r.id,
      ruleId: r.ruleId,
      title: r.title,
      safety: r.safety === 'safe' ? 'safe' : 'unsafe',
      preferred: r.preferred === true,
      combined: r.combined === true,
      status: r.status === 'verified' || r.status === 'not-verified' ? r.status : 'not-tried',
    };
    if (r.verdict) row.verdict = verdictText(r.verdict);
    if (r.reason) row.reason = r.reason;
    return row;
  });
}

/** The panel's view of a report (as it arrived over JSON-RPC) and its fix table. */
export function panelResult(reportValue: unknown, fixTable: readonly ProbeFixRow[] | undefined): PanelResult | undefined {
  const report = record(reportValue);
  if (!report) return undefined;
  const verdict = text(report['verdict']) || 'inconclusive';
  const stepUnit: 'epoch' | 'step' = report['stepUnit'] === 'step' ? 'step' : 'epoch';
  const timings = record(report['timings']);
  const failure = record(report['failure']);
  const data = record(report['data']);
  const totalMs = finite(timings?.['totalMs']) ?? 0;
  return {
    verdict,
    verdictText: verdictText(verdict),
    failing: FAILING.includes(verdict),
    reason: text(report['reason']),
    mode: text(report['mode']) || 'reconstruct',
    backend: backendText(report),
    epochsRun: count(report['epochsRun']),
    epochsPlanned: count(report['epochsPlanned']),
    stepUnit,
    seconds: (totalMs / 1000).toFixed(1),
    budgetExhausted: report['budgetExhausted'] === true,
    firstNonFinite: nonFinite(report, stepUnit),
    failure: failure
      ? {
          kind: text(failure['kind']) || 'internal',
          message: text(failure['message']),
          ...(finite(failure['line']) !== null ? { line: finite(failure['line'])! } : {}),
        }
      : null,
    charts: charts(report, stepUnit),
    fixes: fixRows(fixTable),
    data: [data?.['x'], data?.['y']].map((d) => text(record(d)?.['description'])).filter(Boolean),
    notes: list(report['notes']).map(text).filter(Boolean),
  };
}

/** A panel state for a run that is under way. `previous` keeps the last result on screen. */
export function runningState(uri: string, fileLabel: string, siteId: string | undefined, message: string, previous?: PanelState): PanelState {
  const state: PanelState = { status: 'running', uri, fileLabel, message };
  if (siteId !== undefined) state.siteId = siteId;
  if (previous?.siteLine !== undefined) state.siteLine = previous.siteLine;
  if (previous?.result) state.result = previous.result;
  return state;
}

/** The panel state for a finished `nanscope.runProbe`. */
export function finishedState(uri: string, fileLabel: string, result: RunProbeResult): PanelState {
  const state: PanelState = { status: result.status, uri, fileLabel, message: result.message };
  if (result.siteId !== undefined) state.siteId = result.siteId;
  const view = panelResult(result.report, result.fixTable);
  if (view) state.result = view;
  const siteLine = finite(record(result.report)?.['siteLine']);
  if (siteLine !== null) state.siteLine = siteLine;
  return state;
}

/** "Infinity at epoch 3, batch 1" / "Stable" / "the probe failed": the notification's summary. */
export function summary(state: PanelState): string {
  const where = state.siteLine !== undefined ? `${state.fileLabel}, line ${state.siteLine}` : state.fileLabel;
  const result = state.result;
  if (state.status !== 'done' || !result) return `nanscope probe, ${where}: ${state.message.replace(/^nanscope:\s*/, '')}`;
  const at = result.firstNonFinite ? ` at ${result.firstNonFinite.at}` : '';
  const verified = result.fixes.filter((f) => f.status === 'verified').length;
  const fixes = verified > 0 ? ` ${verified} verified ${verified === 1 ? 'fix' : 'fixes'}.` : '';
  return `nanscope probe, ${where}: ${result.verdictText}${at}.${fixes}`;
}

/**
 * The fix the notification offers: verified, preferring the rule's preferred fix, then a single
 * fix over several together, then a safe one.
 */
export function recommendedFix(state: PanelState): PanelFixRow | undefined {
  const verified = state.result?.fixes.filter((f) => f.status === 'verified') ?? [];
  const rank = (f: PanelFixRow): number => (f.preferred ? 0 : 4) + (f.combined ? 2 : 0) + (f.safety === 'safe' ? 0 : 1);
  return [...verified].sort((a, b) => rank(a) - rank(b))[0];
}
