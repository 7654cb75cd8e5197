// Parsing with the TypeScript compiler API: one function, so the cost is easy to see and to bench.

import ts = require('typescript');

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
