// The realistic corpus of test-fixtures/real-world/: programs in the style of TF.js's official
// examples and tutorials, each really trained (scripts/confirm-real-world.js checks every
// `// truth:` header against a training run). Healthy programs (`healthy-NN-*`) must get no warning
// or error; every failing program (`failing-NN-*`) must get a warning or error of a rule in its
// `// expect:` group that names its `// cause:` line, either as the finding's own line or among its
// related locations.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { analyze, type AnalysisResult, type Finding } from '../src/analysis';
import { CATALOGUE_RULES, fixturesDir, listSourceFiles, parseFixtureHeaders, type FixtureHeaders } from './helpers/fixture-headers';

const CORPUS_DIR = fixturesDir('real-world');
const FILE_NAME = /^(healthy|failing)-\d\d-[a-z0-9]+(?:-[a-z0-9]+)*\.(?:[cm]?[jt]s)$/;
const CAUSE_HEADER = /^\/\/\s*cause:\s*(\S+) at line (\d+): \S.*$/m;
const MIN_PER_GROUP = 15;

const files = listSourceFiles(CORPUS_DIR);
const isProblem = (f: Finding): boolean => f.severity === 'warning' || f.severity === 'error';

function describeFindings(findings: readonly Finding[]): string {
  if (findings.length === 0) return '  (no findings)';
  return findings
    .map((f) => {
      const related = f.related.length ? ` [related: ${f.related.map((r) => `line ${r.range.start.line + 1}`).join(', ')}]` : '';
      return `  ${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${f.ruleId}: ${f.message}${related}`;
    })
    .join('\n');
}

/** Whether `finding` names the one-based `line`: its own range starts there, or a related location does. */
function namesLine(finding: Finding, line: number): boolean {
  return finding.range.start.line + 1 === line || finding.related.some((r) => r.range.start.line + 1 === line);
}

interface Cause {
  rule: string;
  line: number;
}

function parseCause(text: string): Cause | undefined {
  const match = CAUSE_HEADER.exec(text);
  return match ? { rule: match[1] ?? '', line: Number(match[2]) } : undefined;
}

test('the corpus has at least 15 healthy and 15 failing programs, with well-formed names', () => {
  for (const file of files) assert.match(file, FILE_NAME, `${file}: name it healthy-NN-<description> or failing-NN-<description>`);
  const healthy = files.filter((f) => f.startsWith('healthy-'));
  const failing = files.filter((f) => f.startsWith('failing-'));
  assert.ok(healthy.length >= MIN_PER_GROUP, `${healthy.length} healthy programs`);
  assert.ok(failing.length >= MIN_PER_GROUP, `${failing.length} failing programs`);
});

for (const file of files) {
  describe(`real-world ${file}`, () => {
    const text = fs.readFileSync(path.join(CORPUS_DIR, file), 'utf8');
    const healthy = file.startsWith('healthy-');
    const lineCount = text.split(/\r?\n/).length;

    let headers: FixtureHeaders | undefined;
    let headerError: unknown;
    try {
      headers = parseFixtureHeaders(text);
    } catch (error) {
      headerError = error;
    }
    const cause = parseCause(text);

    let result: AnalysisResult | undefined;
    const analyzed = (): AnalysisResult => (result ??= analyze({ fileName: file, text }));

    test('has truth, expect and (when failing) cause headers that agree with the file name', () => {
      if (headerError !== undefined) throw headerError;
      assert.ok(headers?.truth, 'missing "// truth:" (measured by scripts/confirm-real-world.js)');
      assert.ok(headers.expect, 'missing "// expect:"');
      if (healthy) {
        assert.match(headers.truth, /^(finite|stable)\b/, 'a healthy program trains to a finite loss');
        assert.equal(headers.expect.kind, 'clean', 'a healthy program expects clean');
        assert.equal(cause, undefined, 'a healthy program has no cause');
        return;
      }
      assert.match(headers.truth, /^(nan|inf)\b/, 'a failing program goes non-finite');
      assert.equal(headers.expect.kind, 'rules', 'a failing program expects a rule');
      if (headers.expect.kind !== 'rules') return;
      assert.equal(headers.expect.groups.length, 1, 'one expect group: the rules that may name the cause');
      for (const id of headers.expect.groups[0] ?? []) assert.ok(CATALOGUE_RULES.includes(id), `unknown rule "${id}"`);
      assert.ok(cause, 'missing "// cause: <rule-id> at line N: <why>"');
      assert.ok(headers.expect.groups[0]?.includes(cause.rule), `the cause rule ${cause.rule} is not in the expect group`);
      assert.ok(cause.line > 0 && cause.line <= lineCount, `cause line ${cause.line} is outside the file`);
      assert.doesNotMatch(text.split(/\r?\n/)[cause.line - 1] ?? '', /^\s*(\/\/.*)?$/, `cause line ${cause.line} is blank or a comment`);
    });

    test('is parsed as TF.js code, without syntax or internal errors', () => {
      const r = analyzed();
      assert.equal(r.skipped, undefined, `skipped: ${r.skipped}`);
      assert.equal(r.usesTf, true, 'the TF.js import was not recognized');
      assert.deepEqual(r.syntaxErrors.map((e) => e.message), []);
      assert.deepEqual(r.internalErrors, []);
    });

    if (!headers?.expect) return;
    if (healthy) {
      test('reports no warning or error', () => {
        const problems = analyzed().findings.filter(isProblem);
        assert.equal(problems.length, 0, `false positive on a healthy program:\n${describeFindings(problems)}`);
      });
      return;
    }

    if (headers.expect.kind !== 'rules' || !cause) return;
    const group = headers.expect.groups[0] ?? [];
    test(`names the cause: ${group.join(' or ')} at line ${cause.line}`, () => {
      const recalled = analyzed().findings.some((f) => isProblem(f) && group.includes(f.ruleId) && namesLine(f, cause.line));
      assert.ok(recalled, `expected a warning or error of ${group.join(' or ')} naming line ${cause.line}; findings:\n${describeFindings(analyzed().findings)}`);
    });
  });
}
