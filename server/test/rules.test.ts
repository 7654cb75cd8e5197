// Data-driven rule tests: every file under test-fixtures/<rule-id>/{flagged,ok,regressions} states
// in its header what the analyzer must report, and every fix offered on it must re-parse, remove
// its finding, add no finding, and be idempotent.
//
//   // expect: rule-a, rule-b       each listed rule reports a warning or an error
//   // severity: error              the expected rules report at exactly this severity
//   // forbid: rule-c               never reported, at any severity
//   // at-most-info: rule-d         reported only as information, if at all

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyze, applyFix, fixAll, ruleIds, type AnalysisResult, type Finding } from '../src/analysis';
import { fixOffers, spanAfterFix } from './helpers/fix-offers';

const FIXTURES = path.resolve(__dirname, '../../../test-fixtures');

interface Header {
  expect: string[];
  forbid: string[];
  atMostInfo: string[];
  severity?: string;
}

function header(text: string): Header {
  const list = (key: string): string[] => {
    const m = new RegExp(`^// ${key}: (.*)$`, 'm').exec(text);
    return m?.[1] ? m[1].split(',').map((s) => s.trim()).filter(Boolean) : [];
  };
  const severity = /^\/\/ severity: (\w+)$/m.exec(text)?.[1];
  return { expect: list('expect'), forbid: list('forbid'), atMostInfo: list('at-most-info'), ...(severity ? { severity } : {}) };
}

function lint(file: string, text: string): AnalysisResult {
  const result = analyze({ fileName: file, text });
  assert.deepEqual(result.internalErrors, [], `internal errors in ${file}`);
  return result;
}

function count(findings: readonly Finding[], ruleId: string): number {
  return findings.filter((f) => f.ruleId === ruleId).length;
}

function ruleCounts(findings: readonly Finding[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const f of findings) m.set(f.ruleId, (m.get(f.ruleId) ?? 0) + 1);
  return m;
}

/** Fix properties: re-parses, removes its finding, adds no finding, idempotent. */
function checkFixes(file: string, text: string, result: AnalysisResult): number {
  let checked = 0;
  const before = ruleCounts(result.findings);
  for (const finding of result.findings) {
    for (const fix of finding.fixes) {
      const fixed = applyFix(text, fix);
      const what = `${path.basename(file)}: "${fix.title}" for ${finding.ruleId} at line ${finding.range.start.line + 1}`;
      assert.notEqual(fixed, text, `${what} changes nothing`);
      const after = lint(file, fixed);
      assert.equal(after.syntaxErrors.length, result.syntaxErrors.length, `${what} breaks the syntax:\n${fixed}`);
      assert.ok(count(after.findings, finding.ruleId) < (before.get(finding.ruleId) ?? 0), `${what} does not remove the finding:\n${fixed}`);
      for (const [rule, n] of ruleCounts(after.findings)) {
        assert.ok(n <= (before.get(rule) ?? 0), `${what} adds a ${rule} finding:\n${fixed}`);
      }
      // Idempotent: once applied, the same fix is offered at that line once less (other findings on
      // the same line keep theirs; ops around the fixed one are not counted, helpers/fix-offers.ts).
      const line = finding.range.start.line;
      const again = fixOffers(after, finding, fix, spanAfterFix(finding.span, fix), line);
      assert.ok(again < fixOffers(result, finding, fix, finding.span, line), `${what} is offered again after it was applied`);
      checked++;
    }
  }
  return checked;
}

const ruleDirs = fs.readdirSync(FIXTURES).filter((d) => ruleIds.includes(d));

describe('every rule has fixtures', () => {
  for (const id of ruleIds) {
    it(id, () => {
      for (const group of ['flagged', 'ok']) {
        const dir = path.join(FIXTURES, id, group);
        assert.ok(fs.existsSync(dir) && fs.readdirSync(dir).length > 0, `test-fixtures/${id}/${group} is missing or empty`);
      }
    });
  }
});

for (const ruleId of ruleDirs) {
  describe(ruleId, () => {
    for (const group of ['flagged', 'ok', 'regressions']) {
      const dir = path.join(FIXTURES, ruleId, group);
      if (!fs.existsSync(dir)) continue;
      for (const name of fs.readdirSync(dir).sort()) {
        const file = path.join(dir, name);
        it(`${group}/${name}`, () => {
          const text = fs.readFileSync(file, 'utf8');
          const h = header(text);
          if (group === 'flagged') assert.ok(h.expect.includes(ruleId), `${group}/${name} must expect ${ruleId}`);
          if (group === 'ok') assert.ok(h.forbid.includes(ruleId) || h.atMostInfo.includes(ruleId), `${group}/${name} must forbid ${ruleId}`);
          const result = lint(file, text);
          for (const id of h.expect) {
            const hits = result.findings.filter((f) => f.ruleId === id && f.severity !== 'info');
            assert.ok(hits.length > 0, `expected a ${id} warning or error; got ${JSON.stringify(result.findings.map((f) => [f.ruleId, f.severity]))}`);
            if (h.severity) for (const f of hits) assert.equal(f.severity, h.severity, `${id}: ${f.message}`);
            for (const f of hits) assert.ok(!f.message.includes('{'), `unfilled message template: ${f.message}`);
          }
          for (const id of h.forbid) {
            assert.deepEqual(result.findings.filter((f) => f.ruleId === id).map((f) => f.message), [], `${id} must not be reported`);
          }
          for (const id of h.atMostInfo) {
            assert.deepEqual(result.findings.filter((f) => f.ruleId === id && f.severity !== 'info').map((f) => f.message), [], `${id} may only inform`);
          }
          checkFixes(file, text, result);
        });
      }
    }
  });
}

describe('fix-all', () => {
  for (const ruleId of ruleDirs) {
    const dir = path.join(FIXTURES, ruleId, 'flagged');
    for (const name of fs.readdirSync(dir).sort()) {
      it(`reaches a fixpoint on ${ruleId}/flagged/${name}`, () => {
        const file = path.join(dir, name);
        let text = fs.readFileSync(file, 'utf8');
        for (let round = 0; round < 10; round++) {
          const result = lint(file, text);
          const next = fixAll(text, result.findings, 'all').text;
          if (next === text) return;
          assert.equal(lint(file, next).syntaxErrors.length, 0, `round ${round} breaks the syntax:\n${next}`);
          text = next;
        }
        assert.fail(`no fixpoint after 10 rounds:\n${text}`);
      });
    }
  }
});
