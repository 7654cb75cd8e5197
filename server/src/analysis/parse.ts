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
  const sourceFile = parseText(fileName, text, previous);
  return stoppedAtReplacementCharacter(sourceFile) ? parseThroughReplacementCharacters(fileName, text) : sourceFile;
}

function parseText(fileName: string, text: string, previous?: ts.SourceFile): ts.SourceFile {
  if (previous && previous.fileName === fileName) {
    if (previous.text === text) return previous;
    return ts.updateSourceFile(previous, text, changeRange(previous.text, text));
  }
  return ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, scriptKindFor(fileName));
}

/** TypeScript's "File appears to be binary." */
const BINARY_FILE_DIAGNOSTIC = 1490;
/** Stands in for U+FFFD: a character TypeScript reports as invalid and scans past. */
const STAND_IN = '\uFFFF';

/**
 * Bytes that are not valid UTF-8 decode to U+FFFD. TypeScript's scanner, meeting one in code (not
 * in a string or comment), reports "File appears to be binary." at offset 0 and skips the rest of
 * the file: one stray Latin-1 byte would hide every finding after it.
 */
function stoppedAtReplacementCharacter(sourceFile: ts.SourceFile): boolean {
  return parseDiagnosticsOf(sourceFile).some((d) => d.code === BINARY_FILE_DIAGNOSTIC);
}

/**
 * Parses `text` with every U+FFFD replaced by a stand-in of the same length that the scanner
 * reports as "Invalid character." where it is and goes on from, so offsets stay those of `text`
 * and the rest of the file is parsed. The error says what the character is. (The parse's own text
 * has the stand-in, also in strings and comments, where U+FFFD meant nothing either.) Not
 * incremental: `previous` was used up by the first parse.
 */
function parseThroughReplacementCharacters(fileName: string, text: string): ts.SourceFile {
  const sourceFile = ts.createSourceFile(fileName, text.replace(/\uFFFD/g, STAND_IN), ts.ScriptTarget.Latest, true, scriptKindFor(fileName));
  for (const d of parseDiagnosticsOf(sourceFile)) {
    if (d.start !== undefined && text.charCodeAt(d.start) === 0xfffd && d.length === 1) {
      d.messageText = 'Invalid character: bytes that are not valid UTF-8 (shown as U+FFFD).';
    }
  }
  return sourceFile;
}

function parseDiagnosticsOf(sourceFile: ts.SourceFile): ts.DiagnosticWithLocation[] {
  // Internal but stable across TypeScript 4-6 (see the syntax errors in analyze.ts).
  return (sourceFile as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
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
  // Whole chunks first (a native comparison), then character by character inside the first chunk
  // that differs: an edit in a 20,000-line file compares under a millisecond.
  const chunk = 1024;
  let prefix = 0;
  while (prefix + chunk <= max && oldText.substring(prefix, prefix + chunk) === newText.substring(prefix, prefix + chunk)) prefix += chunk;
  while (prefix < max && oldText.charCodeAt(prefix) === newText.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  const room = max - prefix;
  while (
    suffix + chunk <= room &&
    oldText.substring(oldText.length - suffix - chunk, oldText.length - suffix) === newText.substring(newText.length - suffix - chunk, newText.length - suffix)
  ) {
    suffix += chunk;
  }
  while (suffix < room && oldText.charCodeAt(oldText.length - 1 - suffix) === newText.charCodeAt(newText.length - 1 - suffix)) suffix++;
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
