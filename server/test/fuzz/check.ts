// What the fuzzer checks on one input: the analysis does not throw and reports no internal error;
// on an input that still parses cleanly, every offered fix re-parses, removes its finding, adds no
// finding and is not offered again once applied, and fix-all reaches a fixpoint. The same
// properties as server/test/rules.test.ts checks on the fixtures, here returned as a list of
// violations (the fuzzer collects them instead of stopping at the first).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, applyFix, fixAll, type AnalysisResult, type Finding, type InternalError } from '../../src/analysis';
import { fixOffers, spanAfterFix } from '../helpers/fix-offers';
import type { CorpusFile } from './mutate';

export interface InputOutcome {
  index: number;
  /** The analysis threw (it must not: failures are meant to become internal errors). */
  threw?: string;
  internalErrors: InternalError[];
  syntaxErrors: number;
  findings: number;
  skipped?: string;
  /** Fix-safety violations (only checked when the input has no syntax error). */
  fixViolations: string[];
  semanticFixViolations: string[];
  /** `rule/messageId: "title" reason` of each semantic violation. */
  semanticKeys: string[];
  fixesChecked: number;
  /** Milliseconds spent (reported, never asserted). */
  ms: number;
}

function ruleCounts(findings: readonly Finding[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const f of findings) m.set(f.ruleId, (m.get(f.ruleId) ?? 0) + 1);
  return m;
}

/**
 * Rules that are one check split by the model: unscaled inputs are saturating-activation-unscaled-
 * input's when the first layer is tanh / sigmoid / softmax and unscaled-input's otherwise. A fix
 * that changes that layer's activation (loss-activation-mismatch on a one-layer model, whose output
 * layer is its first) moves the finding from one to the other: the same data, the same
 * standardization fix, not a finding the fix added.
 */
const FAMILY: Record<string, string> = {
  'saturating-activation-unscaled-input': 'input scale',
  'unscaled-input': 'input scale',
};

function familyCounts(findings: readonly Finding[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const f of findings) {
    const family = FAMILY[f.ruleId] ?? f.ruleId;
    m.set(family, (m.get(family) ?? 0) + 1);
  }
  return m;
}

/** Runs the analysis without letting an exception escape. */
export function safeAnalyze(fileName: string, text: string): { result?: AnalysisResult; threw?: string } {
  try {
    return { result: analyze({ fileName, text }) };
  } catch (error) {
    return { threw: error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error) };
  }
}

const MAX_FIXES_PER_INPUT = 12;

