// Offset ↔ line/character conversion on the parser's own line table.

import type * as ts from 'typescript';
import type { Position, Range, Span } from './types';

export class Positions {
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
}
