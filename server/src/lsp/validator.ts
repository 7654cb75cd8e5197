// When to analyze and what to publish. Every document (open, or on disk in workspace scope) has a
// generation that each edit, open, close or settings change bumps. A run remembers the
// generation it started for and publishes only if it is still current after its last `await`, so
// a stale run is cancelled and diagnostics are never published out of order.
//
// Debounce with a leading edge: an edit after a quiet period is analyzed at once (the next timer
// tick, so messages already queued are coalesced); edits arriving faster than `debounce` ms apart
// wait until they pause. Typing gets immediate squiggles; a burst costs two analyses, not a
// hundred.

import { readFile } from 'node:fs/promises';
import { type Diagnostic, DiagnosticSeverity } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentAnalysis } from './analyses';
import type { ServerContext } from './context';
import { describeError } from './logger';
import { annotate, concerns } from './probe';
import { DEFAULT_SETTINGS, type ResolvedSettings } from './settings';
import { SOURCE, toDiagnostic } from './to-lsp';
import { canonicalUri, filePathOf, isSupportedDocument, uriOf } from './uris';

export type Reason = 'open' | 'change' | 'save' | 'settings' | 'disk';

interface DocumentState {
  /** The URI as the client spells it (for open documents) or as we made it (disk files). */
  uri: string;
  generation: number;
  /** The last document version seen (open documents). */
  version: number | undefined;
  timer: NodeJS.Timeout | undefined;
  lastChangeAt: number;
  /** The debounce in effect for this document (from its last resolved settings). */
  debounce: number;
  /** Diagnostics were published and not yet cleared. */
  published: boolean;
  /** Why the last analysis skipped the file, if it did. */
  skipped?: string | undefined;
}

export class Validator {
  private readonly states = new Map<string, DocumentState>();
  /** Publishes (not analyses) so far, for tests and benchmarks. */
  publishes = 0;

  constructor(private readonly ctx: ServerContext) {}

  /** An open document changed (or opened, or was saved). */
  documentChanged(document: TextDocument, reason: Reason): void {
    if (!isSupportedDocument(document.uri, document.languageId)) return;
    const key = canonicalUri(document.uri);
    const state = this.state(key, document.uri);
    // The text manager reports an opening as a change too; a change that is no change is ignored.
    if (reason === 'change' && state.version === document.version) return;
    state.version = document.version;
    state.uri = document.uri;
    this.ctx.analyses.bufferChanged(key, document.uri, document.languageId, document.getText());
    const now = Date.now();
    const quiet = state.timer === undefined && now - state.lastChangeAt >= state.debounce;
    state.lastChangeAt = reason === 'change' ? now : 0;
    this.schedule(key, state, reason, reason === 'change' && !quiet ? state.debounce : 0);
    if (reason !== 'settings') this.revalidateDependents(document.uri, state.debounce);
  }

  /**
   * Files that import this one (directly or not) see its values: re-analyze the open ones and the
   * workspace-scope ones after it changes. Dependents wait for the debounce, so typing in a data
   * module does not re-analyze its importers on every keystroke.
   */
  private revalidateDependents(uri: string, delay: number): void {
    const filePath = filePathOf(uri);
    if (filePath === undefined) return;
    for (const dependent of this.ctx.analyses.modules.dependents(filePath)) {
      const depKey = canonicalUri(uriOf(dependent));
      const document = this.openDocument(depKey);
      const state = this.states.get(depKey);
      if (document) this.schedule(depKey, this.state(depKey, document.uri), 'settings', delay);
      else if (state) this.schedule(depKey, state, 'disk', delay);
    }
  }

  private openDocument(key: string): TextDocument | undefined {
    const state = this.states.get(key);
    return state ? this.ctx.documents.get(state.uri) : undefined;
  }

