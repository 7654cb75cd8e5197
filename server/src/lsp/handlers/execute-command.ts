// workspace/executeCommand: the commands that code lenses, code actions and any LSP client can
// run (see `Commands` in ../protocol.ts).

import {
  type CancellationToken,
  type ExecuteCommandParams,
  MessageType,
  type ShowMessageParams,
  ShowMessageNotification,
  ShowMessageRequest,
} from 'vscode-languageserver';
import type { DocumentAnalysis } from '../analyses';
import type { TrainingSite } from '../../analysis/types';
import type { ServerContext } from '../context';
import { computeFixAll } from '../fix-all';
import { describeError } from '../logger';
import { describeReport, type ProbeReport, type ProbeRequest } from '../probe';
import { applyProbeEdits, applyProbeFix, FILE_CHANGED_MESSAGE, probeFixRows } from '../probe-fixes';
import { Commands, type FixAllResult, type RunProbeArgs, type RunProbeResult } from '../protocol';
import { toWorkspaceEdit } from '../to-lsp';
import { canonicalUri } from '../uris';

export const PROBE_UNAVAILABLE_MESSAGE =
  'nanscope: the stability probe is not available yet in this version. Diagnostics and fixes work without it.';

export function executeCommand(ctx: ServerContext) {
  return async (params: ExecuteCommandParams, token: CancellationToken): Promise<unknown> => {
    const arg: unknown = params.arguments?.[0];
    switch (params.command) {
      case Commands.runProbe:
        return runProbe(ctx, arg, params.workDoneToken, token);
      case Commands.fixAll:
        return fixAll(ctx, arg);
      case Commands.showDocumentation:
        return showDocumentation(ctx, arg);
      case Commands.applyProbeFix:
        return applyProbeFix(ctx, arg);
      default:
        ctx.log.warn(`unknown command ${params.command}`);
        return null;
    }
  };
}

function show(ctx: ServerContext, type: MessageType, message: string): void {
  const params: ShowMessageParams = { type, message };
  void ctx.connection.sendNotification(ShowMessageNotification.type, params).catch(() => undefined);
}

async function fixAll(ctx: ServerContext, arg: unknown): Promise<FixAllResult> {
  const uri = isRecord(arg) && typeof arg['uri'] === 'string' ? arg['uri'] : undefined;
  if (!uri) return { applied: 0 };
  const analysis = await ctx.currentAnalysis(uri);
  if (!analysis) return { applied: 0 };
  const outcome = computeFixAll(ctx.analyzer, analysis);
  if (!outcome.edit) return { applied: 0 };
  const result = await ctx.connection.workspace.applyEdit({
    label: 'nanscope: fix all safe problems',
    edit: toWorkspaceEdit(uri, analysis.version, [outcome.edit], ctx.client.documentChanges),
  });
  return { applied: result.applied ? outcome.applied : 0 };
}

