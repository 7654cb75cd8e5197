// The one place where analyzer data becomes LSP data. The analyzer speaks offsets into the text it
// analyzed and 0-based line/character ranges; LSP speaks UTF-16 positions, which is what the
// analyzer's ranges already are, so conversion is mostly renaming, plus offset → position for fix
// edits, computed on the analyzed text (never on a newer version of the document).

import {
  type CodeLens,
  type Diagnostic,
  DiagnosticSeverity,
  type DiagnosticRelatedInformation,
  type Position,
  type Range,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import type { Finding, Severity, Span, TextEdit as AnalyzerEdit, TrainingSite } from '../analysis/types';
import { changedSpan } from '../analysis/parse';
import { Commands, type RunProbeArgs } from './protocol';
import { uriOf } from './uris';

export const SOURCE = 'nanscope';

/** Offset ↔ position on one immutable text. */
export class LineIndex {
  private starts: number[] | undefined;

  constructor(readonly text: string) {}

  private lineStarts(): number[] {
    if (!this.starts) {
      const starts = [0];
      const text = this.text;
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 13 /* \r */) {
          if (text.charCodeAt(i + 1) === 10) i++;
          starts.push(i + 1);
        } else if (c === 10 /* \n */) {
          starts.push(i + 1);
        }
      }
      this.starts = starts;
    }
    return this.starts;
  }

  positionAt(offset: number): Position {
    const starts = this.lineStarts();
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: clamped - (starts[lo] ?? 0) };
  }

  offsetAt(position: Position): number {
    const starts = this.lineStarts();
    if (position.line >= starts.length) return this.text.length;
    const start = starts[Math.max(0, position.line)] ?? 0;
    const next = starts[position.line + 1] ?? this.text.length;
    return Math.min(start + Math.max(0, position.character), next);
  }

  rangeOf(span: Span): Range {
    return { start: this.positionAt(span.start), end: this.positionAt(span.end) };
  }

  /** The text of one line, without its line break. */
  lineText(line: number): string {
    const starts = this.lineStarts();
    const start = starts[line];
    if (start === undefined) return '';
    const end = starts[line + 1] ?? this.text.length;
    return this.text.slice(start, end).replace(/\r?\n$|\r$/, '');
  }

  get lineCount(): number {
    return this.lineStarts().length;
  }
}

/** What the client told us it understands, as far as conversion cares. */
export interface ConversionFeatures {
  relatedInformation: boolean;
  codeDescription: boolean;
}

export function toSeverity(severity: Severity): DiagnosticSeverity {
  switch (severity) {
    case 'error':
      return DiagnosticSeverity.Error;
    case 'warning':
      return DiagnosticSeverity.Warning;
    case 'info':
      return DiagnosticSeverity.Information;
  }
}

/** Carried in `Diagnostic.data`, so a client (or a test) can tell fixable problems apart. */
export interface DiagnosticData {
  fixable: boolean;
}

export function toDiagnostic(
  finding: Finding,
  uri: string,
  docUrl: (ruleId: string) => string,
  features: ConversionFeatures,
): Diagnostic {
  const diagnostic: Diagnostic = {
    range: finding.range,
    severity: toSeverity(finding.severity),
    source: SOURCE,
    code: finding.ruleId,
    message: finding.message,
  };
  if (features.codeDescription) diagnostic.codeDescription = { href: docUrl(finding.ruleId) };
  if (features.relatedInformation && finding.related.length > 0) {
    diagnostic.relatedInformation = finding.related.map(
      (r): DiagnosticRelatedInformation => ({ location: { uri: r.span.file ? uriOf(r.span.file) : uri, range: r.range }, message: r.message }),
    );
  }
  const data: DiagnosticData = { fixable: finding.fixes.length > 0 };
  diagnostic.data = data;
  return diagnostic;
}

/** A diagnostic from the client's request context matches a finding: same rule, same range. */
export function sameProblem(diagnostic: Diagnostic, finding: Finding): boolean {
  return (
    diagnostic.source === SOURCE &&
    diagnostic.code === finding.ruleId &&
    sameRange(diagnostic.range, finding.range)
  );
}

export function sameRange(a: Range, b: Range): boolean {
  return (
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character
  );
}

export function rangesIntersect(a: Range, b: Range): boolean {
  return !(before(a.end, b.start) || before(b.end, a.start));
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

export function toTextEdits(edits: readonly AnalyzerEdit[], lines: LineIndex): TextEdit[] {
  return [...edits]
    .sort((a, b) => a.span.start - b.span.start)
    .map((e) => ({ range: lines.rangeOf(e.span), newText: e.newText }));
}

/**
 * A workspace edit for one document. With `documentChanges`, the edit names the version it was
 * computed on, so a client refuses it when the document has changed since.
 */
export function toWorkspaceEdit(
  uri: string,
  version: number | undefined,
  edits: TextEdit[],
  versioned: boolean,
): WorkspaceEdit {
  if (versioned && version !== undefined) {
    return { documentChanges: [{ textDocument: { uri, version }, edits }] };
  }
  return { changes: { [uri]: edits } };
}

/**
 * The smallest single edit turning `oldText` into `newText` (common prefix and suffix kept), so a
 * fix-all does not move the cursor or fold state of untouched code.
 */
export function minimalEdit(oldText: string, newText: string, lines: LineIndex): TextEdit | undefined {
  if (oldText === newText) return undefined;
  const c = changedSpan(oldText, newText);
  return { range: lines.rangeOf({ start: c.start, end: c.oldEnd }), newText: newText.slice(c.start, c.newEnd) };
}

export const RUN_PROBE_TITLE = 'Run stability probe';

export function toCodeLens(site: TrainingSite, uri: string): CodeLens {
  const args: RunProbeArgs = { uri, siteId: site.id };
  const line = site.range.start.line;
  return {
    range: { start: { line, character: site.range.start.character }, end: { line, character: site.range.start.character } },
    command: { title: RUN_PROBE_TITLE, command: Commands.runProbe, arguments: [args] },
  };
}
