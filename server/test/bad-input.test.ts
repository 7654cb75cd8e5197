// Bad input is a fixture too (test-fixtures/bad-input/, plus files generated here that are too large
// or too odd to commit). Each must give a clear result, and the analyzer must never throw.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import * as ts from 'typescript';
import { analyze, defaultConfig, ruleIds, type AnalysisResult, type AnalyzeInput } from '../src/analysis';
import { fixturesDir, listSourceFiles } from './helpers/fixture-headers';
import { countLines, generateBinaryLooking, generateDeepChain, generateLargeTfFile } from './helpers/generate';

const BAD_INPUT_DIR = fixturesDir('bad-input');

/**
 * Tests never assert wall-clock times (benchmarks measure speed): the ratio of analysis to raw parse
 * is reported as a diagnostic, and a runaway analysis is caught by the test's own timeout.
 */
const LARGE_FILE_LINES = 50_000;
const HANG_GUARD = { timeout: 120_000 };

function read(name: string): string {
  return fs.readFileSync(path.join(BAD_INPUT_DIR, name), 'utf8');
}

/** Runs the analysis, failing the test (not crashing the runner) if it throws. */
function analyzeOrFail(input: AnalyzeInput): AnalysisResult {
  let result: AnalysisResult | undefined;
  assert.doesNotThrow(() => {
    result = analyze(input);
  }, `analyze threw on ${input.fileName}`);
  assert.ok(result);
  // Everything but the parse tree is plain data that can cross a process boundary.
  const { sourceFile: _sourceFile, ...data } = result as AnalysisResult & { sourceFile?: unknown };
  assert.doesNotThrow(() => JSON.stringify(data), 'the result is not plain data');
  return result;
}

function elapsed<T>(fn: () => T): { value: T; ms: number } {
  const start = process.hrtime.bigint();
  const value = fn();
  return { value, ms: Number(process.hrtime.bigint() - start) / 1e6 };
}

/**
 * Analysis time over raw parse time for `text`. The parser is warmed up on `text` itself, the
 * analyzer on a small file (a slow analysis of a large file is not run twice).
 */
function analysisToParseRatio(fileName: string, text: string): { ratio: number; parseMs: number; analyzeMs: number; result: AnalysisResult } {
  const parseOnce = () => ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  parseOnce();
  analyze({ fileName: 'warm-up.js', text: generateLargeTfFile(400) });
  const parse = elapsed(parseOnce);
  const analysis = elapsed(() => analyzeOrFail({ fileName, text }));
  return { ratio: analysis.ms / Math.max(parse.ms, 0.01), parseMs: parse.ms, analyzeMs: analysis.ms, result: analysis.value };
}

test('the bad-input folder holds the committed cases, each described in its README', () => {
  const files = listSourceFiles(BAD_INPUT_DIR);
  assert.deepEqual(files, ['empty.js', 'minified-bundle.js', 'no-tfjs.js', 'syntax-error.js']);
  const readme = read('README.md');
  for (const file of files) assert.match(readme, new RegExp('`' + file.replace('.', '\\.') + '`'), `README.md does not describe ${file}`);
});

test('syntax-error.js: syntax errors are listed with positions, and the rest is still analyzed', () => {
  const result = analyzeOrFail({ fileName: 'syntax-error.js', text: read('syntax-error.js') });
  assert.equal(result.skipped, undefined);
  assert.equal(result.usesTf, true);
  assert.ok(result.syntaxErrors.length > 0, 'no syntax error reported');
  for (const error of result.syntaxErrors) {
    assert.ok(error.message.length > 0, 'a syntax error without a message');
    assert.ok(error.range.start.line >= 18, `syntax error placed before the broken code: line ${error.range.start.line + 1}`);
  }
  assert.deepEqual(result.internalErrors, []);
});

test('empty.js: nothing to analyze, and nothing reported', () => {
  const result = analyzeOrFail({ fileName: 'empty.js', text: read('empty.js') });
  assert.equal(result.skipped, undefined);
  assert.equal(result.usesTf, false);
  assert.deepEqual(result.syntaxErrors, []);
  assert.deepEqual(result.findings, []);
  assert.deepEqual(result.internalErrors, []);
});

test('no-tfjs.js: a file without TF.js stops after the parse, whatever it looks like', () => {
  const result = analyzeOrFail({ fileName: 'no-tfjs.js', text: read('no-tfjs.js') });
  assert.equal(result.skipped, undefined);
  assert.equal(result.usesTf, false);
  assert.deepEqual(result.syntaxErrors, []);
  assert.deepEqual(result.findings, []);
  assert.deepEqual(result.models, []);
  assert.deepEqual(result.sites, []);
  assert.deepEqual(result.internalErrors, []);
});

