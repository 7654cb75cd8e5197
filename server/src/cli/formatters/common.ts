// What every formatter reports about a file: its findings plus notes about the file itself (it did
// not parse, it was not analyzed), counted the same way everywhere so text, JSON, SARIF and the
// exit code agree.

import type { AnalysisResult, Finding, Fix, Severity } from '../../analysis';
import type { Rule } from '../../rules/rule';

export interface LintedFile {
  /** Absolute path. */
  filePath: string;
  /** The text `result` refers to: after `--fix`, the fixed text. */
  source: string;
  result: AnalysisResult;
  /** `--fix` changed the file and wrote it. */
  fixed: boolean;
}

export interface FormatContext {
  /** Paths are shown relative to this where the format wants relative paths (SARIF). */
  cwd: string;
  /** ANSI colors (text only). */
  color: boolean;
  /** The rule registry: SARIF describes every rule. */
  rules: readonly Rule[];
  /** nanscope's version, for SARIF's tool.driver. */
  version: string;
}

export type Formatter = (files: readonly LintedFile[], context: FormatContext) => string;

export type MessageKind = 'finding' | 'syntax-error' | 'skipped';

/** One reported problem with 1-based positions (end column exclusive, as ESLint's). */
export interface ReportMessage {
  kind: MessageKind;
  /** null for notes about the file itself, as ESLint reports parsing errors. */
  ruleId: string | null;
  severity: Severity;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  finding?: Finding;
}

export interface Counts {
  errorCount: number;
  warningCount: number;
  infoCount: number;
  /** Files that did not parse (ESLint's "fatal" errors), included in errorCount. */
  fatalErrorCount: number;
  fixableErrorCount: number;
  fixableWarningCount: number;
}

/** The messages of one file, in source order. */
export function reportMessages(file: LintedFile): ReportMessage[] {
  const { result } = file;
  const messages: ReportMessage[] = [];
  const firstSyntaxError = result.syntaxErrors[0];
  if (firstSyntaxError) {
    // One message, like ESLint's parser error: the rest usually cascade from the first.
    const more = result.syntaxErrors.length - 1;
    messages.push({
      kind: 'syntax-error',
      ruleId: null,
      severity: 'error',
      message:
        `Parsing error: ${firstSyntaxError.message.replace(/\.$/, '')}` +
        `${more > 0 ? ` (and ${more} more syntax error${more === 1 ? '' : 's'})` : ''}; ` +
        'findings in this file come from the parts that parsed',
      ...oneBased(firstSyntaxError.range),
    });
  }
  if (result.skipped) {
    messages.push({ kind: 'skipped', ruleId: null, severity: 'info', message: `File not analyzed: ${result.skipped}`, line: 1, column: 1, endLine: 1, endColumn: 1 });
  }
  for (const finding of result.findings) {
    messages.push({ kind: 'finding', ruleId: finding.ruleId, severity: finding.severity, message: finding.message, ...oneBased(finding.range), finding });
  }
  return messages.sort((a, b) => a.line - b.line || a.column - b.column);
}

export function countMessages(messages: readonly ReportMessage[]): Counts {
  const counts = emptyCounts();
  for (const m of messages) {
    if (m.severity === 'error') counts.errorCount++;
    else if (m.severity === 'warning') counts.warningCount++;
    else counts.infoCount++;
    if (m.kind === 'syntax-error') counts.fatalErrorCount++;
    if (m.finding && fixToApply(m.finding)) {
      if (m.severity === 'error') counts.fixableErrorCount++;
      else if (m.severity === 'warning') counts.fixableWarningCount++;
    }
  }
  return counts;
}

export function countFiles(files: readonly LintedFile[]): Counts {
  const total = emptyCounts();
  for (const file of files) {
    const counts = countMessages(reportMessages(file));
    for (const key of Object.keys(total) as (keyof Counts)[]) total[key] += counts[key];
  }
  return total;
}

function emptyCounts(): Counts {
  return { errorCount: 0, warningCount: 0, infoCount: 0, fatalErrorCount: 0, fixableErrorCount: 0, fixableWarningCount: 0 };
}

/** The fix `--fix` applies for a finding: the same choice `fixAll` makes. */
export function fixToApply(finding: Finding): Fix | undefined {
  const safe = finding.fixes.filter((f) => f.safety === 'safe');
  return safe.find((f) => f.preferred) ?? safe[0];
}

function oneBased(range: { start: { line: number; character: number }; end: { line: number; character: number } }) {
  return { line: range.start.line + 1, column: range.start.character + 1, endLine: range.end.line + 1, endColumn: range.end.character + 1 };
}

/**
 * Offsets to 1-based line/column, with the line breaks the analyzer counts (`\r\n`, `\r`, `\n`, as
 * editors do), so fix regions agree with finding ranges.
 */
export class LineMap {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x0d && text.charCodeAt(i + 1) === 0x0a) i++;
      if (c === 0x0a || c === 0x0d) this.starts.push(i + 1);
    }
  }

  position(offset: number): { line: number; column: number } {
    // The last line start at or before the offset (binary search: files can have 50,000 lines).
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (this.starts[lo] as number) + 1 };
  }
}
