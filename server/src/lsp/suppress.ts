// Edits that insert suppression comments, in the syntax `../analysis/suppressions.ts` reads:
//   // nanscope-disable-next-line <rule>[, <rule>] [-- reason]    above a line
//   /* nanscope-disable <rule>[, <rule>] */                       at the top of a file
// An existing directive in the same place is extended rather than stacked.

import type { TextEdit } from 'vscode-languageserver';
import type { LineIndex } from './to-lsp';

const NEXT_LINE = /^(\s*)\/\/\s*nanscope-disable-next-line(?![\w-])\s*(.*?)\s*(--.*)?$/;
const FILE_LEVEL = /^\/\*\s*nanscope-disable(?![\w-])\s*([^*]*?)\s*\*\//;

function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

function ruleList(existing: string, ruleId: string): string {
  const ids = existing.split(/[\s,]+/).filter(Boolean);
  if (!ids.includes(ruleId)) ids.push(ruleId);
  return ids.join(', ');
}

/** Disable `ruleId` on `line`: extend the directive above it, or insert one with its indentation. */
export function disableForLineEdit(lines: LineIndex, line: number, ruleId: string): TextEdit {
  const aboveText = line > 0 ? lines.lineText(line - 1) : '';
  const match = line > 0 ? NEXT_LINE.exec(aboveText) : null;
  if (match && (match[2] ?? '') !== '') {
    // (A bare directive already disables every rule and would not have let this finding through.)
    const reason = match[3] ? ` ${match[3]}` : '';
    return {
      range: { start: { line: line - 1, character: 0 }, end: { line: line - 1, character: aboveText.length } },
      newText: `${match[1] ?? ''}// nanscope-disable-next-line ${ruleList(match[2] ?? '', ruleId)}${reason}`,
    };
  }
  const indent = /^\s*/.exec(lines.lineText(line))?.[0] ?? '';
  const start = { line, character: 0 };
  return { range: { start, end: start }, newText: `${indent}// nanscope-disable-next-line ${ruleId}${eolOf(lines.text)}` };
}

/** Disable `ruleId` in the whole file: extend the directive at the top, or add one (after a shebang). */
export function disableForFileEdit(lines: LineIndex, ruleId: string): TextEdit {
  const firstLine = lines.lineText(0).startsWith('#!') ? 1 : 0;
  const text = lines.lineText(firstLine);
  const match = FILE_LEVEL.exec(text);
  if (match && (match[1] ?? '') !== '') {
    return {
      range: { start: { line: firstLine, character: 0 }, end: { line: firstLine, character: match[0].length } },
      newText: `/* nanscope-disable ${ruleList(match[1] ?? '', ruleId)} */`,
    };
  }
  const start = { line: firstLine, character: 0 };
  return { range: { start, end: start }, newText: `/* nanscope-disable ${ruleId} */${eolOf(lines.text)}` };
}
