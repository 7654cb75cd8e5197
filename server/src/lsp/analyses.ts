// The latest analysis of each document, and the parse it came from. An analysis is reused while
// the document's version, text and settings are unchanged, so diagnostics, code actions, code
// lenses and fix-all for one version cost one analysis. The parse is kept per open document and
// handed back to the analyzer, which re-parses incrementally (`ts.updateSourceFile`).

import { performance } from 'node:perf_hooks';
import type * as ts from 'typescript';
import { ModuleGraph } from '../analysis/modules';
import { nodeModuleHost } from '../host/module-host';
import type { Analyzer, AnalyzeOutput } from './analyzer';
import type { Logger } from './logger';
import { IdleCollector } from './memory';
import type { ResolvedSettings } from './settings';
import { LineIndex } from './to-lsp';
import { fileNameFor } from './uris';

/**
 * `NANSCOPE_INCREMENTAL_PARSE=0` in the server's environment parses every version from scratch:
 * the benchmark's comparison (bench/lsp.js), and a way out should an incremental parse go wrong.
 */
const INCREMENTAL_PARSE = process.env['NANSCOPE_INCREMENTAL_PARSE'] !== '0';

/**
 * Parses kept for incremental re-analysis, most recently analyzed first. A parse is most of a
 * document's memory and only the documents being edited need theirs: with 500 files open the
 * server keeps 16 syntax trees, not 500 (bench/RESULTS.md, memory).
 */
const KEPT_PARSES = 16;

export interface DocumentAnalysis {
  /** The document's URI as the client spells it. */
  uri: string;
  /** The document version analyzed; undefined for a file read from disk. */
  version: number | undefined;
  /** The file name the analyzer parsed under. */
  fileName: string;
  text: string;
  lines: LineIndex;
  result: AnalyzeOutput;
  settings: ResolvedSettings;
  /** Wall time of the analysis in milliseconds. */
  ms: number;
  /** The module graph's epoch when this ran; it is stale once another module it followed changes. */
  modulesEpoch: number;
}

export interface AnalyzeRequest {
  key: string;
  uri: string;
  text: string;
  version: number | undefined;
  languageId?: string;
  settings: ResolvedSettings;
  /** Keep the parse for the next version (open documents); disk files are parsed once. */
  keepParse: boolean;
}

export class AnalysisStore {
  private readonly latest = new Map<string, DocumentAnalysis>();
  private readonly parses = new Map<string, ts.SourceFile>();
  /** Open documents' file names in the module graph, by key, so a close takes the buffer out. */
  private readonly buffers = new Map<string, string>();
  /** Analyses actually run (not served from the cache), for tests and logs. */
  runs = 0;
  /** Returns the heap a burst of analyses grew once the server is idle. */
  readonly collector = new IdleCollector();
  /**
   * The workspace's modules for cross-file analysis: open documents' texts override the disk, and
   * each module is parsed once until it changes.
   */
  readonly modules = new ModuleGraph(nodeModuleHost());

  constructor(
    private readonly analyzer: Analyzer,
    private readonly log: Logger,
  ) {}

  /**
   * An open document's text changed: from now on modules importing it see this text. Called on
   * every change, not only when the document is analyzed, so an importer analyzed first (its
   * settings arrived first, or the document's own analysis is off or debounced) never reads an
   * older buffer.
   */
  bufferChanged(key: string, uri: string, languageId: string | undefined, text: string): void {
    const fileName = fileNameFor(uri, languageId);
    this.buffers.set(key, fileName);
    this.modules.setText(fileName, text);
  }

  /** The cached analysis of exactly this text under these settings, if any. */
  cached(request: Omit<AnalyzeRequest, 'keepParse' | 'languageId'>): DocumentAnalysis | undefined {
    const hit = this.latest.get(request.key);
    if (
      hit &&
      hit.version === request.version &&
      hit.settings.epoch === request.settings.epoch &&
      hit.settings === request.settings &&
      hit.text === request.text &&
      (hit.modulesEpoch === this.modules.epoch || (hit.result.modules ?? []).length === 0)
    ) {
      return hit;
    }
    return undefined;
  }

  /** Analyzes (or reuses the analysis of) one text. May throw only if the analyzer does. */
  analyze(request: AnalyzeRequest): DocumentAnalysis {
    const hit = this.cached(request);
    if (hit) return hit;
    const fileName = fileNameFor(request.uri, request.languageId);
    const previous = request.keepParse && INCREMENTAL_PARSE ? this.parses.get(request.key) : undefined;
    if (request.keepParse) this.bufferChanged(request.key, request.uri, request.languageId, request.text);
    const start = performance.now();
    const result = this.analyzer.analyze({
      fileName,
      text: request.text,
      config: request.settings.config,
      modules: this.modules,
      // Open documents keep what the analysis of their next version can reuse.
      incremental: request.keepParse && INCREMENTAL_PARSE,
      ...(previous ? { previous } : {}),
    });
    const ms = performance.now() - start;
    this.runs++;
    this.collector.noteWork();
    this.parses.delete(request.key);
    if (request.keepParse && result.sourceFile) {
      this.parses.set(request.key, result.sourceFile);
      // Map order is insertion order: the first key is the least recently analyzed.
      for (const key of this.parses.keys()) {
        if (this.parses.size <= KEPT_PARSES) break;
        this.parses.delete(key);
      }
    }
    if ((result.modules ?? []).length > 0) {
      this.log.debug(() => `${fileName} follows ${result.modules?.length} workspace module(s)`);
    }
    // The parse is kept above, not in the result: a result outlives its parse's validity. (Not a
    // copy without it: an incremental result reads its models and sites only when asked for.)
    delete result.sourceFile;
    const analysis: DocumentAnalysis = {
      uri: request.uri,
      version: request.version,
      fileName,
      text: request.text,
      lines: new LineIndex(request.text),
      result,
      settings: request.settings,
      ms,
      modulesEpoch: this.modules.epoch,
    };
    // Disk files (workspace scope) are analyzed once per change; only open documents are asked
    // for code actions and lenses, so only theirs are worth keeping.
    if (request.keepParse) this.latest.set(request.key, analysis);
    this.log.debug(
      () =>
        `analyzed ${fileName}${request.version === undefined ? ' (disk)' : ` v${request.version}`} in ${ms.toFixed(1)} ms: ` +
        `${result.findings.length} findings, ${result.sites.length} training sites` +
        `${previous ? ', incremental parse' : ''}${result.reuse ? `, ${result.reuse.kept} statement groups kept, ${result.reuse.analyzed} analyzed` : ''}` +
        `${result.skipped ? `; skipped: ${result.skipped}` : ''}` +
        `${result.internalErrors.length ? `; internal errors: ${result.internalErrors.map((e) => e.where).join(', ')}` : ''}`,
    );
    for (const e of result.internalErrors) this.log.error(`analyzer internal error in ${e.where} (${fileName}): ${e.message}`);
    return analysis;
  }

  forget(key: string): void {
    const fileName = this.buffers.get(key);
    if (fileName !== undefined) this.modules.clearText(fileName);
    this.buffers.delete(key);
    this.latest.delete(key);
    this.parses.delete(key);
  }

  /** Drops cached parses (memory), keeping nothing that a later analysis would need for correctness. */
  clear(): void {
    this.latest.clear();
    this.parses.clear();
  }
}