  /** An open document closed: in workspace scope its file on disk is analyzed, else it is cleared. */
  async documentClosed(uri: string): Promise<void> {
    const key = canonicalUri(uri);
    const state = this.states.get(key);
    this.ctx.analyses.forget(key);
    this.ctx.settings.forget(uri);
    this.ctx.probe.forget(key);
    // Importers saw the buffer; from now on they see the file on disk (an unsaved edit is gone).
    this.revalidateDependents(uri, 0);
    if (!state) return;
    this.cancel(state);
    const generation = ++state.generation;
    const window = await this.ctx.settings.forWindow();
    // Reopened while the settings were on their way (or taken over by another run): the newer
    // run owns the document now, and clearing here would cancel it.
    if (state.generation !== generation || this.ctx.documents.get(uri)) return;
    if (window.scope === 'workspace' && filePathOf(uri) !== undefined) {
      this.schedule(key, state, 'disk', 0);
    } else {
      this.clear(key);
    }
  }

  /** A file on disk (not open) changed, in workspace scope. */
  fileChanged(uri: string): void {
    const key = canonicalUri(uri);
    if (this.isOpen(key)) return;
    this.schedule(key, this.state(key, uri), 'disk', 0);
  }

  /** A source file changed or disappeared on disk: modules that import it are re-analyzed. */
  moduleChanged(uri: string): void {
    const filePath = filePathOf(uri);
    if (filePath === undefined) return;
    this.ctx.analyses.modules.invalidate(filePath);
    this.revalidateDependents(uri, 0);
  }

  /** Clears a document's diagnostics and forgets it (deleted file, or out of scope). */
  clear(key: string): void {
    const state = this.states.get(key);
    if (!state) return;
    this.cancel(state);
    state.generation++;
    if (state.published) this.send(state, [], undefined);
    this.states.delete(key);
    this.ctx.analyses.forget(key);
    this.ctx.status.end(key);
  }

  /** Analyzes a file from disk now, for the workspace scan (which reports its own progress). */
  async validateFile(uri: string): Promise<void> {
    const key = canonicalUri(uri);
    if (this.isOpen(key)) return;
    const state = this.state(key, uri);
    this.cancel(state);
    await this.run(key, ++state.generation, 'disk');
  }

  /** Publishes an open document again (its probe results changed); the analysis is cached. */
  republish(uri: string): void {
    const document = this.ctx.documents.get(uri);
    if (document) this.documentChanged(document, 'settings');
  }

  /** Re-validates every open document (settings changed). */
  revalidateOpen(): void {
    for (const document of this.ctx.documents.all()) this.documentChanged(document, 'settings');
  }

  /** Keys of documents with published diagnostics that are not open (workspace-scope results). */
  diskKeys(): string[] {
    return [...this.states.keys()].filter((k) => !this.isOpen(k));
  }

  private state(key: string, uri: string): DocumentState {
    let state = this.states.get(key);
    if (!state) {
      state = { uri, generation: 0, version: undefined, timer: undefined, lastChangeAt: 0, debounce: DEFAULT_SETTINGS.debounce, published: false };
      this.states.set(key, state);
    }
    return state;
  }

  private isOpen(key: string): boolean {
    const state = this.states.get(key);
    return state !== undefined && this.ctx.documents.get(state.uri) !== undefined;
  }

  private cancel(state: DocumentState): void {
    if (state.timer) {
      clearTimeout(state.timer);
      state.timer = undefined;
    }
  }

  private schedule(key: string, state: DocumentState, reason: Reason, delay: number): void {
    this.cancel(state);
    const generation = ++state.generation;
    this.ctx.status.begin(key);
    state.timer = setTimeout(() => {
      state.timer = undefined;
      void this.run(key, generation, reason);
    }, delay);
  }

  private async run(key: string, generation: number, reason: Reason): Promise<void> {
    const state = this.states.get(key);
    if (!state) return;
    this.ctx.status.begin(key);
    try {
      await this.validate(key, state, generation, reason);
      this.ctx.status.ok();
    } catch (error) {
      // Never leave squiggles from an older text behind a failure: clear them and say why.
      this.ctx.log.error(`analysis of ${state.uri} failed`, error);
      this.ctx.status.error(`analysis of ${state.uri} failed: ${firstLine(error)}`);
      if (state.generation === generation) this.send(state, [], undefined);
    } finally {
      if (state.generation === generation || state.timer === undefined) this.ctx.status.end(key);
    }
  }

