// parse → facts → rules → findings. The one entry point every front end (CLI, server, probe) uses.

import ts = require('typescript');
import { defaultConfig, type NanscopeConfig } from './config';
import { buildFacts, type FileFacts } from './facts';
import { analyzeIncrementally } from './incremental';
import type { ModuleGraph } from './modules';
import { parse, syntaxErrorsOf } from './parse';
import { baseName, Positions, resolveLineMarks } from './positions';
import { parseSuppressions } from './suppressions';
import type { AnalysisResult, Finding, InternalError, RelatedLocation, Severity, Span } from './types';
import { withHome } from './values';
import { rules } from '../rules';
import type { Report, Rule } from '../rules/rule';

export interface AnalyzeInput {
  fileName: string;
  text: string;
  config?: NanscopeConfig;
  /** A previous parse of the same document, for incremental re-parsing. */
  previous?: ts.SourceFile;
  /** Which rules to run (default: all that the config does not switch off). */
  only?: readonly string[];
  /** The workspace's modules: relative imports are followed into them (cross-file analysis). */
  modules?: ModuleGraph;
  /**
   * Keep, with the parse, what the analysis of the next version can reuse (an editor's open
   * document: pass the parse back as `previous`). See incremental.ts.
   */
  incremental?: boolean;
}

export interface AnalyzeOutput extends AnalysisResult {
  /** The parse, for the next incremental analysis of the same document. Not serializable. */
  sourceFile?: ts.SourceFile;
  /** The other modules the analysis followed (cross-file), by file name. */
  modules?: string[];
  /** An incremental analysis: groups of statements whose results were kept, and analyzed again. */
  reuse?: { kept: number; analyzed: number };
}

/** Analyzes one file. Never throws: failures become `internalErrors`. */
export function analyze(input: AnalyzeInput): AnalyzeOutput {
  // Too large or binary: said before anything is parsed, so a 5 MB bundle costs nothing.
  const skip = skipReason(input.text, input.config ?? defaultConfig());
  if (skip) return skippedResult(input.fileName, skip);
  let sourceFile: ts.SourceFile;
  try {
    sourceFile = parse(input.fileName, input.text, input.previous);
  } catch (error) {
    // TypeScript's parser is recursive: thousands of nested brackets exhaust the stack. That is a
    // property of the file, not a bug of the analysis: skip it with the reason.
    if (isStackOverflow(error)) {
      return { ...emptyResult(input.fileName), skipped: 'file is nested too deeply to parse (the parser ran out of stack); not analyzed' };
    }
    return { ...emptyResult(input.fileName), internalErrors: [{ where: 'parse', message: errorMessage(error) }] };
  }
  const run = (statements?: readonly ts.Statement[]): AnalyzeOutput => withHome(sourceFile, () => analyzeParsed(input, sourceFile, statements));
  const result = input.incremental ? analyzeIncrementally(sourceFile, input.config ?? defaultConfig(), input.previous, run) : run();
  return finish(result, sourceFile);
}

/** Messages get their line numbers, and findings that a suppression comment switches off go. */
function finish(result: AnalyzeOutput, sourceFile: ts.SourceFile): AnalyzeOutput {
  if (result.findings.length === 0) return result;
  const positions = new Positions(sourceFile);
  const suppressions = parseSuppressions(sourceFile, positions);
  const findings = result.findings.filter((f) => !suppressions.isSuppressed(f.ruleId, f.range.start.line));
  // In place, not a copy: an incremental result reads its models and sites only when asked for.
  result.findings = resolveLineMarks(findings, positions);
  return result;
}

function emptyResult(fileName: string): AnalyzeOutput {
  return {
    fileName,
    usesTf: false,
    syntaxErrors: [],
    bindings: { namespaces: [], named: {} },
    findings: [],
    models: [],
    sites: [],
    internalErrors: [],
  };
}

/** The analysis of the parse; with `statements`, of those top-level statements only. */
function analyzeParsed(input: AnalyzeInput, sourceFile: ts.SourceFile, statements?: readonly ts.Statement[]): AnalyzeOutput {
  const config = input.config ?? defaultConfig();
  const empty = emptyResult(input.fileName);

  const positions = new Positions(sourceFile);
  const syntaxErrors = syntaxErrorsOf(sourceFile, positions);

  const internalErrors: InternalError[] = [];
  let facts: FileFacts;
  try {
    facts = buildFacts(sourceFile, config, positions, input.modules, statements);
  } catch (error) {
    if (isStackOverflow(error)) return { ...empty, skipped: 'file is nested too deeply to analyze (the analysis ran out of stack); not analyzed' };
    internalErrors.push({ where: 'facts', message: errorMessage(error) });
    return { ...empty, syntaxErrors, internalErrors, sourceFile };
  }
  // A guarded step of the facts (facts.internalErrors) that ran out of stack: the same clear result.
  if (facts.internalErrors.some((e) => /maximum call stack/i.test(e.message))) {
    return { ...empty, syntaxErrors, skipped: 'file is nested too deeply to analyze (the analysis ran out of stack); not analyzed', sourceFile };
  }
  if (!facts.usesTf) return { ...empty, syntaxErrors, sourceFile };

  const findings: Finding[] = [];
  for (const rule of rules as readonly Rule[]) {
    const level = config.rules[rule.meta.id];
    if (level === 'off') continue;
    if (input.only && !input.only.includes(rule.meta.id)) continue;
    try {
      rule.check({
        facts,
        report: (report: Report) => {
          const local = anchorHere(report, facts);
          if (!local) return;
          findings.push(toFinding(rule, local, (s) => positions.rangeOf(s), level));
        },
      });
    } catch (error) {
      // A recursive walk of a rule ran out of stack on a deeply nested file: the same clear result
      // as a parser that ran out of stack.
      if (isStackOverflow(error)) {
        return { ...empty, syntaxErrors, skipped: `file is nested too deeply to analyze (rule ${rule.meta.id} ran out of stack); not analyzed`, sourceFile };
      }
      internalErrors.push({ where: `rule ${rule.meta.id}`, message: errorMessage(error) });
    }
  }
  findings.sort((a, b) => a.span.start - b.span.start || a.ruleId.localeCompare(b.ruleId));

  return {
    fileName: input.fileName,
    usesTf: true,
    syntaxErrors,
    bindings: facts.bindings,
    findings: dedupe(findings),
    models: facts.models.map((m) => m.spec),
    sites: facts.sites.map((s) => ({ ...s.site, range: positions.range(s.site.span) })),
    internalErrors: [...facts.internalErrors, ...internalErrors],
    sourceFile,
    modules: [...facts.modules.keys()],
  };
}

