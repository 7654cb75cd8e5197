// Suppression comments:
//   // nanscope-disable-next-line <rule>[, <rule>]
//   // nanscope-disable-line <rule>
//   /* nanscope-disable <rule> */      (file level; no rule list disables every rule)

import type * as ts from 'typescript';
import type { Positions } from './positions';

export interface Suppressions {
  isSuppressed(ruleId: string, line: number): boolean;
}

const DIRECTIVE = /(?:\/\/|\/\*)\s*nanscope-disable(-next-line|-line)?(?![\w-])([^\n*]*)/g;

export function parseSuppressions(sourceFile: ts.SourceFile, positions: Positions): Suppressions {
  const text = sourceFile.text;
  const byLine = new Map<number, Set<string> | 'all'>();
  let file: Set<string> | 'all' | undefined;
  if (!text.includes('nanscope-disable')) return { isSuppressed: () => false };

  for (const match of text.matchAll(DIRECTIVE)) {
    const kind = match[1];
    const ruleList = (match[2] ?? '').replace(/--.*$/, '').trim();
    const ids = ruleList ? ruleList.split(/[\s,]+/).filter(Boolean) : [];
    const target: Set<string> | 'all' = ids.length ? new Set(ids) : 'all';
    const line = positions.position(match.index ?? 0).line;
    if (kind === undefined) {
      file = merge(file, target);
    } else {
      const at = kind === '-next-line' ? line + 1 : line;
      byLine.set(at, merge(byLine.get(at), target));
    }
  }
  return {
    isSuppressed(ruleId, line) {
      return covers(file, ruleId) || covers(byLine.get(line), ruleId);
    },
  };
}

function merge(a: Set<string> | 'all' | undefined, b: Set<string> | 'all'): Set<string> | 'all' {
  if (a === 'all' || b === 'all') return 'all';
  return a ? new Set([...a, ...b]) : b;
}

function covers(s: Set<string> | 'all' | undefined, ruleId: string): boolean {
  return s === 'all' || (s !== undefined && s.has(ruleId));
}
