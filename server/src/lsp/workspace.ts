// Workspace scope: diagnostics for every TF.js file in the workspace, not only the open ones.
// The first scan reports work-done progress (and can be cancelled from it); later changes on disk
// arrive as `workspace/didChangeWatchedFiles` and re-analyze just those files. Which files count is
// the CLI's rule (`findFiles`): lintable extensions, no dependencies or build output, .gitignore
// respected.

import * as path from 'node:path';
import { FileChangeType, type FileEvent, type WorkspaceFolder } from 'vscode-languageserver';
import { findFiles, isLintable } from '../cli/files';
import { CONFIG_FILE_NAMES } from '../config/load';
import type { ServerContext } from './context';
import { canonicalUri, filePathOf, uriOf } from './uris';

const SCAN_KEY = '<workspace scan>';

export class WorkspaceFiles {
  private folders: string[] = [];
  private scanGeneration = 0;
  private scanning: Promise<void> | undefined;
  /** Files analyzed by the last scan (canonical URIs). */
  private known = new Set<string>();

  constructor(private readonly ctx: ServerContext) {}

  setFolders(folders: readonly WorkspaceFolder[] | null | undefined, rootUri: string | null | undefined): void {
    const uris = folders && folders.length > 0 ? folders.map((f) => f.uri) : rootUri ? [rootUri] : [];
    this.folders = uris.map((u) => filePathOf(u)).filter((p): p is string => p !== undefined);
  }

  addFolders(added: readonly WorkspaceFolder[], removed: readonly WorkspaceFolder[]): void {
    const gone = new Set(removed.map((f) => filePathOf(f.uri)));
    this.folders = this.folders.filter((f) => !gone.has(f));
    for (const f of added) {
      const p = filePathOf(f.uri);
      if (p !== undefined && !this.folders.includes(p)) this.folders.push(p);
    }
  }

  /** Brings workspace-scope diagnostics in line with the settings: scan, or clear. */
  async refresh(): Promise<void> {
    const window = await this.ctx.settings.forWindow();
    if (window.scope !== 'workspace' || !window.enable) {
      this.scanGeneration++;
      for (const key of this.ctx.validator.diskKeys()) this.ctx.validator.clear(key);
      this.known.clear();
      return;
    }
    await this.scan();
  }

  /** The scan in progress, if any (tests wait for it). */
  get current(): Promise<void> | undefined {
    return this.scanning;
  }

  /** Handles `workspace/didChangeWatchedFiles`. */
  async filesChanged(changes: readonly FileEvent[]): Promise<void> {
    let configChanged = false;
    const window = await this.ctx.settings.forWindow();
    for (const change of changes) {
      const filePath = filePathOf(change.uri);
      if (filePath === undefined) continue;
      if (CONFIG_FILE_NAMES.includes(path.basename(filePath))) {
        configChanged = true;
        continue;
      }
      if (!isLintable(filePath)) continue;
      this.ctx.validator.moduleChanged(change.uri);
      const key = canonicalUri(change.uri);
      if (change.type === FileChangeType.Deleted) {
        this.known.delete(key);
        if (!this.ctx.documents.get(change.uri)) this.ctx.validator.clear(key);
      } else if (window.scope === 'workspace' && window.enable && this.inWorkspace(filePath)) {
        this.known.add(key);
        this.ctx.validator.fileChanged(uriOf(filePath));
      }
    }
    if (configChanged) {
      this.ctx.log.info('a configuration file changed; re-analyzing');
      this.ctx.settings.clear();
      this.ctx.validator.revalidateOpen();
      await this.refresh();
    }
  }

  private inWorkspace(filePath: string): boolean {
    return this.folders.some((f) => {
      const relative = path.relative(f, filePath);
      return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
    });
  }

  private scan(): Promise<void> {
    const generation = ++this.scanGeneration;
    const run = this.scanFolders(generation).finally(() => {
      if (this.scanning === run) this.scanning = undefined;
    });
    this.scanning = run;
    return run;
  }

  private async scanFolders(generation: number): Promise<void> {
    const { ctx } = this;
    const started = Date.now();
    const files: string[] = [];
    for (const folder of this.folders) {
      const search = findFiles([folder], folder);
      files.push(...search.files);
      for (const e of search.errors) ctx.log.warn(`workspace scan: ${e}`);
    }
    const progress = await ctx.connection.window.createWorkDoneProgress();
    progress.begin('nanscope', 0, `analyzing ${files.length} files`, true);
    ctx.status.begin(SCAN_KEY);
    const seen = new Set<string>();
    let done = 0;
    try {
      for (const file of files) {
        if (generation !== this.scanGeneration || progress.token.isCancellationRequested) break;
        const uri = uriOf(file);
        seen.add(canonicalUri(uri));
        await ctx.validator.validateFile(uri);
        done++;
        if (done % 20 === 0 || done === files.length) {
          progress.report(Math.round((done / Math.max(1, files.length)) * 100), `${done}/${files.length} files`);
        }
        // Let requests (code actions, edits) in between files.
        await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      progress.done();
      ctx.status.end(SCAN_KEY);
    }
    if (generation !== this.scanGeneration) return;
    // Files from an earlier scan that are gone or now ignored.
    for (const key of this.known) {
      if (!seen.has(key)) ctx.validator.clear(key);
    }
    this.known = seen;
    ctx.log.info(`workspace scan: ${done} of ${files.length} files analyzed in ${Date.now() - started} ms`);
  }
}
