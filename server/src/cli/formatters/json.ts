// ESLint's JSON formatter shape, so tools that read `eslint --format json` (reviewdog, CI
// annotators, editors) read nanscope unchanged. Differences are additions only: information
// findings carry `severity: 1` plus `level: "info"` and are counted in `infoCount`, not in
// `warningCount`, because they never fail a run.

import { applyEdits, type Fix } from '../../analysis';
import { countMessages, fixToApply, reportMessages, type FormatContext, type LintedFile, type ReportMessage } from './common';

/** ESLint's `fix`: one replacement of `range` (offsets into `source`) by `text`. */
export interface EslintFix {
  range: [number, number];
  text: string;
}

export interface JsonMessage {
  ruleId: string | null;
  severity: 1 | 2;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  messageId?: string;
  level?: 'info';
  fatal?: true;
  /** The safe fix `--fix` applies. */
  fix?: EslintFix;
  /** Other fixes (unsafe ones change training behaviour), offered but never applied by `--fix`. */
  suggestions?: { desc: string; fix: EslintFix }[];
}

export interface JsonResult {
  filePath: string;
  messages: JsonMessage[];
  suppressedMessages: never[];
  errorCount: number;
  fatalErrorCount: number;
  warningCount: number;
  fixableErrorCount: number;
  fixableWarningCount: number;
  infoCount: number;
  usedDeprecatedRules: never[];
  /** The file's text, when it has problems and was not fixed (as ESLint). */
  source?: string;
  /** The fixed text, when `--fix` changed the file (as ESLint). */
  output?: string;
}

export function formatJson(files: readonly LintedFile[], _context?: FormatContext): string {
  return `${JSON.stringify(toJsonResults(files))}\n`;
}

/**
 * How much unchanged text the fixes of one file may carry in all (see `toEslintFix`). A fix whose
 * edits are far apart (a helper inserted at the top, its call at line 40,000) carries the text
 * between them; a thousand such fixes in a large file would be gigabytes. Fixes past the budget
 * are left out of the report (`--fix` still applies the safe ones; SARIF lists every edit).
 */
export const CARRIED_TEXT_BUDGET = 1024 * 1024;

export function toJsonResults(files: readonly LintedFile[]): JsonResult[] {
  return files.map((file) => {
    const messages = reportMessages(file);
    const counts = countMessages(messages);
    const budget = { left: CARRIED_TEXT_BUDGET };
    const result: JsonResult = {
      filePath: file.filePath,
      messages: messages.map((m) => toJsonMessage(m, file.source, budget)),
      suppressedMessages: [],
      errorCount: counts.errorCount,
      fatalErrorCount: counts.fatalErrorCount,
      warningCount: counts.warningCount,
      fixableErrorCount: counts.fixableErrorCount,
      fixableWarningCount: counts.fixableWarningCount,
      infoCount: counts.infoCount,
      usedDeprecatedRules: [],
    };
    if (file.fixed) result.output = file.source;
    else if (messages.length > 0) result.source = file.source;
    return result;
  });
}

function toJsonMessage(m: ReportMessage, source: string, budget: { left: number }): JsonMessage {
  const json: JsonMessage = {
    ruleId: m.ruleId,
    severity: m.severity === 'error' ? 2 : 1,
    message: m.message,
    line: m.line,
    column: m.column,
    endLine: m.endLine,
    endColumn: m.endColumn,
  };
  if (m.finding) json.messageId = m.finding.messageId;
  if (m.severity === 'info') json.level = 'info';
  if (m.kind === 'syntax-error') json.fatal = true;
  if (m.finding) {
    const applied = fixToApply(m.finding);
    const fix = applied && withinBudget(applied, budget) ? toEslintFix(applied, source) : undefined;
    if (fix) json.fix = fix;
    const suggestions = m.finding.fixes
      .filter((f) => f !== applied && withinBudget(f, budget))
      .map((f) => ({ desc: f.safety === 'unsafe' ? `${f.title} (unsafe: changes training behaviour)` : f.title, fix: toEslintFix(f, source) }));
    if (suggestions.length) json.suggestions = suggestions;
  }
  return json;
}

/** Takes the fix's carried text from the budget, if there is enough left. */
function withinBudget(fix: Fix, budget: { left: number }): boolean {
  const carried = carriedText(fix);
  if (carried > budget.left) return false;
  budget.left -= carried;
  return true;
}

/** The unchanged text between a fix's edits, which its single ESLint replacement repeats. */
function carriedText(fix: Fix): number {
  const spans = fix.edits.map((e) => e.span).sort((a, b) => a.start - b.start);
  let carried = 0;
  let end = spans[0]?.end ?? 0;
  for (const span of spans) {
    carried += Math.max(0, span.start - end);
    end = Math.max(end, span.end);
  }
  return carried;
}

/**
 * ESLint's fix is a single replacement. A fix with several edits (an import plus a call) becomes
 * one replacement spanning them all, with the text between the edits carried over unchanged.
 */
export function toEslintFix(fix: Fix, source: string): EslintFix {
  const start = Math.min(...fix.edits.map((e) => e.span.start));
  const end = Math.max(...fix.edits.map((e) => e.span.end));
  if (!Number.isFinite(start) || !Number.isFinite(end)) return { range: [0, 0], text: '' };
  const shifted = fix.edits.map((e) => ({ span: { start: e.span.start - start, end: e.span.end - start }, newText: e.newText }));
  return { range: [start, end], text: applyEdits(source.slice(start, end), shifted) };
}