/** Fix properties on one analyzed text; returns the violations and how many fixes were checked. */
export function fixViolations(
  fileName: string,
  text: string,
  result: AnalysisResult,
): { violations: string[]; semanticViolations: string[]; keys: string[]; checked: number } {
  /** The fix broke the file, changed nothing, made the analysis fail, or fix-all never settles. */
  const violations: string[] = [];
  /** The fix did not remove its finding, added another, or is offered again (what the analysis sees). */
  const semanticViolations: string[] = [];
  /** `rule/messageId: "title" reason` per semantic violation, to match against known gaps. */
  const keys: string[] = [];
  let checked = 0;
  const before = ruleCounts(result.findings);
  const familiesBefore = familyCounts(result.findings);
  const again = (t: string): AnalysisResult | undefined => {
    const r = safeAnalyze(fileName, t);
    if (r.threw) violations.push(`analysis threw after a fix: ${r.threw}`);
    else if (r.result && r.result.internalErrors.length > 0) violations.push(`internal errors after a fix: ${JSON.stringify(r.result.internalErrors)}`);
    return r.result;
  };
  // Every fix of a small file; a sample of a generated one (500 nested logs offer 500 fixes, each
  // needing a re-analysis of the whole file).
  const all = result.findings.flatMap((finding) => finding.fixes.map((fix) => ({ finding, fix })));
  const stride = Math.max(1, Math.ceil(all.length / MAX_FIXES_PER_INPUT));
  for (let k = 0; k < all.length; k += stride) {
    const { finding, fix } = all[k]!;
    {
      checked++;
      const what = `"${fix.title}" for ${finding.ruleId} (${finding.severity}, ${finding.messageId}) at line ${finding.range.start.line + 1}`;
      const fixed = applyFix(text, fix);
      if (fixed === text) {
        violations.push(`${what} changes nothing`);
        continue;
      }
      const after = again(fixed);
      if (!after) continue;
      if (after.syntaxErrors.length > 0) violations.push(`${what} breaks the syntax: ${after.syntaxErrors[0]!.message}`);
      const semantic = (reason: string): void => {
        semanticViolations.push(`${what} ${reason}`);
        keys.push(`${finding.ruleId}/${finding.messageId}: "${fix.title}" ${reason.replace(/ finding$/, '')}`);
      };
      if ((ruleCounts(after.findings).get(finding.ruleId) ?? 0) >= (before.get(finding.ruleId) ?? 0)) semantic('does not remove the finding');
      const familiesAfter = familyCounts(after.findings);
      for (const [rule, n] of ruleCounts(after.findings)) {
        const family = FAMILY[rule] ?? rule;
        if (n > (before.get(rule) ?? 0) && (familiesAfter.get(family) ?? 0) > (familiesBefore.get(family) ?? 0)) semantic(`adds a ${rule} finding`);
      }
      // Counted over the file (a fix that adds an import moves the findings below it), not on the
      // ops around the fixed one (helpers/fix-offers.ts).
      const offered = fixOffers(after, finding, fix, spanAfterFix(finding.span, fix));
      if (offered >= fixOffers(result, finding, fix, finding.span)) semantic('is offered again after it was applied');
    }
  }
  // Fix-all (the safe fixes, as --fix, source.fixAll and fix-on-save apply them) reaches a fixpoint
  // without breaking the syntax.
  let current = text;
  let currentResult: AnalysisResult | undefined = result;
  for (let round = 0; currentResult; round++) {
    const next = fixAll(current, currentResult.findings).text;
    if (next === current) break;
    if (round === 10) {
      violations.push('fix-all reaches no fixpoint in 10 rounds');
      break;
    }
    currentResult = again(next);
    if (currentResult && currentResult.syntaxErrors.length > 0) {
      violations.push(`fix-all round ${round + 1} breaks the syntax: ${currentResult.syntaxErrors[0]!.message}`);
      break;
    }
    current = next;
  }
  return { violations, semanticViolations, keys, checked };
}

/** Everything the fuzzer checks on one input. */
export function checkInput(index: number, fileName: string, text: string, options: { fixes: boolean }): InputOutcome {
  const start = process.hrtime.bigint();
  const { result, threw } = safeAnalyze(fileName, text);
  const outcome: InputOutcome = {
    index,
    internalErrors: result?.internalErrors ?? [],
    syntaxErrors: result?.syntaxErrors.length ?? 0,
    findings: result?.findings.length ?? 0,
    fixViolations: [],
    semanticFixViolations: [],
    semanticKeys: [],
    fixesChecked: 0,
    ms: 0,
  };
  if (threw !== undefined) outcome.threw = threw;
  if (result?.skipped !== undefined) outcome.skipped = result.skipped;
  if (options.fixes && result && result.syntaxErrors.length === 0 && result.internalErrors.length === 0 && result.findings.some((f) => f.fixes.length > 0)) {
    const { violations, semanticViolations, keys, checked } = fixViolations(fileName, text, result);
    outcome.fixViolations = violations;
    outcome.semanticFixViolations = semanticViolations;
    outcome.semanticKeys = keys;
    outcome.fixesChecked = checked;
  }
  outcome.ms = Number(process.hrtime.bigint() - start) / 1e6;
  return outcome;
}

const SOURCE = /\.(?:[cm]?[jt]s|[jt]sx)$/;

/** Every source file under `root`/test-fixtures (recursively), sorted by path. */
export function loadCorpus(root: string): CorpusFile[] {
  const out: CorpusFile[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && SOURCE.test(entry.name)) {
        out.push({ name: path.relative(root, full).split(path.sep).join('/'), text: fs.readFileSync(full, 'utf8') });
      }
    }
  };
  walk(path.join(root, 'test-fixtures'));
  return out;
}
