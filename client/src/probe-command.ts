// `nanscope.runProbe` in VS Code: the server runs the probe; the client shows it. Progress (with
// Cancel) is a notification and, while the results panel is open, a line in it. The result goes
// to the results panel (opened when the probe starts, unless `nanscope.probe.openResults` is
// `notification`) and to a short notification with "Show results" and Apply for the recommended
// verified fix. Apply buttons, here and in the panel, run the server's `nanscope.applyProbeFix`:
// the edit the probe verified, applied to the text it ran on.

import * as vscode from 'vscode';
import { ExecuteCommandRequest, type LanguageClient, WorkDoneProgress, type WorkDoneProgressBegin, type WorkDoneProgressReport } from 'vscode-languageclient/node';
import {
  type ApplyProbeFixArgs,
  type ApplyProbeFixResult,
  Commands,
  type RunProbeArgs,
  type RunProbeResult,
} from '../../server/src/lsp/protocol';
import type { PanelState } from './webview/state';
import { finishedState, recommendedFix, runningState, summary } from './panel/model';
import { fileLabel, panelKey, ProbeResults } from './panel/probe-panel';

export type OpenResults = 'panel' | 'notification';

function openResultsSetting(uri: vscode.Uri): OpenResults {
  const value = vscode.workspace.getConfiguration('nanscope', uri).get<string>('probe.openResults');
  return value === 'notification' ? 'notification' : 'panel';
}

let runs = 0;

export class ProbeController implements vscode.Disposable {
  readonly results: ProbeResults;

  constructor(
    private readonly client: LanguageClient,
    extensionUri: vscode.Uri,
  ) {
    this.results = new ProbeResults(extensionUri, {
      apply: (state, fixId) => this.apply(state, fixId),
      // A run from the palette whose site never became known has a placeholder id: send the file only.
      rerun: async (state) =>
        vscode.commands.executeCommand(Commands.runProbe, state.siteId !== undefined && !state.siteId.startsWith('pending-') ? { uri: state.uri, siteId: state.siteId } : { uri: state.uri }),
    });
  }

  dispose(): void {
    this.results.dispose();
  }

