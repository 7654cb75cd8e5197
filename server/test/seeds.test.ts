// The seed cases (DESIGN.md, seed-cases.md), as the project's own fixtures in test-fixtures/seeds/.
// Each fixture's header says what training really does and what nanscope must report; this test
// holds the analyzer to it. Expectations that only a not-yet-registered rule of the full catalogue
// can meet are to-dos, and become strict by themselves once that rule is registered.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { analyze, ruleIds, type AnalysisResult, type Finding } from '../src/analysis';
import {
  CATALOGUE_RULES,
  fixturesDir,
  listSourceFiles,
  mentionedRules,
  parseFixtureHeaders,
  type FixtureHeaders,
} from './helpers/fixture-headers';

/** The 21 cases of seed-cases.md: the articles' examples c1-c9 and the TF.js variants v01-v12. */
const SEED_CASES: readonly string[] = [
  ...Array.from({ length: 9 }, (_, i) => `c${i + 1}`),
  ...Array.from({ length: 12 }, (_, i) => `v${String(i + 1).padStart(2, '0')}`),
];

const SEEDS_DIR = fixturesDir('seeds');
const FILE_NAME = /^(c\d|v\d\d)-[a-z0-9]+(?:-[a-z0-9]+)*\.(?:[cm]?[jt]s)$/;

const files = listSourceFiles(SEEDS_DIR);

const isProblem = (f: Finding): boolean => f.severity === 'warning' || f.severity === 'error';

function describeFindings(findings: readonly Finding[]): string {
  if (findings.length === 0) return '  (no findings)';
  return findings
    .map((f) => `  ${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${f.ruleId}: ${f.message}`)
    .join('\n');
}

test('header parser', async (t) => {
  await t.test('reads truth, alternatives, groups and forbid', () => {
    const headers = parseFixtureHeaders(
      [
        '#!/usr/bin/env node',
        '// case x: a description line that is not a header',
        '// truth: inf at epoch 3, nan at epoch 7 (10 epochs)',
        '// expect: raw-log, loss-activation-mismatch|raw-log',
        '// forbid: exp-overflow, unsafe-sqrt',
        "const tf = require('@tensorflow/tfjs');",
        '// expect: zero-epsilon',
      ].join('\r\n'),
    );
    assert.deepEqual(headers, {
      truth: 'inf at epoch 3, nan at epoch 7 (10 epochs)',
      expect: { kind: 'rules', groups: [['raw-log'], ['loss-activation-mismatch', 'raw-log']] },
      forbid: ['exp-overflow', 'unsafe-sqrt'],
    });
  });
  await t.test('reads clean', () => {
    assert.deepEqual(parseFixtureHeaders('// truth: stable\n// expect: clean\n'), {
      truth: 'stable',
      expect: { kind: 'clean' },
      forbid: [],
    });
  });
  await t.test('rejects malformed headers', () => {
    assert.throws(() => parseFixtureHeaders('// expect: raw-log||exp-overflow'), /line 1: "" is not a rule id/);
    assert.throws(() => parseFixtureHeaders('// expect: clean, raw-log'), /cannot be combined/);
    assert.throws(() => parseFixtureHeaders('// truth: a\n// truth: b'), /line 2: "truth:" appears twice/);
    assert.throws(() => parseFixtureHeaders('// forbid:'), /"forbid:" is empty/);
    assert.throws(() => parseFixtureHeaders('// expect: Raw_Log'), /not a rule id/);
  });
  await t.test('every rule of the catalogue is registered, and nothing else', () => {
    assert.deepEqual([...ruleIds].sort(), [...CATALOGUE_RULES].sort());
  });
});

test('the seed fixtures cover every seed case once, with well-formed names', () => {
  for (const file of files) assert.match(file, FILE_NAME, `${file}: name it <case>-<kebab-case-description>.<ext>`);
  const cases = files.map((file) => file.slice(0, file.indexOf('-'))).sort();
  assert.deepEqual(cases, [...SEED_CASES].sort());
});

for (const file of files) {
  describe(`seed ${file}`, () => {
    const text = fs.readFileSync(path.join(SEEDS_DIR, file), 'utf8');

    let headers: FixtureHeaders | undefined;
    let headerError: unknown;
    try {
      headers = parseFixtureHeaders(text);
    } catch (error) {
      headerError = error;
    }

    // Analyzed on first use, so an analyzer that throws fails the tests instead of the file.
    let result: AnalysisResult | undefined;
    const analyzed = (): AnalysisResult => (result ??= analyze({ fileName: file, text }));

    test('has truth and expect headers naming catalogue rules', () => {
      if (headerError !== undefined) throw headerError;
      assert.ok(headers?.truth, 'missing "// truth:" (what training measurably does)');
      assert.ok(headers.expect, 'missing "// expect:" (rules, or clean)');
      for (const id of mentionedRules(headers)) {
        assert.ok(ruleIds.includes(id), `unknown rule "${id}" in the header`);
      }
    });

    test('is parsed as TF.js code, without syntax or internal errors', () => {
      const r = analyzed();
      assert.equal(r.skipped, undefined, `skipped: ${r.skipped}`);
      assert.equal(r.usesTf, true, 'the TF.js import was not recognized');
      assert.deepEqual(r.syntaxErrors.map((e) => e.message), []);
      assert.deepEqual(r.internalErrors, []);
    });

    if (!headers) return;
    const { expect, forbid } = headers;

    if (expect?.kind === 'clean') {
      test('reports no warning or error (clean)', () => {
        const problems = analyzed().findings.filter(isProblem);
        assert.equal(problems.length, 0, `expected clean, got:\n${describeFindings(problems)}`);
      });
    } else if (expect?.kind === 'rules') {
      for (const group of expect.groups) {
        test(`reports ${group.join(' or ')} as a warning or error`, () => {
          const r = analyzed();
          const hit = r.findings.some((f) => group.includes(f.ruleId) && isProblem(f));
          assert.ok(hit, `expected ${group.join(' or ')}; findings:\n${describeFindings(r.findings)}`);
        });
      }
    }

    for (const id of forbid) {
      test(`does not report ${id}`, () => {
        const hits = analyzed().findings.filter((f) => f.ruleId === id);
        assert.equal(hits.length, 0, `forbidden rule reported:\n${describeFindings(hits)}`);
      });
    }
  });
}
