// Applying fixes as text edits. Pure string work, shared by --fix, fix-all and the tests.

import type { Finding, Fix, TextEdit } from '../analysis/types';

/** Applies non-overlapping edits; overlapping ones after the first are dropped. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  let out = '';
  let cursor = 0;
  for (const edit of sorted) {
    if (edit.span.start < cursor) continue;
    out += text.slice(cursor, edit.span.start) + edit.newText;
    cursor = edit.span.end;
  }
  return out + text.slice(cursor);
}

export function applyFix(text: string, fix: Fix): string {
  return applyEdits(text, fix.edits);
}

/**
 * One round of fix-all: the preferred safe fix of each finding, skipping any whose edits overlap
 * an already chosen one (the next round, after re-analysis, picks it up). Identical insertions (two
 * fixes adding the same helper or import) are applied once. A finding nested in another's span is
 * fixed first: the inner value flows into the outer one, so `sqrt(sqrt(x))` fixed inside out
 * needs one round, outside in one round per level.
 */
export function fixAll(text: string, findings: readonly Finding[], safety: 'safe' | 'all' = 'safe'): { text: string; applied: number } {
  const chosen: TextEdit[] = [];
  const seen = new Set<string>();
  let applied = 0;
  // By end, then innermost first: document order for findings that do not nest.
  const ordered = [...findings].sort((a, b) => a.span.end - b.span.end || b.span.start - a.span.start);
  for (const finding of ordered) {
    const candidates = finding.fixes.filter((f) => safety === 'all' || f.safety === 'safe');
    const fix = candidates.find((f) => f.preferred) ?? candidates[0];
    if (!fix) continue;
    const fresh = fix.edits.filter((e) => !seen.has(editKey(e)));
    if (fresh.some((e) => chosen.some((c) => overlaps(c, e)))) continue;
    for (const e of fresh) {
      chosen.push(e);
      seen.add(editKey(e));
    }
    applied++;
  }
  return { text: applyEdits(text, chosen), applied };
}

function editKey(e: TextEdit): string {
  return `${e.span.start}:${e.span.end}:${e.newText}`;
}

function overlaps(a: TextEdit, b: TextEdit): boolean {
  // Two insertions at one point conflict too (their order would be arbitrary).
  if (a.span.start === a.span.end && b.span.start === b.span.end) return a.span.start === b.span.start;
  return a.span.start < b.span.end && b.span.start < a.span.end;
}
