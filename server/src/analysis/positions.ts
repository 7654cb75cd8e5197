// Offset ↔ line/character conversion, with the line breaks editors count.

import type * as ts from 'typescript';
import type { Position, Range, Span } from './types';

export class Positions {
  /** Other modules the analysis follows, by file name (spans with `file` point into them). */
  modules: ReadonlyMap<string, ts.SourceFile> = new Map();
  private readonly others = new Map<string, Positions>();

  /** `text` is the file's parse, or only its text (`{ text }`: what keeps no syntax tree alive). */
  constructor(private readonly sourceFile: FileText) {}

  position(offset: number): Position {
    const starts = lineStarts(this.sourceFile);
    const clamped = Math.max(0, Math.min(offset, this.sourceFile.text.length));
    // The last line start at or before the offset.
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: clamped - (starts[lo] as number) };
  }

  range(span: Span): Range {
    return { start: this.position(span.start), end: this.position(span.end) };
  }

  /** 1-based line of an offset, for messages ("at line 4"). */
  line(offset: number): number {
    return this.position(offset).line + 1;
  }

  /** The span's range in its own file (this one, or the module `span.file`). */
  rangeOf(span: Span): Range {
    return this.of(span).range(span);
  }

  /**
   * The span's line for messages: `7`, or `5 of data.js` for a span in another module. For this
   * file it is a mark that `resolveLineMarks` turns into the number once the analysis is done, so
   * an incremental analysis can keep a message whose line moved (incremental.ts).
   */
  lineLabel(span: Span): string {
    if (!span.file) return `${LINE_MARK}${span.start}${LINE_MARK_END}`;
    return `${this.of(span).line(span.start)} of ${baseName(span.file)}`;
  }

  private of(span: Span): Positions {
    if (!span.file) return this;
    let other = this.others.get(span.file);
    if (!other) {
      const sf = this.modules.get(span.file);
      if (!sf) return this;
      other = new Positions(sf);
      this.others.set(span.file, other);
    }
    return other;
  }
}

/** What positions need of a file: its text (a parse is one). */
export interface FileText {
  readonly text: string;
}

const lineStartsCache = new WeakMap<FileText, number[]>();

/**
 * Where the lines of a file start. Lines end at `\r\n`, `\r` and `\n` only, as the Language Server
 * Protocol and editors count them. TypeScript's own line table also breaks at U+2028 and U+2029
 * (JavaScript line terminators, legal in strings and comments), which would put every position
 * after one a line below where the editor shows it.
 */
function lineStarts(sourceFile: FileText): number[] {
  let starts = lineStartsCache.get(sourceFile);
  if (!starts) {
    starts = [0];
    const text = sourceFile.text;
    if (!text.includes('\r')) {
      // The usual case: a native search for each line feed.
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
      lineStartsCache.set(sourceFile, starts);
      return starts;
    }
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      } else if (c === 10) {
        starts.push(i + 1);
      }
    }
    lineStartsCache.set(sourceFile, starts);
  }
  return starts;
}

/** `data.js` of `/project/src/data.js` (either separator): how messages name another module. */
export function baseName(fileName: string): string {
  return fileName.split(/[\\/]/).pop() ?? fileName;
}

/** Brackets an offset whose line a message names (private-use characters: never in a message). */
export const LINE_MARK = '\uE000';
export const LINE_MARK_END = '\uE001';
const LINE_MARKS = /\uE000(\d+)\uE001/g;

/** Every line mark in `value`'s strings, through arrays and objects, with its number (1-based). */
export function resolveLineMarks<T>(value: T, positions: Positions): T {
  const visit = (v: unknown): unknown => {
    if (typeof v === 'string') return v.includes(LINE_MARK) ? v.replace(LINE_MARKS, (_, o: string) => String(positions.line(Number(o)))) : v;
    if (Array.isArray(v)) return v.length === 0 || typeof v[0] === 'number' ? v : v.map(visit);
    if (v === null || typeof v !== 'object') return v;
    const o = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const k in o) out[k] = visit(o[k]);
    return out;
  };
  return visit(value) as T;
}