test('minified-bundle.js: a one-line bundle is analyzed and finishes', HANG_GUARD, (t) => {
  const text = read('minified-bundle.js');
  assert.equal(countLines(text), 1, 'the bundle should be a single line');
  const { ratio, parseMs, analyzeMs, result } = analysisToParseRatio('minified-bundle.js', text);
  t.diagnostic(`${text.length} bytes: parse ${parseMs.toFixed(1)} ms, analysis ${analyzeMs.toFixed(1)} ms (${ratio.toFixed(1)}x)`);
  assert.equal(result.skipped, undefined);
  assert.deepEqual(result.syntaxErrors, []);
  assert.deepEqual(result.internalErrors, []);
  for (const finding of result.findings) assert.equal(finding.range.start.line, 0);
});

// Bundlers put requires inside module closures (`var gt=X((Ot,wt)=>{var A=require("@tensorflow/tfjs");...`)
// or behind an interop wrapper (`var R=$(require("@tensorflow/tfjs"))`), not at the top level. Until
// those are recognized the bundle's analysis stops after the parse, and the test above proves little.
test('minified-bundle.js: TF.js is recognized inside the bundle', () => {
  const result = analyzeOrFail({ fileName: 'minified-bundle.js', text: read('minified-bundle.js') });
  assert.equal(result.usesTf, true, 'require("@tensorflow/tfjs") in the bundle was not recognized');
});

test(`a generated ${LARGE_FILE_LINES.toLocaleString('en')}-line file is analyzed and finishes`, HANG_GUARD, (t) => {
  const text = generateLargeTfFile(LARGE_FILE_LINES);
  assert.equal(countLines(text), LARGE_FILE_LINES);
  assert.ok(text.length < defaultConfig().maxFileSize, 'the generated file must stay under the default maxFileSize');
  const { ratio, parseMs, analyzeMs, result } = analysisToParseRatio('large.js', text);
  t.diagnostic(
    `${LARGE_FILE_LINES} lines, ${text.length} bytes: parse ${parseMs.toFixed(0)} ms, ` +
      `analysis ${analyzeMs.toFixed(0)} ms (${ratio.toFixed(1)}x)`,
  );
  assert.equal(result.skipped, undefined);
  assert.equal(result.usesTf, true);
  assert.deepEqual(result.syntaxErrors, []);
  assert.deepEqual(result.internalErrors, []);
  // Every fourth block is a hand-written log loss on a sigmoid output: the analysis must not give
  // up part-way through a large file.
  if (ruleIds.includes('raw-log')) {
    const rawLogLines = result.findings.filter((f) => f.ruleId === 'raw-log').map((f) => f.range.start.line);
    assert.ok(rawLogLines.length > 0, 'no raw-log finding in the large file');
    assert.ok(Math.max(...rawLogLines) > LARGE_FILE_LINES * 0.9, 'raw-log found only near the start of the large file');
  }
});

test('a file over maxFileSize is skipped with a reason, before parsing', () => {
  const text = generateLargeTfFile(2_000);
  const config = { ...defaultConfig(), maxFileSize: text.length - 1 };
  const result = analyzeOrFail({ fileName: 'large.js', text, config });
  assert.match(result.skipped ?? '', /maxFileSize/);
  assert.equal(result.usesTf, false);
  assert.deepEqual(result.findings, []);

  // And with the default limit (2 MiB): a generated file just past it.
  const huge = generateLargeTfFile(100_000);
  assert.ok(huge.length > defaultConfig().maxFileSize, `the generated file has only ${huge.length} bytes`);
  const skipped = analyzeOrFail({ fileName: 'huge.js', text: huge });
  assert.match(skipped.skipped ?? '', /maxFileSize/);
  assert.deepEqual(skipped.findings, []);
  // "Before parsing": a file the parser could not even take (it would run out of stack) is skipped
  // for its size, which it could only be if the size is checked first.
  const nested = `${'('.repeat(100_000)}x${')'.repeat(100_000)}`;
  const early = analyzeOrFail({ fileName: 'nested.js', text: nested, config: { ...defaultConfig(), maxFileSize: 1_000 } });
  assert.match(early.skipped ?? '', /maxFileSize/);
});

test('a binary file with a source extension is skipped with a reason', () => {
  const result = analyzeOrFail({ fileName: 'weights.js', text: generateBinaryLooking(4096) });
  assert.match(result.skipped ?? '', /binary/);
  assert.deepEqual(result.findings, []);
});

test('a 2,000-call method chain (a deep syntax tree) does not crash the analysis', () => {
  const result = analyzeOrFail({ fileName: 'deep-chain.js', text: generateDeepChain(2_000) });
  assert.equal(result.skipped, undefined);
  assert.equal(result.usesTf, true);
  assert.deepEqual(result.syntaxErrors, []);
  assert.deepEqual(result.internalErrors, [], 'a stack overflow in a recursive walk is reported here');
});