  private async validate(key: string, state: DocumentState, generation: number, reason: Reason): Promise<void> {
    const uri = state.uri;
    const resolved = await this.ctx.settings.forUri(uri);
    if (state.generation !== generation) return;
    state.debounce = resolved.settings.debounce;
    const document = this.ctx.documents.get(uri);

    if (!document) {
      // A file on disk: only in workspace scope.
      const window = await this.ctx.settings.forWindow();
      if (!resolved.settings.enable || window.scope !== 'workspace') {
        if (state.generation === generation) this.clear(key);
        return;
      }
      const filePath = filePathOf(uri);
      if (filePath === undefined) return;
      let text: string;
      try {
        // Without its byte order mark, as an editor opens it: line 1's columns must not shift.
        text = (await readFile(filePath, 'utf8')).replace(/^\uFEFF/, '');
      } catch {
        if (state.generation === generation) this.clear(key);
        return;
      }
      if (state.generation !== generation || this.ctx.documents.get(uri)) return;
      const analysis = this.analyze(key, uri, text, undefined, undefined, resolved, false);
      this.publish(state, analysis);
      return;
    }

    if (!resolved.settings.enable) {
      if (state.published) this.send(state, [], document.version);
      return;
    }
    if (reason === 'change' && resolved.settings.run === 'onSave') return;
    const analysis = this.analyze(key, uri, document.getText(), document.version, document.languageId, resolved, true);
    this.publish(state, analysis);
  }

  private analyze(
    key: string,
    uri: string,
    text: string,
    version: number | undefined,
    languageId: string | undefined,
    settings: ResolvedSettings,
    keepParse: boolean,
  ): DocumentAnalysis {
    return this.ctx.analyses.analyze({
      key,
      uri,
      text,
      version,
      settings,
      keepParse,
      ...(languageId !== undefined ? { languageId } : {}),
    });
  }

  private publish(state: DocumentState, analysis: DocumentAnalysis): void {
    const { analyzer, client } = this.ctx;
    const reports = this.ctx.probe.resultsFor(canonicalUri(analysis.uri), analysis.version);
    const diagnostics = analysis.result.findings.map((f) => {
      const diagnostic = toDiagnostic(f, analysis.uri, (id) => analyzer.docUrl(id), client);
      const report = reports.find((r) => concerns(f, r));
      const note = report ? annotate(f, report) : undefined;
      if (note) {
        diagnostic.message = note.message;
        // A severity the user set explicitly wins over the probe's refutation.
        const explicit = analysis.settings.config.rules[f.ruleId] !== undefined;
        if (note.downgrade && !explicit) diagnostic.severity = DiagnosticSeverity.Information;
      }
      return diagnostic;
    });
    if (analysis.result.skipped !== state.skipped) {
      // Said once per change of state, not on every keystroke in a file too large to analyze.
      if (analysis.result.skipped) this.ctx.log.info(`${analysis.uri}: ${analysis.result.skipped}`);
      state.skipped = analysis.result.skipped;
    }
    if (analysis.result.skipped) {
      // Where the user looks, as the CLI's note: no diagnostics must not read as "nothing found".
      const start = { line: 0, character: 0 };
      diagnostics.push({
        range: { start, end: start },
        severity: DiagnosticSeverity.Information,
        source: SOURCE,
        message: `File not analyzed: ${analysis.result.skipped}`,
      });
    }
    this.send(state, diagnostics, analysis.version);
  }

  private send(state: DocumentState, diagnostics: Diagnostic[], version: number | undefined): void {
    state.published = diagnostics.length > 0;
    this.publishes++;
    const params = { uri: state.uri, diagnostics, ...(version !== undefined && this.ctx.client.diagnosticVersion ? { version } : {}) };
    this.ctx.connection.sendDiagnostics(params).catch((error: unknown) => this.ctx.log.error('publishDiagnostics failed', error));
  }
}

function firstLine(error: unknown): string {
  return describeError(error).split('\n')[0] ?? 'unknown error';
}
