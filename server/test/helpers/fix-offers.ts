// Idempotency of a fix, as the fix-safety checks (rules.test.ts, fuzz/check.ts) count it: once
// applied, the fix is offered once less. Findings on ops around the fixed one are not counted: the
// fix changed their input (`log(log(max(log(x), eps)))`: the outer log now sees a value proven
// negative), and what they offer then is their own finding's fix, not this one offered again.

import type { AnalysisResult, Finding, Fix } from '../../src/analysis';

interface Offsets {
  start: number;
  end: number;
}

/** `span` after the fix's edits: moved by the edits before it, grown by the edits inside it. */
export function spanAfterFix(span: Offsets, fix: Fix): Offsets {
  let start = span.start;
  let end = span.end;
  for (const e of fix.edits) {
    const delta = e.newText.length - (e.span.end - e.span.start);
    if (e.span.end <= span.start) start += delta;
    if (e.span.start < span.end) end += delta;
  }
  return { start, end };
}

/**
 * Findings of `finding`'s rule in `r` that offer a fix titled like `fix`, leaving out those whose
 * span strictly encloses `fixed` (the fixed finding's span in `r`'s text); on `line` only, if given.
 */
export function fixOffers(r: AnalysisResult, finding: Finding, fix: Fix, fixed: Offsets, line?: number): number {
  const around = (f: Finding): boolean =>
    f.span.start <= fixed.start && f.span.end >= fixed.end && !(f.span.start === fixed.start && f.span.end === fixed.end);
  return r.findings.filter(
    (f) =>
      f.ruleId === finding.ruleId &&
      f.fixes.some((x) => x.title === fix.title) &&
      (line === undefined || f.range.start.line === line) &&
      !around(f),
  ).length;
}
