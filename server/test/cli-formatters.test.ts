// The three formatters on synthetic analysis results: exact text, ESLint's JSON shape, SARIF.

import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import type { AnalysisResult, Finding, Fix, Severity } from '../src/analysis';
import type { Rule } from '../src/rules/rule';
import { countFiles, LineMap, reportMessages, type FormatContext, type LintedFile } from '../src/cli/formatters/common';
import { CARRIED_TEXT_BUDGET, formatJson, toEslintFix, toJsonResults } from '../src/cli/formatters/json';
import { toSarif } from '../src/cli/formatters/sarif';
import { formatText } from '../src/cli/formatters/text';

const CWD = path.resolve('/srv/project');

const SOURCE = [
  "const tf = require('@tensorflow/tfjs');", // line 1
  'const p = tf.sigmoid(z);', // line 2
  'const loss = tf.log(p);', // line 3
  'const opt = tf.train.sgd(5);', // line 4
  '',
].join('\n');

function rule(id: string): Rule {
  return {
    meta: { id, messages: {}, fixable: true, docs: { summary: `${id} summary.`, whatItDoes: `${id} does this.`, whyIsThisBad: 'Because.', example: '', useInstead: '', fixSafety: '', probe: '' } },
    check: () => undefined,
  };
}

const RULES = [rule('raw-log'), rule('high-learning-rate'), rule('unscaled-input')];

function at(text: string, needle: string): { start: number; end: number } {
  const start = SOURCE.indexOf(text) + text.indexOf(needle);
  assert.ok(start >= 0 && text.includes(needle));
  return { start, end: start + needle.length };
}

function finding(ruleId: string, severity: Severity, span: { start: number; end: number }, message: string, fixes: Fix[] = []): Finding {
  const lines = new LineMap(SOURCE);
  const a = lines.position(span.start);
  const b = lines.position(span.end);
  return {
    ruleId,
    messageId: 'm',
    severity,
    message,
    span,
    range: { start: { line: a.line - 1, character: a.column - 1 }, end: { line: b.line - 1, character: b.column - 1 } },
    data: {},
    related: [],
    fixes,
  };
}

function result(fileName: string, findings: Finding[], extra: Partial<AnalysisResult> = {}): AnalysisResult {
  return { fileName, usesTf: true, syntaxErrors: [], bindings: { namespaces: ['tf'], named: {} }, findings, models: [], sites: [], internalErrors: [], ...extra };
}

const logSpan = at('const loss = tf.log(p);', 'tf.log(p)');
const epsilonFix: Fix = {
  title: 'Add an epsilon',
  safety: 'safe',
  remedy: 'epsilon',
  preferred: true,
  edits: [
    { span: { start: logSpan.start + 'tf.log('.length, end: logSpan.start + 'tf.log('.length }, newText: 'tf.add(' },
    { span: { start: logSpan.end - 1, end: logSpan.end - 1 }, newText: ', 1e-7)' },
  ],
};
const rateSpan = at('const opt = tf.train.sgd(5);', '5');
const rateFix: Fix = { title: 'Use 0.01', safety: 'unsafe', remedy: 'learning-rate', edits: [{ span: rateSpan, newText: '0.01' }] };

const TRAIN = path.join(CWD, 'src/train.js');
const FILES: LintedFile[] = [
  {
    filePath: TRAIN,
    source: SOURCE,
    fixed: false,
    result: result(TRAIN, [
      finding('raw-log', 'error', logSpan, 'log of a sigmoid output can be log(0).', [epsilonFix]),
      finding('high-learning-rate', 'warning', rateSpan, 'learning rate 5 is high for sgd', [rateFix]),
      finding('unscaled-input', 'info', at('const p = tf.sigmoid(z);', 'z'), 'cannot show z is scaled'),
    ]),
  },
  { filePath: path.join(CWD, 'src/clean.js'), source: 'export {};\n', fixed: false, result: result(path.join(CWD, 'src/clean.js'), []) },
];

const CONTEXT: FormatContext = { cwd: CWD, color: false, rules: RULES, version: '9.9.9' };

