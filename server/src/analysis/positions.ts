// Offset ↔ line/character conversion on the parser's own line table.

import type * as ts from 'typescript';
import type { Position, Range, Span } from './types';

export class Positions {
  /** Other modules the analysis follows, by file name (spans with `file` point into them). */
  modules: ReadonlyMap<string, ts.SourceFile> = new Map();
  private readonly others = new Map<string, Positions>();

  constructor(private readonly sourceFile: ts.SourceFile) {}

  position(offset: number): Position {
    const { line, character } = this.sourceFile.getLineAndCharacterOfPosition(
      Math.max(0, Math.min(offset, this.sourceFile.text.length)),
    );
    return { line, character };
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

  /** The span's line for messages: `7`, or `5 of data.js` for a span in another module. */
  lineLabel(span: Span): string {
    const line = this.of(span).line(span.start);
    return span.file ? `${line} of ${baseName(span.file)}` : String(line);
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

/** `data.js` of `/project/src/data.js` (either separator): how messages name another module. */
export function baseName(fileName: string): string {
  return fileName.split(/[\\/]/).pop() ?? fileName;
}
