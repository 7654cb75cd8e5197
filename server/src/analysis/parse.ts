// Parsing with the TypeScript compiler API: one function, so the cost is easy to see and to bench.

import ts = require('typescript');
import { Positions } from './positions';
import type { Range, Span } from './types';

export function scriptKindFor(fileName: string): ts.ScriptKind {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (lower.endsWith('.jsx')) return ts.ScriptKind.JSX;
  if (/\.[cm]?ts$/.test(lower)) return ts.ScriptKind.TS;
  // .js, .mjs, .cjs and anything else: JavaScript (JSX is allowed in .js by the JS grammar).
  return ts.ScriptKind.JS;
}

/**
 * Parses `text`. With `previous` (an earlier parse of the same document), TypeScript reuses the
 * unchanged subtrees: the change range is the common prefix/suffix of the two texts.
 */
export function parse(fileName: string, text: string, previous?: ts.SourceFile): ts.SourceFile {
  if (previous && previous.fileName === fileName) {
    if (previous.text === text) return previous;
    return ts.updateSourceFile(previous, text, changeRange(previous.text, text));
  }
  return ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, scriptKindFor(fileName));
}

/** The span of `oldText` that differs from `newText`, and its replacement length (common prefix / suffix kept). */
export function changedSpan(oldText: string, newText: string): { start: number; oldEnd: number; newEnd: number } {
  // The parse and the incremental analysis ask for the same pair in a row: compare the texts once.
  if (last && last.oldText === oldText && last.newText === newText) return last.span;
  const span = computeChangedSpan(oldText, newText);
  last = { oldText, newText, span };
  return span;
}

let last: { oldText: string; newText: string; span: ReturnType<typeof computeChangedSpan> } | undefined;

function computeChangedSpan(oldText: string, newText: string): { start: number; oldEnd: number; newEnd: number } {
  const max = Math.min(oldText.length, newText.length);
  let prefix = 0;
  while (prefix < max && oldText.charCodeAt(prefix) === newText.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (
    suffix < max - prefix &&
    oldText.charCodeAt(oldText.length - 1 - suffix) === newText.charCodeAt(newText.length - 1 - suffix)
  ) {
    suffix++;
  }
  return { start: prefix, oldEnd: oldText.length - suffix, newEnd: newText.length - suffix };
}

function changeRange(oldText: string, newText: string): ts.TextChangeRange {
  const c = changedSpan(oldText, newText);
  return ts.createTextChangeRange(ts.createTextSpan(c.start, c.oldEnd - c.start), c.newEnd - c.start);
}

/** The syntax errors the parser reported, with their positions. */
export function syntaxErrorsOf(sourceFile: ts.SourceFile, positions = new Positions(sourceFile)): { span: Span; range: Range; message: string }[] {
  // `parseDiagnostics` is internal but stable across TypeScript 4-6; no public API exposes syntax
  // errors without building a Program, which would cost more than the whole analysis.
  const diags = (sourceFile as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
  return diags.map((d) => {
    const span = { start: d.start ?? 0, end: (d.start ?? 0) + (d.length ?? 0) };
    return { span, range: positions.range(span), message: ts.flattenDiagnosticMessageText(d.messageText, '\n') };
  });
}