async function showDocumentation(ctx: ServerContext, arg: unknown): Promise<boolean> {
  if (typeof arg !== 'string' || !/^https?:\/\//.test(arg)) return false;
  if (ctx.client.showDocument) {
    const result = await ctx.connection.window.showDocument({ uri: arg, external: true });
    if (result.success) return true;
  }
  show(ctx, MessageType.Info, `nanscope documentation: ${arg}`);
  return false;
}

function parseProbeArgs(arg: unknown): RunProbeArgs | undefined {
  if (!isRecord(arg) || typeof arg['uri'] !== 'string') return undefined;
  const args: RunProbeArgs = { uri: arg['uri'] };
  if (typeof arg['siteId'] === 'string') args.siteId = arg['siteId'];
  const position = arg['position'];
  if (isRecord(position) && typeof position['line'] === 'number' && typeof position['character'] === 'number') {
    args.position = { line: position['line'], character: position['character'] };
  }
  return args;
}

/** The site with this id; else the one at the position, or the nearest one above it. */
export function findSite(sites: readonly TrainingSite[], args: RunProbeArgs): TrainingSite | undefined {
  if (args.siteId !== undefined) return sites.find((s) => s.id === args.siteId);
  if (!args.position) return sites.length === 1 ? sites[0] : undefined;
  const line = args.position.line;
  const containing = sites.find((s) => s.range.start.line <= line && line <= s.range.end.line);
  if (containing) return containing;
  const above = sites.filter((s) => s.range.start.line <= line).sort((a, b) => b.range.start.line - a.range.start.line);
  return above[0];
}

async function runProbe(
  ctx: ServerContext,
  arg: unknown,
  workDoneToken: string | number | undefined,
  token: CancellationToken,
): Promise<RunProbeResult> {
  const args = parseProbeArgs(arg);
  if (!args) {
    const message = 'nanscope: run the stability probe from a training site (its code lens) or with the cursor in a training file.';
    show(ctx, MessageType.Warning, message);
    return { status: 'no-site', message };
  }
  const analysis = await ctx.currentAnalysis(args.uri);
  const site = analysis ? findSite(analysis.result.sites, args) : undefined;
  if (!analysis || !site) {
    const message = 'nanscope: no training site (model.fit, fitDataset, optimizer.minimize, tf.variableGrads) found here.';
    show(ctx, MessageType.Info, message);
    return { status: 'no-site', message };
  }
  if (!ctx.probe.available()) {
    show(ctx, MessageType.Info, PROBE_UNAVAILABLE_MESSAGE);
    return { status: 'unavailable', message: PROBE_UNAVAILABLE_MESSAGE, siteId: site.id };
  }

  const resolved = analysis.settings.settings;
  let mode = resolved.probe.mode;
  if (mode === 'execute' && !ctx.trust.trusted) {
    mode = 'reconstruct';
    show(ctx, MessageType.Warning, 'nanscope: the workspace is not trusted, so the probe reconstructs the model instead of running your file.');
  }
  const request: ProbeRequest = {
    fileName: analysis.fileName,
    text: analysis.text,
    site,
    analysis: analysis.result,
    findings: analysis.result.findings.filter((f) => f.siteId === site.id),
    budgetSeconds: resolved.probe.budgetSeconds,
    mode,
    trusted: ctx.trust.trusted,
  };
  // Progress the client asked for (its token; cancel arrives as the request's cancellation), or
  // progress the server creates (with its own Cancel button).
  let combined = token;
  let progress;
  if (workDoneToken !== undefined) {
    progress = ctx.connection.window.attachWorkDoneProgress(workDoneToken);
  } else {
    const created = await ctx.connection.window.createWorkDoneProgress();
    combined = anyCancelled(token, created.token);
    progress = created;
  }
  progress.begin('nanscope: stability probe', 0, `${site.kind} at line ${site.range.start.line + 1}`, true);
  try {
    const report = await ctx.probe.run(request, combined, (p) => progress.report(p.percentage ?? 0, p.message));
    if (combined.isCancellationRequested) return { status: 'cancelled', message: 'nanscope: probe cancelled', siteId: site.id };
    const message = `nanscope probe, line ${site.range.start.line + 1}: ${describeReport(report)}`;
    ctx.log.info(message);
    ctx.probe.remember(canonicalUri(analysis.uri), analysis.version, report);
    ctx.validator.republish(analysis.uri);
    if (!ctx.client.showsProbeResults) void offerVerifiedFixes(ctx, analysis, report, message);
    return { status: 'done', message, siteId: site.id, report, fixTable: probeFixRows(request.findings, report) };
  } catch (error) {
    ctx.log.error('stability probe failed', error);
    const message = `nanscope: the stability probe failed: ${describeError(error).split('\n')[0] ?? ''}`;
    if (!ctx.client.showsProbeResults) show(ctx, MessageType.Error, message);
    return { status: 'failed', message, siteId: site.id };
  } finally {
    progress.done();
  }
}

/**
 * Says what the probe found, with an Apply button per verified fix (any LSP client shows
 * `window/showMessageRequest`). Apply applies exactly the verified edit, to the text it was
 * verified on: a versioned edit that the editor refuses if the file changed since.
 */
async function offerVerifiedFixes(ctx: ServerContext, analysis: DocumentAnalysis, report: ProbeReport, message: string): Promise<void> {
  const verified = report.fixes.filter((f) => f.verified && f.edits.length > 0).slice(0, 3);
  const failing = ['nan', 'inf', 'diverging'].includes(report.verdict);
  const type = failing ? MessageType.Warning : MessageType.Info;
  const actions = verified.map((f, i) => ({ title: `Apply: ${f.title}`, index: i }));
  try {
    const choice = await ctx.connection.sendRequest(ShowMessageRequest.type, { type, message, actions: actions.map((a) => ({ title: a.title })) });
    const picked = actions.find((a) => a.title === choice?.title);
    const fix = picked ? verified[picked.index] : undefined;
    if (!fix) return;
    if (!(await applyProbeEdits(ctx, analysis, fix.title, fix.edits))) show(ctx, MessageType.Warning, FILE_CHANGED_MESSAGE);
  } catch (error) {
    ctx.log.error('showing the probe result failed', error);
  }
}

/** A token cancelled when either the request or its progress (the user's Cancel button) is. */
function anyCancelled(a: CancellationToken, b: CancellationToken): CancellationToken {
  return {
    get isCancellationRequested() {
      return a.isCancellationRequested || b.isCancellationRequested;
    },
    onCancellationRequested: (listener, thisArgs, disposables) => {
      const da = a.onCancellationRequested(listener, thisArgs, disposables);
      const db = b.onCancellationRequested(listener, thisArgs, disposables);
      return { dispose: () => { da.dispose(); db.dispose(); } };
    },
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