  /** Runs the probe for one site through the server, with progress, the panel and the notification. */
  async run(args: RunProbeArgs): Promise<RunProbeResult> {
    const uri = vscode.Uri.parse(args.uri);
    const mode = openResultsSetting(uri);
    const label = fileLabel(args.uri);
    const progressToken = `nanscope-probe-${process.pid}-${++runs}`;
    // The site is known up front from a code lens. From the palette the server decides; the panel
    // meanwhile goes under the site whose lens is nearest above the cursor (what the server picks
    // unless sites nest), else a placeholder, and moves once the answer names the site.
    const guess = args.siteId ?? (args.position ? await siteAbove(uri, args.position.line) : undefined);
    const runSite = guess ?? `pending-${runs}`;
    let opened = false;
    const previous = guess !== undefined ? this.results.get(args.uri, guess) : undefined;

    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'nanscope: stability probe', cancellable: true },
      async (progress, cancel) => {
        let reported = 0;
        const onProgress = (value: WorkDoneProgressBegin | WorkDoneProgressReport | { kind: 'end' }): void => {
          if (value.kind === 'end') return;
          const message = value.message ?? '';
          const percentage = value.percentage;
          progress.report({ message, ...(percentage !== undefined ? { increment: Math.max(0, percentage - reported) } : {}) });
          if (percentage !== undefined) reported = Math.max(reported, percentage);
          if (value.kind === 'begin') {
            // The probe started (a site was found and the probe is available): the panel says so.
            const state = runningState(args.uri, label, runSite, `Training ${message}…`, previous);
            opened = this.results.show(state, { open: mode === 'panel', reveal: true });
          } else {
            this.results.progress(args.uri, runSite, message, percentage);
          }
        };
        const subscription = this.client.onProgress(WorkDoneProgress.type, progressToken, onProgress);
        try {
          return (await this.client.sendRequest(
            ExecuteCommandRequest.type,
            { command: Commands.runProbe, arguments: [args], workDoneToken: progressToken },
            cancel,
          )) as RunProbeResult | null;
        } catch (error) {
          if (cancel.isCancellationRequested) return { status: 'cancelled', message: 'nanscope: probe cancelled' } as RunProbeResult;
          return { status: 'failed', message: `nanscope: the stability probe failed: ${error instanceof Error ? error.message : String(error)}` } as RunProbeResult;
        } finally {
          subscription.dispose();
        }
      },
    );
    const answer: RunProbeResult = result ?? { status: 'failed', message: 'nanscope: the server gave no answer for the probe' };
    const siteId = answer.siteId ?? runSite;

    // Nothing ran (no site here, no probe in this build): the server said so; no panel.
    if (answer.status === 'no-site' || answer.status === 'unavailable') {
      if (!opened) return answer;
    }
    const state = finishedState(args.uri, label, { ...answer, siteId });
    if (answer.status === 'cancelled' && previous?.result) {
      // Keep the last result on screen; say that this run was cancelled.
      state.result = previous.result;
      if (previous.siteLine !== undefined) state.siteLine = previous.siteLine;
    }
    this.results.rekey(panelKey(args.uri, runSite), state, { open: mode === 'panel' && answer.status !== 'cancelled', reveal: true });
    if (answer.status !== 'cancelled') void this.notify(state);
    return answer;
  }

  /** The short notification: the verdict, "Show results", and Apply for the recommended verified fix. */
  private async notify(state: PanelState): Promise<void> {
    const text = summary(state);
    const fix = state.status === 'done' ? recommendedFix(state) : undefined;
    const show = 'Show results';
    const apply = fix ? `Apply: ${fix.title}` : undefined;
    const buttons = apply ? [show, apply] : [show];
    const failing = state.status === 'failed' || state.result?.failing === true;
    const choice = state.status === 'failed'
      ? await vscode.window.showErrorMessage(text, ...buttons)
      : failing
        ? await vscode.window.showWarningMessage(text, ...buttons)
        : await vscode.window.showInformationMessage(text, ...buttons);
    if (choice === show) {
      this.showResults(state.uri, state.siteId);
    } else if (choice !== undefined && choice === apply && fix) {
      const outcome = await this.apply(state, fix.id);
      if (!outcome.applied && outcome.message) void vscode.window.showWarningMessage(outcome.message);
    }
  }

  async apply(state: PanelState, fixId: string): Promise<ApplyProbeFixResult> {
    if (state.siteId === undefined) return { applied: false, message: 'nanscope: this result has no training site.' };
    const args: ApplyProbeFixArgs = { uri: state.uri, siteId: state.siteId, fixId };
    const result = (await this.client.sendRequest(ExecuteCommandRequest.type, { command: Commands.applyProbeFix, arguments: [args] })) as ApplyProbeFixResult | null;
    return result ?? { applied: false, message: 'nanscope: the server gave no answer.' };
  }

  /**
   * `nanscope.showProbeResults`: the panel for a site (from arguments), else for the last probe of
   * the active file. False when there is nothing to show.
   */
  showResults(uri?: string, siteId?: string): boolean {
    const target = uri ?? vscode.window.activeTextEditor?.document.uri.toString();
    if (!target) return false;
    const state = siteId !== undefined ? this.results.get(target, siteId) : this.results.latestFor(target);
    if (!state) return false;
    return this.results.show(state, { open: true, reveal: true });
  }

  /** The command handler for `nanscope.showProbeResults`. */
  async showResultsCommand(arg?: unknown): Promise<boolean> {
    const a = typeof arg === 'object' && arg !== null ? (arg as Record<string, unknown>) : {};
    const uri = typeof a['uri'] === 'string' ? a['uri'] : undefined;
    const siteId = typeof a['siteId'] === 'string' ? a['siteId'] : undefined;
    if (this.showResults(uri, siteId)) return true;
    const choice = await vscode.window.showInformationMessage('nanscope: no probe results for this file yet.', 'Run Stability Probe');
    if (choice) await vscode.commands.executeCommand(Commands.runProbe);
    return false;
  }
}

/** The training site whose lens starts nearest above (or on) a line. */
async function siteAbove(uri: vscode.Uri, line: number): Promise<string | undefined> {
  try {
    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
    let best: { line: number; siteId: string } | undefined;
    for (const lens of lenses) {
      const arg: unknown = lens.command?.command === Commands.runProbe ? lens.command.arguments?.[0] : undefined;
      const siteId = typeof arg === 'object' && arg !== null ? (arg as { siteId?: unknown }).siteId : undefined;
      if (typeof siteId !== 'string' || lens.range.start.line > line) continue;
      if (!best || lens.range.start.line > best.line) best = { line: lens.range.start.line, siteId };
    }
    return best?.siteId;
  } catch {
    return undefined;
  }
}