describe('text formatter', () => {
  test('reads like ESLint stylish: path, aligned rows, summary, fixable line', () => {
    const expected = [
      '',
      TRAIN,
      '  2:22  info     cannot show z is scaled                unscaled-input',
      '  3:14  error    log of a sigmoid output can be log(0)  raw-log',
      '  4:26  warning  learning rate 5 is high for sgd        high-learning-rate',
      '',
      '✖ 3 problems (1 error, 1 warning, 1 info)',
      '  1 error and 0 warnings potentially fixable with the `--fix` option.',
      '',
    ].join('\n');
    assert.equal(formatText(FILES, CONTEXT), expected);
  });

  test('prints nothing when nothing is found', () => {
    assert.equal(formatText([FILES[1] as LintedFile], CONTEXT), '');
  });

  test('colors only when asked, and errors paint the summary red', () => {
    const colored = formatText(FILES, { ...CONTEXT, color: true });
    assert.match(colored, /\u001b\[4m.*train\.js\u001b\[24m/);
    assert.match(colored, /\u001b\[31merror  \u001b\[39m/);
    assert.match(colored, /\u001b\[33mwarning\u001b\[39m/);
    assert.match(colored, /\u001b\[1m\u001b\[31m✖ 3 problems/);
    assert.doesNotMatch(formatText(FILES, CONTEXT), /\u001b/);
  });

  test('a file that did not parse gets a parsing error plus its findings; a skipped file says why', () => {
    const broken: LintedFile = {
      filePath: '/p/broken.ts',
      source: SOURCE,
      fixed: false,
      result: result('/p/broken.ts', [finding('raw-log', 'warning', logSpan, 'maybe log(0)')], {
        syntaxErrors: [
          { span: { start: 0, end: 1 }, range: { start: { line: 0, character: 4 }, end: { line: 0, character: 5 } }, message: "';' expected." },
          { span: { start: 2, end: 3 }, range: { start: { line: 1, character: 0 }, end: { line: 1, character: 1 } }, message: 'Declaration expected.' },
        ],
      }),
    };
    const skipped: LintedFile = { filePath: '/p/huge.js', source: '', fixed: false, result: { ...result('/p/huge.js', []), usesTf: false, skipped: 'file is larger than 2097152 bytes (maxFileSize); not analyzed' } };
    const text = formatText([broken, skipped], CONTEXT);
    assert.match(text, /\/p\/broken\.ts\n {2}1:5 {3}error {4}Parsing error: ';' expected \(and 1 more syntax error\); findings in this file come from the parts that parsed\n {2}3:14 {2}warning {2}maybe log\(0\) +raw-log\n/);
    assert.match(text, /\/p\/huge\.js\n {2}1:1 {2}info {2}File not analyzed: file is larger than 2097152 bytes \(maxFileSize\); not analyzed\n/);
    assert.match(text, /✖ 3 problems \(1 error, 1 warning, 1 info\)/);
  });

  test('only information: counted, not an error or warning', () => {
    const info = { ...FILES[0], result: result(TRAIN, [finding('unscaled-input', 'info', logSpan, 'note')]) } as LintedFile;
    assert.match(formatText([info], CONTEXT), /✖ 1 problem \(0 errors, 0 warnings, 1 info\)\n$/);
  });
});

describe('JSON formatter', () => {
  const [train, clean] = toJsonResults(FILES);

  test("has ESLint's result shape and counts", () => {
    assert.ok(train && clean);
    assert.equal(train.filePath, TRAIN);
    assert.deepEqual(
      { e: train.errorCount, w: train.warningCount, i: train.infoCount, fe: train.fixableErrorCount, fw: train.fixableWarningCount, fatal: train.fatalErrorCount },
      { e: 1, w: 1, i: 1, fe: 1, fw: 0, fatal: 0 },
    );
    assert.deepEqual(train.suppressedMessages, []);
    assert.deepEqual(train.usedDeprecatedRules, []);
    assert.equal(train.source, SOURCE, 'source is included for files with problems');
    assert.equal(clean.source, undefined);
    assert.deepEqual(clean.messages, []);
  });

  test('messages: severity 2 / 1, 1-based positions, information as level "info"', () => {
    assert.ok(train);
    const [info, error, warning] = train.messages;
    assert.deepEqual(
      { ruleId: error?.ruleId, severity: error?.severity, line: error?.line, column: error?.column, endLine: error?.endLine, endColumn: error?.endColumn, level: error?.level },
      { ruleId: 'raw-log', severity: 2, line: 3, column: 14, endLine: 3, endColumn: 23, level: undefined },
    );
    assert.equal(warning?.severity, 1);
    assert.equal(warning?.level, undefined);
    assert.equal(info?.severity, 1);
    assert.equal(info?.level, 'info');
    assert.equal(error?.messageId, 'm');
  });

  test('the safe fix is `fix` (one replacement, as ESLint), unsafe ones are suggestions', () => {
    assert.ok(train);
    const error = train.messages.find((m) => m.ruleId === 'raw-log');
    assert.ok(error?.fix);
    const [start, end] = error.fix.range;
    const fixed = SOURCE.slice(0, start) + error.fix.text + SOURCE.slice(end);
    assert.match(fixed, /const loss = tf\.log\(tf\.add\(p, 1e-7\)\);/);
    const warning = train.messages.find((m) => m.ruleId === 'high-learning-rate');
    assert.equal(warning?.fix, undefined, 'an unsafe fix is never the automatic one');
    assert.equal(warning?.suggestions?.length, 1);
    assert.match(warning?.suggestions?.[0]?.desc ?? '', /Use 0\.01 \(unsafe/);
    assert.deepEqual(warning?.suggestions?.[0]?.fix, { range: [rateSpan.start, rateSpan.end], text: '0.01' });
  });

  test('a fixed file carries output instead of source', () => {
    const [fixed] = toJsonResults([{ ...(FILES[1] as LintedFile), fixed: true }]);
    assert.equal(fixed?.output, 'export {};\n');
    assert.equal(fixed?.source, undefined);
  });

  test('a parse error is a fatal message without a rule', () => {
    const broken: LintedFile = {
      filePath: '/p/b.ts',
      source: 'x',
      fixed: false,
      result: result('/p/b.ts', [], { syntaxErrors: [{ span: { start: 0, end: 1 }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message: 'Oops.' }] }),
    };
    const [json] = toJsonResults([broken]);
    assert.deepEqual(json?.messages[0], { ruleId: null, severity: 2, message: 'Parsing error: Oops; findings in this file come from the parts that parsed', line: 1, column: 1, endLine: 1, endColumn: 2, fatal: true });
    assert.equal(json?.fatalErrorCount, 1);
    assert.equal(json?.errorCount, 1);
  });

  test('the output is one JSON document', () => {
    assert.deepEqual(JSON.parse(formatJson(FILES)), toJsonResults(FILES));
  });

  test('toEslintFix merges distant edits into one replacement that keeps the text between', () => {
    const text = 'aaa bbb ccc';
    const fix: Fix = { title: 't', safety: 'safe', remedy: 'other', edits: [{ span: { start: 8, end: 11 }, newText: 'C' }, { span: { start: 0, end: 0 }, newText: '>' }] };
    const eslint = toEslintFix(fix, text);
    assert.deepEqual(eslint, { range: [0, 11], text: '>aaa bbb C' });
  });

  test('the text that distant fixes carry is bounded per file: past the budget, fixes are left out', () => {
    // A helper inserted at the top and its call 600 KB below, on each of three findings: the first
    // carries 600 KB, the second would bring the file past the 1 MiB budget, the third is small.
    const filler = '// padding\n'.repeat(60_000);
    const text = `${filler}call();\ncall();\nx;\n`;
    const first = filler.length;
    const helper = (at: number): Fix => ({
      title: 'Wrap',
      safety: 'safe',
      remedy: 'other',
      edits: [{ span: { start: 0, end: 0 }, newText: 'function wrap() {}\n' }, { span: { start: at, end: at + 4 }, newText: 'wrap' }],
    });
    const near: Fix = { title: 'Near', safety: 'safe', remedy: 'other', edits: [{ span: { start: first + 16, end: first + 17 }, newText: 'y' }] };
    const file = (fixes: Fix[][]): LintedFile => ({
      filePath: '/p/big.js',
      source: text,
      fixed: false,
      result: result('/p/big.js', fixes.map((f, i) => finding('raw-log', 'warning', { start: 0, end: 1 }, `m${i}`, f))),
    });
    assert.ok(first > CARRIED_TEXT_BUDGET / 2 && first < CARRIED_TEXT_BUDGET);
    const [json] = toJsonResults([file([[helper(first)], [helper(first + 8)], [near]])]);
    const fixes = json?.messages.map((m) => m.fix?.range ?? null);
    assert.deepEqual(fixes, [[0, first + 4], null, [first + 16, first + 17]]);
  });
});

describe('SARIF formatter', () => {
  const log = toSarif(FILES, CONTEXT);
  const run = log.runs[0];

  test('describes the tool and every rule', () => {
    assert.equal(log.version, '2.1.0');
    assert.match(log.$schema, /sarif-2\.1\.0/);
    assert.ok(run);
    const driver = run.tool.driver;
    assert.equal(driver.name, 'nanscope');
    assert.equal(driver.version, '9.9.9');
    assert.match(driver.informationUri, /^https:\/\//);
    assert.deepEqual(driver.rules.map((r) => r.id), ['raw-log', 'high-learning-rate', 'unscaled-input']);
    const rawLog = driver.rules[0];
    assert.equal(rawLog?.shortDescription.text, 'raw-log summary.');
    assert.equal(rawLog?.fullDescription.text, 'raw-log does this.');
    assert.equal(rawLog?.helpUri, 'https://github.com/nanscope/nanscope/blob/main/docs/rules/raw-log.md');
    assert.equal(rawLog?.defaultConfiguration.level, 'warning');
    assert.equal(rawLog?.name, 'RawLog');
  });

  test('results: rule index, level, relative location with 1-based region', () => {
    assert.ok(run);
    assert.deepEqual(
      run.results.map((r) => [r.ruleId, r.ruleIndex, r.level]),
      [
        ['unscaled-input', 2, 'note'],
        ['raw-log', 0, 'error'],
        ['high-learning-rate', 1, 'warning'],
      ],
    );
    const error = run.results[1];
    assert.deepEqual(error?.locations[0]?.physicalLocation, {
      artifactLocation: { uri: 'src/train.js', uriBaseId: '%SRCROOT%' },
      region: { startLine: 3, startColumn: 14, endLine: 3, endColumn: 23 },
    });
    assert.equal(run.originalUriBaseIds['%SRCROOT%']?.uri, 'file:///srv/project/');
    assert.equal(run.invocations[0]?.executionSuccessful, true);
  });

  test('fixes are replacements on regions of the same file', () => {
    assert.ok(run);
    const error = run.results[1];
    const [fix] = error?.fixes ?? [];
    assert.equal(fix?.description.text, 'Add an epsilon');
    const change = fix?.artifactChanges[0];
    assert.equal(change?.artifactLocation.uri, 'src/train.js');
    assert.deepEqual(
      change?.replacements.map((r) => [r.deletedRegion, r.insertedContent.text]),
      [
        [{ startLine: 3, startColumn: 21, endLine: 3, endColumn: 21 }, 'tf.add('],
        [{ startLine: 3, startColumn: 22, endLine: 3, endColumn: 22 }, ', 1e-7)'],
      ],
    );
    assert.match(run.results[2]?.fixes?.[0]?.description.text ?? '', /unsafe/);
  });

  test('parse errors, skipped files and internal errors are notifications; internal errors fail the invocation', () => {
    const odd: LintedFile = {
      filePath: path.join(CWD, 'odd file.ts'),
      source: 'x',
      fixed: false,
      result: result(path.join(CWD, 'odd file.ts'), [], {
        syntaxErrors: [{ span: { start: 0, end: 1 }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message: 'Oops.' }],
        internalErrors: [{ where: 'rule raw-log', message: 'boom\n  at somewhere' }],
      }),
    };
    const outside: LintedFile = { filePath: '/elsewhere/x.js', source: '', fixed: false, result: { ...result('/elsewhere/x.js', []), skipped: 'file looks binary; not analyzed' } };
    const sarif = toSarif([odd, outside], CONTEXT).runs[0];
    assert.ok(sarif);
    assert.deepEqual(sarif.results, []);
    const notes = sarif.invocations[0]?.toolExecutionNotifications ?? [];
    assert.deepEqual(notes.map((n) => [n.level, n.message.text.split(';')[0]]), [
      ['error', 'Parsing error: Oops'],
      ['error', 'internal error in rule raw-log: boom'],
      ['note', 'File not analyzed: file looks binary'],
    ]);
    assert.equal(notes[0]?.locations?.[0]?.physicalLocation.artifactLocation.uri, 'odd%20file.ts');
    assert.equal(notes[2]?.locations?.[0]?.physicalLocation.artifactLocation.uri, 'file:///elsewhere/x.js');
    assert.equal(sarif.invocations[0]?.executionSuccessful, false);
  });
});

describe('counting', () => {
  test('the exit code and every format count the same things', () => {
    const total = countFiles(FILES);
    assert.deepEqual(total, { errorCount: 1, warningCount: 1, infoCount: 1, fatalErrorCount: 0, fixableErrorCount: 1, fixableWarningCount: 0 });
    const perFile = toJsonResults(FILES);
    assert.equal(perFile.reduce((n, r) => n + r.errorCount, 0), total.errorCount);
    assert.equal(reportMessages(FILES[0] as LintedFile).length, 3);
  });

  test('LineMap counts CRLF, CR and LF as editors do, not the Unicode separators', () => {
    const map = new LineMap('a\r\nb\rc\nd\u2028e');
    assert.deepEqual([0, 3, 5, 7, 9].map((o) => map.position(o)), [
      { line: 1, column: 1 },
      { line: 2, column: 1 },
      { line: 3, column: 1 },
      { line: 4, column: 1 },
      { line: 4, column: 3 },
    ]);
    assert.deepEqual(map.position(1), { line: 1, column: 2 });
  });
});
