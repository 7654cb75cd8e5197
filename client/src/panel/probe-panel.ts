// The stability probe's results panels: one webview panel per file and training site, revealed
// and reused when the probe runs again there. Each panel's HTML carries its whole state (the
// webview is not kept alive while hidden: VS Code reloads it from that HTML when it is shown
// again). Progress while the probe runs arrives as messages; the verdict replaces the HTML.

import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PanelEvent, PanelRequest, PanelState } from '../webview/state';
import { panelTitle, renderPanelHtml } from './html';

export const PANEL_VIEW_TYPE = 'nanscope.probeResults';

/** Results kept for `nanscope.showProbeResults` (most recent first; open panels always). */
const MAX_KEPT_RESULTS = 50;

/** What the panel's buttons do: the extension supplies them (they talk to the server). */
export interface PanelActions {
  /** Applies a row of the fix table; resolves to why not, when not applied. */
  apply(state: PanelState, fixId: string): Promise<{ applied: boolean; message?: string }>;
  rerun(state: PanelState): Promise<unknown>;
}

/** A panel as the extension-host tests see it. */
export interface ProbePanelSnapshot {
  key: string;
  title: string;
  visible: boolean;
  state: PanelState;
  html: string;
}

export function panelKey(uri: string, siteId: string | undefined): string {
  return `${uri}#${siteId ?? '?'}`;
}

export function fileLabel(uri: string): string {
  try {
    return path.basename(vscode.Uri.parse(uri).path) || uri;
  } catch {
    return uri;
  }
}

class ResultsPanel {
  state: PanelState;
  html = '';

  constructor(
    readonly panel: vscode.WebviewPanel,
    state: PanelState,
    private readonly distUri: vscode.Uri,
  ) {
    this.state = state;
    this.render();
  }

  render(): void {
    const webview = this.panel.webview;
    this.panel.title = panelTitle(this.state);
    this.html = renderPanelHtml(this.state, {
      cspSource: webview.cspSource,
      nonce: randomBytes(16).toString('base64'),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.distUri, 'probe-panel.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(this.distUri, 'probe-panel.css')).toString(),
    });
    webview.html = this.html;
  }

  post(event: PanelEvent): void {
    void this.panel.webview.postMessage(event);
  }
}

export class ProbeResults implements vscode.Disposable {
  /** The last state per file and site, whether or not its panel is open (most recent last). */
  private readonly states = new Map<string, PanelState>();
  private readonly panels = new Map<string, ResultsPanel>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly distUri: vscode.Uri;