/**
 * A report about a place in another module (a layer of a model built there) is shown here, at the
 * training site it concerns, with the place as related information; one about another module and
 * no site of this file is that module's own finding, reported when it is analyzed.
 */
function anchorHere(report: Report, facts: FileFacts): Report | undefined {
  if (!report.span.file) return report;
  const site = report.siteId ? facts.sites.find((s) => s.site.id === report.siteId) : undefined;
  const { file, start, end } = report.span;
  // The innermost function of the other module that this file uses and that holds the report.
  const used = facts.moduleAnchors
    .filter((a) => a.file === file && a.start <= start && end <= a.end)
    .sort((a, b) => a.end - a.start - (b.end - b.start))[0];
  const anchor = site?.site.span ?? used?.anchor;
  if (!anchor) return undefined;
  const where: RelatedLocation['span'] = report.span;
  return {
    ...report,
    span: anchor,
    related: [{ span: where, message: `the cause is in ${baseName(where.file ?? '')}` }, ...(report.related ?? [])],
    // Edits in another module are not offered from here (that module's own analysis offers them).
    fixes: (report.fixes ?? []).filter((f) => f.edits.every((e) => !e.span.file)),
  };
}

function toFinding(rule: Rule, report: Report, rangeOf: (span: Span) => RelatedLocation['range'], level: Severity | undefined): Finding {
  const data = report.data ?? {};
  const template = rule.meta.messages[report.messageId] ?? report.messageId;
  const finding: Finding = {
    ruleId: rule.meta.id,
    messageId: report.messageId,
    severity: level ?? report.severity,
    message: template.replace(/\{(\w+)\}/g, (_, key: string) => (key in data ? String(data[key]) : `{${key}}`)),
    span: report.span,
    range: rangeOf(report.span),
    data,
    related: (report.related ?? []).map((r) => ({ ...r, range: rangeOf(r.span) })),
    fixes: (report.fixes ?? []).filter((f) => f.edits.every((e) => !e.span.file)),
  };
  if (report.siteId) finding.siteId = report.siteId;
  return finding;
}

/** One finding per rule and span: two paths to the same evidence are one problem. */
function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.ruleId}:${f.span.start}:${f.span.end}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function skipReason(text: string, config: NanscopeConfig): string | undefined {
  // A UTF-16 unit is 1 to 3 bytes of UTF-8: count the bytes only when the length cannot decide.
  if (text.length > config.maxFileSize) return tooLargeReason(utf8Length(text), config.maxFileSize);
  if (text.length * 3 > config.maxFileSize) {
    const bytes = utf8Length(text);
    if (bytes > config.maxFileSize) return tooLargeReason(bytes, config.maxFileSize);
  }
  // A NUL in the first 8 KiB: a binary file with a source extension (weights, an image, gzip).
  if (text.slice(0, 8192).includes('\u0000')) return 'file looks binary (it has NUL bytes near the start); not analyzed';
  return undefined;
}

/**
 * Why a file of `bytes` bytes is not analyzed under `maxFileSize`. Names the setting, so the user
 * can raise it; front ends that know a file's size before reading it (the CLI) say the same.
 */
export function tooLargeReason(bytes: number, maxFileSize: number): string {
  return (
    `file is ${sizeLabel(bytes)}, over the maxFileSize limit of ${sizeLabel(maxFileSize)}; ` +
    'raise maxFileSize in .nanscoperc.json to analyze it'
  );
}

/** A result for a file that is not analyzed, with the reason. */
export function skippedResult(fileName: string, reason: string): AnalyzeOutput {
  return { ...emptyResult(fileName), skipped: reason };
}

/** `5.0 MiB (5,243,625 bytes)`. */
function sizeLabel(bytes: number): string {
  const exact = `${Math.round(bytes).toLocaleString('en-US')} bytes`;
  if (bytes < 1024) return exact;
  const unit = bytes < 1024 * 1024 ? ['KiB', 1024] as const : ['MiB', 1024 * 1024] as const;
  return `${(bytes / unit[1]).toFixed(1)} ${unit[0]} (${exact})`;
}

/** The UTF-8 size of `text`: what the file takes on disk. */
function utf8Length(text: string): number {
  // A lone surrogate counts as U+FFFD (3 bytes), as the file would be written.
  return Buffer.byteLength(text, 'utf8');
}

function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? `${error.message}${error.stack ? `\n${error.stack.split('\n').slice(1, 4).join('\n')}` : ''}` : String(error);
}
