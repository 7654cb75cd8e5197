// A probe report's fix table (every fix offered at the site, with what the probe found when it
// tried it) and the one path that applies a probe's fix: the result message's Apply button and
// `nanscope.applyProbeFix` (the VS Code results panel) both go through `applyProbeEdits`.

import type { Finding, Fix, TextEdit } from '../analysis/types';
import type { DocumentAnalysis } from './analyses';
import type { ServerContext } from './context';
import type { ProbeReport } from './probe';
import type { ApplyProbeFixArgs, ApplyProbeFixResult, ProbeFixRow } from './protocol';
import { toTextEdits, toWorkspaceEdit } from './to-lsp';
import { canonicalUri } from './uris';

export const FILE_CHANGED_MESSAGE =
  'nanscope: the file changed since the probe ran; run the probe again to verify the fix on the new text.';

const NO_RESULT_MESSAGE =
  'nanscope: there is no probe result for the current text (the file changed, or the server restarted); run the probe again to verify the fix on it.';

type Verification = ProbeReport['fixes'][number];

const editsKey = (edits: readonly TextEdit[]): string =>
  JSON.stringify([...edits].sort((a, b) => a.span.start - b.span.start).map((e) => [e.span.start, e.span.end, e.newText]));

/** Where a row's edits come from: a verification run (tried), or a finding's fix (not tried). */
type RowSource = { row: ProbeFixRow; edits: TextEdit[] };

function rowSources(findings: readonly Finding[], report: ProbeReport): RowSource[] {
  const out: RowSource[] = [];
  const seenEdits = new Set<string>();
  const matched = new Set<string>();
  findings.forEach((finding, i) => {
    finding.fixes.forEach((fix, j) => {
      const key = editsKey(fix.edits);
      // The same edits offered twice (two findings, one remedy) are one row.
      if (seenEdits.has(key)) return;
      seenEdits.add(key);
      const tried =
        report.fixes.find((v) => v.ruleId === finding.ruleId && v.title === fix.title && editsKey(v.edits) === key) ??
        report.fixes.find((v) => editsKey(v.edits) === key);
      if (tried) matched.add(tried.variantId);
      out.push(tried ? triedSource(tried, fix.safety, fix.preferred === true) : untriedSource(finding, fix, `${finding.ruleId}:${i}:${j}`));
    });
  });
  // Fixes the probe tried together (or any it tried that no single fix accounts for).
  for (const variant of report.fixes) {
    if (matched.has(variant.variantId)) continue;
    const parts = variant.ruleId.split('+');
    const unsafe = findings.some((f) => parts.includes(f.ruleId) && f.fixes.some((x) => x.safety === 'unsafe'));
    const known = findings.some((f) => parts.includes(f.ruleId));
    out.push(triedSource(variant, unsafe || !known ? 'unsafe' : 'safe', false, parts.length > 1));
  }
  return out;
}

function triedSource(v: Verification, safety: Fix['safety'], preferred: boolean, combined = false): RowSource {
  const row: ProbeFixRow = {
    id: v.variantId,
    ruleId: v.ruleId,
    title: v.title,
    safety,
    preferred,
    combined,
    status: v.verified ? 'verified' : 'not-verified',
    verdict: v.verdict,
    reason: v.reason,
    keepsFinite: v.keepsFinite,
  };
  return { row, edits: v.edits };
}

function untriedSource(finding: Finding, fix: Fix, id: string): RowSource {
  const row: ProbeFixRow = {
    id,
    ruleId: finding.ruleId,
    title: fix.title,
    safety: fix.safety,
    preferred: fix.preferred === true,
    combined: false,
    status: 'not-tried',
  };
  return { row, edits: fix.edits };
}

/** The fix table for a report: `findings` are the analysis's findings at the report's site. */
export function probeFixRows(findings: readonly Finding[], report: ProbeReport): ProbeFixRow[] {
  return rowSources(findings, report).map((s) => s.row);
}

/** The findings of an analysis at one training site. */
export function findingsAtSite(analysis: DocumentAnalysis, siteId: string): Finding[] {
  return analysis.result.findings.filter((f) => f.siteId === siteId);
}

/**
 * Applies a fix's edits to the text they were computed on: a versioned edit, which the editor
 * refuses if the file changed since. True when applied.
 */
export async function applyProbeEdits(ctx: ServerContext, analysis: DocumentAnalysis, title: string, edits: readonly TextEdit[]): Promise<boolean> {
  const result = await ctx.connection.workspace.applyEdit({
    label: `nanscope: ${title}`,
    edit: toWorkspaceEdit(analysis.uri, analysis.version, toTextEdits(edits, analysis.lines), ctx.client.documentChanges),
  });
  return result.applied;
}

export function parseApplyProbeFixArgs(arg: unknown): ApplyProbeFixArgs | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const { uri, siteId, fixId } = arg as Record<string, unknown>;
  if (typeof uri !== 'string' || typeof siteId !== 'string' || typeof fixId !== 'string') return undefined;
  return { uri, siteId, fixId };
}

/**
 * `nanscope.applyProbeFix`: one row of the fix table of the last probe at a site, applied to the
 * text the probe ran on. A probe result belongs to one document version; after an edit there is
 * nothing to apply until the probe runs again.
 */
export async function applyProbeFix(ctx: ServerContext, arg: unknown): Promise<ApplyProbeFixResult> {
  const args = parseApplyProbeFixArgs(arg);
  if (!args) return { applied: false, message: 'nanscope: applyProbeFix needs { uri, siteId, fixId }.' };
  const analysis = await ctx.currentAnalysis(args.uri);
  if (!analysis) return { applied: false, message: 'nanscope: the file is not open or nanscope is disabled for it.' };
  const report = ctx.probe.resultsFor(canonicalUri(analysis.uri), analysis.version).find((r) => r.siteId === args.siteId);
  if (!report) return { applied: false, message: NO_RESULT_MESSAGE };
  const source = rowSources(findingsAtSite(analysis, args.siteId), report).find((s) => s.row.id === args.fixId);
  if (!source) return { applied: false, message: `nanscope: the probe's fix table has no fix ${args.fixId}.` };
  if (source.edits.length === 0) return { applied: false, message: `nanscope: "${source.row.title}" has nothing to edit.` };
  const applied = await applyProbeEdits(ctx, analysis, source.row.title, source.edits);
  return applied ? { applied } : { applied, message: FILE_CHANGED_MESSAGE };
}
