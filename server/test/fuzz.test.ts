// Fuzzing (issue 7): seeded mutations of every fixture under test-fixtures (token deletion,
// duplication and swaps, truncation at every class of position, random unicode, nesting up to
// 10,000 deep; server/test/fuzz/mutate.ts) must never make the analyzer throw, report an internal
// error, hang (a hang detector of tens of seconds per input, not a speed assertion), or make a fix
// break the file. The language server must stay up under a stream of fuzzed edits.
// `npm run fuzz -- --count N --seed S` runs the same harness longer.

import assert from 'node:assert/strict';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { CodeLensRequest } from 'vscode-languageserver-protocol/node';
import { loadCorpus } from './fuzz/check';
import { generateInput } from './fuzz/mutate';
import { formatReport, runFuzz, type FuzzReport } from './fuzz/run';
import { repoRoot } from './helpers/fixture-headers';
import { REAL_SERVER, TestClient } from './lsp-client';

const SEED = 7;
// At least 2,000, and enough for every mutation kind to visit every fixture (8 kinds); grows with the corpus.
const COUNT = 2_400;

/**
 * Fixes the fuzzer shows not to resolve cleanly on mutated (but valid) programs, each a known gap of
 * a rule, reported to its owner. A violation that matches none of these fails the test.
 */
const KNOWN_FIX_GAPS: { pattern: RegExp; why: string }[] = [
  {
    pattern: /^(raw-log|unsafe-sqrt)\/unproven: "Clamp to the backend epsilon (before the log|inside the square root) \(would hide negative values, if any\)" is offered again after it was applied$/,
    why: 'past the evaluator depth limit (deeply nested mutated input) every value is unknown, so even the clamped operand cannot be shown positive; the clamp is unsafe, so fix-all never applies it',
  },
  {
    pattern: /^unscaled-input\/unscaled: "Standardize the inputs \(z-score per feature, with epsilon\) at their definition" (does not remove the|is offered again after it was applied)$/,
    why: 'a duplicated assignment (`x = x = ...`) makes the variable the join of the standardized and the raw value, so the raw scale remains; the fix is unsafe, so fix-all never applies it',
  },
  {
    pattern: /^unsafe-division\/canBeZero: "(Add the backend epsilon to the denominator|Use tf\.divNoNan \(0 where the denominator is 0\))" adds a (missing-gradient-clipping|unscaled-input|saturating-activation-unscaled-input)$/,
    why: 'interval division: x / (d + epsilon) is bounded by max|x| / epsilon when x and d are not correlated (ragged or mutated literal data), so the result looks unscaled',
  },
  {
    pattern: /^exp-overflow\/unprovenPattern: "(Use tf\.softmax \(subtracts the max internally\)|Clip the exponent at 80 \(changes values above it\))" adds a raw-log$/,
    why: 'replacing a hand-written softmax exposes the `log` of its output to raw-log (a second, real problem the fix does not address)',
  },
];

function unexplained(report: FuzzReport): string[] {
  const out: string[] = [];
  for (const f of report.semanticFixViolations) {
    for (const key of f.keys) if (!KNOWN_FIX_GAPS.some((g) => g.pattern.test(key))) out.push(`${f.description}: ${key}`);
  }
  // Fix-all without a fixpoint is explained only by a fix that is offered again after it was applied.
  for (const f of report.fixViolations) {
    const reasons = f.detail.split('\n');
    const loopExplained = report.semanticFixViolations.some((s) => s.index === f.index && s.keys.some((k) => /is offered again/.test(k) && KNOWN_FIX_GAPS.some((g) => g.pattern.test(k))));
    for (const reason of reasons) {
      if (/fix-all reaches no fixpoint/.test(reason) && loopExplained) continue;
      out.push(`${f.description}: ${reason}`);
    }
  }
  return out;
}

describe('fuzzing the analyzer', () => {
  it(`${COUNT} mutated fixtures (seed ${SEED}): no crash, hang, internal error or broken fix`, { timeout: 600_000 }, async (t) => {
    const report = await runFuzz({ root: repoRoot(), seed: SEED, count: COUNT });
    t.diagnostic(formatReport(report));
    assert.equal(report.inputs, COUNT);
    assert.ok(loadCorpus(repoRoot()).length * 8 <= COUNT, 'every mutation kind must visit every fixture');
    assert.deepEqual(report.crashes.map((f) => `${f.description}: ${f.detail}`), []);
    assert.deepEqual(report.hangs.map((f) => f.description), []);
    assert.deepEqual(report.internalErrors.map((f) => `${f.description}: ${f.detail}`), []);
    assert.deepEqual(unexplained(report), []);
    // The population the properties are about is really there.
    assert.ok(report.parsedClean >= 200, `only ${report.parsedClean} mutated inputs parse without errors`);
    assert.ok(report.fixesChecked >= 100, `only ${report.fixesChecked} fixes checked on mutated inputs`);
    assert.ok(report.withSyntaxErrors >= 1000, `only ${report.withSyntaxErrors} inputs with syntax errors`);
    assert.ok(report.skipped > 0, 'no 10,000-deep input was skipped as too deeply nested');
  });

  it('is deterministic: the same seed and index give the same input', () => {
    const corpus = loadCorpus(repoRoot());
    for (const index of [0, 1, 49, 500, 1999]) {
      const a = generateInput(corpus, SEED, index);
      const b = generateInput(corpus, SEED, index);
      assert.equal(a.text, b.text);
      assert.equal(a.description, b.description);
    }
    assert.notEqual(generateInput(corpus, SEED, 3).text, generateInput(corpus, SEED + 1, 3).text);
  });
});

describe('fuzzing the language server', () => {
  it('stays up through 100 fuzzed documents opened and edited, and answers a final request', { timeout: 180_000 }, async () => {
    const corpus = loadCorpus(repoRoot());
    const client = await TestClient.start({ server: REAL_SERVER, settings: { debounce: 0 } });
    try {
      const uris: string[] = [];
      const dir = path.join(os.tmpdir(), 'nanscope-fuzz-lsp');
      for (let k = 0; k < 100; k++) {
        // Inputs spread over the mutation kinds, every tenth a 10,000-deep nesting (index 49 mod 50).
        const input = generateInput(corpus, SEED + 1, k % 10 === 9 ? 49 + 50 * k : k * 21);
        const uri = pathToFileURL(path.join(dir, `${k}-${input.fileName}`)).href;
        uris.push(uri);
        await client.open(uri, input.text, /\.tsx?$/.test(input.fileName) ? 'typescript' : 'javascript');
        // Two edits: another mutation in full, then a truncation (a half-typed file).
        const next = generateInput(corpus, SEED + 2, k * 21 + 5);
        await client.replaceAll(uri, next.text);
        await client.replaceAll(uri, next.text.slice(0, Math.floor(next.text.length / 2)));
      }
      for (const uri of uris) await client.diagnosticsFor(uri, 3, 60_000);
      const lenses = await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: uris[0]! } });
      assert.ok(lenses === null || Array.isArray(lenses));
      assert.equal(client.process.exitCode, null, 'the server exited');
      assert.doesNotMatch(client.stderr, /uncaught|unhandled/i);
    } finally {
      await client.stop();
    }
  });
});