  constructor(
    extensionUri: vscode.Uri,
    private readonly actions: PanelActions,
  ) {
    this.distUri = vscode.Uri.joinPath(extensionUri, 'dist');
    // A result describes one text: after an edit, Apply waits for a new run.
    this.subscriptions.push(
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length === 0) return;
        const uri = event.document.uri.toString();
        for (const [key, state] of this.states) {
          if (state.uri !== uri || state.stale || state.status !== 'done') continue;
          this.set(key, { ...state, stale: true }, false);
        }
      }),
    );
  }

  /** The last state for this file and site. */
  get(uri: string, siteId: string | undefined): PanelState | undefined {
    return this.states.get(panelKey(uri, siteId));
  }

  /** The most recent state for a file, any site. */
  latestFor(uri: string): PanelState | undefined {
    let latest: PanelState | undefined;
    for (const state of this.states.values()) if (state.uri === uri) latest = state;
    return latest;
  }

  /**
   * Records a state under its key, and shows it: in the open panel (revealed when `reveal`), or in
   * a new panel when `open`. Returns whether a panel shows it.
   */
  show(state: PanelState, options: { open: boolean; reveal: boolean }): boolean {
    const key = panelKey(state.uri, state.siteId);
    return this.set(key, state, options.open, options.reveal);
  }

  /** Moves a state (and its panel) from one key to another: a run whose site became known. */
  rekey(fromKey: string, state: PanelState, options: { open: boolean; reveal: boolean }): boolean {
    const toKey = panelKey(state.uri, state.siteId);
    if (fromKey !== toKey) {
      const moving = this.panels.get(fromKey);
      this.states.delete(fromKey);
      this.panels.delete(fromKey);
      if (moving) {
        if (this.panels.has(toKey)) moving.panel.dispose();
        else this.panels.set(toKey, moving);
      }
    }
    return this.set(toKey, state, options.open, options.reveal);
  }

  progress(uri: string, siteId: string | undefined, message: string, percentage: number | undefined): void {
    const panel = this.panels.get(panelKey(uri, siteId));
    if (!panel || panel.state.status !== 'running') return;
    panel.post(percentage === undefined ? { type: 'progress', message } : { type: 'progress', message, percentage });
  }

  snapshot(): ProbePanelSnapshot[] {
    return [...this.panels].map(([key, p]) => ({ key, title: p.panel.title, visible: p.panel.visible, state: p.state, html: p.html }));
  }

  dispose(): void {
    for (const p of this.panels.values()) p.panel.dispose();
    for (const s of this.subscriptions) s.dispose();
  }

  private set(key: string, state: PanelState, open: boolean, reveal = false): boolean {
    this.states.delete(key);
    this.states.set(key, state);
    // Keep the most recent results; a closed panel's older ones go first.
    for (const old of this.states.keys()) {
      if (this.states.size <= MAX_KEPT_RESULTS) break;
      if (!this.panels.has(old)) this.states.delete(old);
    }
    const existing = this.panels.get(key);
    if (existing) {
      existing.state = state;
      existing.render();
      if (reveal) existing.panel.reveal(undefined, true);
      return true;
    }
    if (!open) return false;
    this.panels.set(key, this.create(state));
    return true;
  }

  private create(state: PanelState): ResultsPanel {
    const panel = vscode.window.createWebviewPanel(
      PANEL_VIEW_TYPE,
      panelTitle(state),
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      {
        enableScripts: true,
        enableCommandUris: false,
        enableFindWidget: true,
        retainContextWhenHidden: false,
        localResourceRoots: [this.distUri],
      },
    );
    const results = new ResultsPanel(panel, state, this.distUri);
    const subscriptions = [
      panel.webview.onDidReceiveMessage((message: PanelRequest) => void this.onMessage(results, message)),
      panel.onDidDispose(() => {
        for (const [k, p] of this.panels) if (p === results) this.panels.delete(k);
        for (const s of subscriptions) s.dispose();
      }),
    ];
    return results;
  }

  private async onMessage(results: ResultsPanel, message: PanelRequest): Promise<void> {
    const state = results.state;
    switch (message?.type) {
      case 'openLine':
        if (typeof message.line === 'number') await openLine(state.uri, message.line);
        return;
      case 'apply': {
        if (typeof message.fixId !== 'string') return;
        const outcome = await this.actions.apply(state, message.fixId).catch((error: unknown) => ({
          applied: false,
          message: `nanscope: applying the fix failed: ${error instanceof Error ? error.message : String(error)}`,
        }));
        results.post({ type: 'applied', fixId: message.fixId, ...outcome });
        if (!outcome.applied && outcome.message) void vscode.window.showWarningMessage(outcome.message);
        return;
      }
      case 'rerun':
        await this.actions.rerun(state);
        return;
    }
  }
}

/** Opens the probed file at a 1-based line, in the editor column that shows it (or the first). */
export async function openLine(uri: string, line: number): Promise<void> {
  const target = vscode.Uri.parse(uri);
  const document = await vscode.workspace.openTextDocument(target);
  const index = Math.max(0, Math.min(document.lineCount - 1, Math.floor(line) - 1));
  const text = document.lineAt(index);
  const range = new vscode.Range(index, text.firstNonWhitespaceCharacterIndex, index, text.range.end.character);
  const shown = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === target.toString());
  const editor = await vscode.window.showTextDocument(document, { viewColumn: shown?.viewColumn ?? vscode.ViewColumn.One, selection: range, preserveFocus: false });
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}
