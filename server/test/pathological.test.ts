// Pathological files (issue 7): a 5 MB minified bundle, a 200,000-character line, a binary file
// named `.js`, CRLF line endings, a byte order mark, invalid UTF-8, a 100,000-line file and a file
// with 10,000 models. Each goes through the analyzer, the real CLI process (text and json) and the
// real language server, and each must give a clear, specific result in bounded time and memory:
// findings at the positions an editor shows, or a note that says why the file was not analyzed and
// which setting to change.
//
// The inputs are generated (helpers/pathological.ts) into a scratch folder. Times are
// reported with t.diagnostic and never asserted; a hang is caught by the tests' timeouts. Memory is
// the CLI process's peak RSS, asserted under a generous bound as a guard against runaway growth.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { analyze, defaultConfig, type AnalysisResult, type NanscopeConfig, type Position } from '../src/analysis';
import { countLines, generateLargeTfFile } from './helpers/generate';
import { BAD_UTF8, BOM_TEXT, CRLF_LINES, LINE_ENDINGS_TEXT, longLineText, manyModels, minifiedBundle, TF, weightsShard } from './helpers/pathological';
import { DiagnosticSeverity } from 'vscode-languageserver-protocol/node';
import { REAL_SERVER, TestClient } from './lsp-client';

const BIN = path.join(__dirname, '..', '..', '..', 'bin', 'nanscope.js');
const MAX_RSS_PRELOAD = path.join(__dirname, 'helpers', 'report-max-rss.js');

const DEFAULT_LIMIT = defaultConfig().maxFileSize;
/** What a file over the default limit is told, in every front end. */
const DEFAULT_LIMIT_NOTE = /over the maxFileSize limit of 2\.0 MiB \(2,097,152 bytes\); raise maxFileSize in \.nanscoperc\.json to analyze it/;
/** A peak RSS above this is runaway memory, not a slow machine. */
const RSS_GUARD_MB = 1536;
/** Hang guards: far above the slowest case on a loaded 2-core machine (~15 s). */
const SMALL = { timeout: 60_000 };
const LARGE = { timeout: 300_000 };

// ---------------------------------------------------------------------------------------------
// Helpers.

/** The position of `offset`, counted independently of the analyzer: lines end at CRLF, CR, LF. */
function editorPosition(text: string, offset: number): Position {
  const lines = text.slice(0, offset).split(/\r\n|\r|\n/);
  return { line: lines.length - 1, character: (lines[lines.length - 1] as string).length };
}

/** The editor position of the `n`th (0-based) occurrence of `needle`. */
function positionOf(text: string, needle: string, n = 0): Position {
  let at = -1;
  for (let i = 0; i <= n; i++) {
    at = text.indexOf(needle, at + 1);
    assert.ok(at >= 0, `"${needle}" #${n} is not in the text`);
  }
  return editorPosition(text, at);
}

function starts(result: AnalysisResult, ruleId: string): Position[] {
  return result.findings.filter((f) => f.ruleId === ruleId).map((f) => f.range.start);
}

function timed<T>(fn: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = fn();
  return { value, ms: performance.now() - start };
}

interface Measure {
  bytes: number;
  lines: number;
  apiMs?: number;
  textMs?: number;
  textRssMb?: number;
  jsonMs?: number;
  jsonRssMb?: number;
  lspMs?: number;
  result?: string;
}
const measures = new Map<string, Measure>();
function measure(name: string): Measure {
  let m = measures.get(name);
  if (!m) {
    m = { bytes: 0, lines: 0 };
    measures.set(name, m);
  }
  return m;
}

function analyzeTimed(name: string, fileName: string, text: string, config?: NanscopeConfig) {
  const { value, ms } = timed(() => analyze({ fileName, text, ...(config ? { config } : {}) }));
  measure(name).apiMs = ms;
  assert.deepEqual(value.internalErrors, [], 'internal errors');
  assert.doesNotThrow(() => JSON.stringify({ ...value, sourceFile: undefined }));
  return value;
}

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  rssMb: number;
}

let scratch: string;

/** Runs the real `bin/nanscope.js` in a child process, with its peak RSS. */
function runCli(args: string[], cwd = scratch): Promise<CliRun> {
  const rssFile = path.join(scratch, `rss-${process.hrtime.bigint()}.txt`);
  const start = performance.now();
  const child = spawn(process.execPath, ['--require', MAX_RSS_PRELOAD, BIN, ...args], {
    cwd,
    env: { ...process.env, NANSCOPE_MAX_RSS_FILE: rssFile, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: LARGE.timeout,
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (b: Buffer) => out.push(b));
  child.stderr.on('data', (b: Buffer) => err.push(b));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const own = fs.existsSync(rssFile) ? (JSON.parse(fs.readFileSync(rssFile, 'utf8')) as { maxRssKiB: number; ms: number }) : undefined;
      resolve({
        code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        ms: own?.ms ?? performance.now() - start,
        rssMb: (own?.maxRssKiB ?? NaN) / 1024,
      });
    });
  });
}

/** Both formats of one file at once (two cores), each checked against the memory guard. */
async function lintBoth(name: string, file: string, extra: string[] = [], cwd = scratch): Promise<{ text: CliRun; json: CliRun }> {
  const [text, json] = await Promise.all([runCli([...extra, file], cwd), runCli([...extra, '--format', 'json', file], cwd)]);
  const m = measure(name);
  Object.assign(m, { textMs: text.ms, textRssMb: text.rssMb, jsonMs: json.ms, jsonRssMb: json.rssMb });
  for (const run of [text, json]) {
    assert.ok(Number.isFinite(run.rssMb), `no peak RSS reported (stderr: ${run.stderr})`);
    assert.ok(run.rssMb < RSS_GUARD_MB, `peak RSS ${run.rssMb.toFixed(0)} MB`);
    assert.equal(run.stderr, '', 'nothing on stderr');
  }
  return { text, json };
}

interface JsonMessage {
  ruleId: string | null;
  severity: number;
  message: string;
  line: number;
  column: number;
  fatal?: boolean;
  level?: string;
}

function jsonMessages(run: CliRun): JsonMessage[] {
  const results = JSON.parse(run.stdout) as { messages: JsonMessage[] }[];
  assert.equal(results.length, 1);
  return (results[0] as { messages: JsonMessage[] }).messages;
}

/** `line:column` (1-based) of a rule's messages in the json report. */
function jsonStarts(run: CliRun, ruleId: string | null): string[] {
  return jsonMessages(run)
    .filter((m) => m.ruleId === ruleId)
    .map((m) => `${m.line}:${m.column}`);
}

/** The stylish row of a message: `  3:17  error  ... raw-log`. */
function textRow(position: Position, severity: string, ruleId: string): RegExp {
  return new RegExp(`^ +${position.line + 1}:${position.character + 1} +${severity} +.*  ${ruleId}$`, 'm');
}

const oneBased = (p: Position): string => `${p.line + 1}:${p.character + 1}`;

function write(name: string, content: string | Buffer, folder = scratch): string {
  const file = path.join(folder, name);
  fs.writeFileSync(file, content);
  const m = measure(name);
  m.bytes = fs.statSync(file).size;
  m.lines = typeof content === 'string' ? countLines(content) : content.toString('utf8').split('\n').length;
  return file;
}

before(() => {
  scratch = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nanscope-pathological-')));
});

after(() => {
  fs.rmSync(scratch, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------
// Analyzer and CLI, case by case.

describe('a 5 MB minified bundle', () => {
  let text: string;
  let file: string;
  before(() => {
    text = minifiedBundle(5 * 1024 * 1024);
    file = write('bundle.js', text);
  });

  test('is one line of real TF.js code over the default maxFileSize', () => {
    assert.equal(countLines(text), 1);
    assert.ok(text.length > DEFAULT_LIMIT && text.length < 5.5 * 1024 * 1024, `${text.length} bytes`);
    assert.ok(text.includes('require("@tensorflow/tfjs")'));
  });

  test('the analyzer skips it before parsing, with a note naming the size and maxFileSize', SMALL, () => {
    const result = analyzeTimed('bundle.js', 'bundle.js', text);
    assert.match(result.skipped ?? '', /^file is 5\.0 MiB \(5,2\d\d,\d\d\d bytes\), /);
    assert.match(result.skipped ?? '', DEFAULT_LIMIT_NOTE);
    assert.deepEqual(result.findings, []);
    measure('bundle.js').result = 'skipped (maxFileSize)';
  });

  test('the same bundle at 250 KB, under the limit, is analyzed: findings on line 1, at their code', SMALL, (t) => {
    const small = minifiedBundle(250_000);
    const { value: result, ms } = timed(() => analyze({ fileName: 'bundle-250k.js', text: small }));
    t.diagnostic(`${small.length} bytes analyzed in ${ms.toFixed(0)} ms: ${result.findings.length} findings`);
    assert.equal(result.skipped, undefined);
    assert.equal(result.usesTf, true);
    assert.deepEqual(result.syntaxErrors, []);
    assert.deepEqual(result.internalErrors, []);
    const rawLogs = result.findings.filter((f) => f.ruleId === 'raw-log');
    assert.ok(rawLogs.length > 0, 'the bundled raw-log fixtures are found');
    for (const f of result.findings) {
      assert.deepEqual(f.range.start, { line: 0, character: f.span.start });
    }
    for (const f of rawLogs) assert.match(small.slice(f.span.start, f.span.end), /log/i);
  });

  test('the CLI (text and json) says it was not analyzed and why, and exits 0', LARGE, async () => {
    const { text: report, json } = await lintBoth('bundle.js', file);
    assert.equal(report.code, 0, 'an information note does not fail the run');
    assert.match(report.stdout, /^ +1:1 +info +File not analyzed: file is 5\.0 MiB \(5,2\d\d,\d\d\d bytes\), over the maxFileSize limit/m);
    assert.match(report.stdout, DEFAULT_LIMIT_NOTE);
    assert.equal(json.code, 0);
    const [note, ...rest] = jsonMessages(json);
    assert.deepEqual(rest, []);
    assert.equal(note?.ruleId, null);
    assert.equal(note?.level, 'info');
    assert.match(note?.message ?? '', DEFAULT_LIMIT_NOTE);
  });
});

describe('a 200,000-character line', () => {
  let text: string;
  let file: string;
  before(() => {
    text = longLineText();
    file = write('long-line.js', text);
  });

  test('the analyzer reports the findings on it at their columns', SMALL, () => {
    assert.ok((text.split('\n')[1] as string).length >= 200_000);
    const result = analyzeTimed('long-line.js', 'long-line.js', text);
    assert.equal(result.skipped, undefined);
    assert.deepEqual(result.syntaxErrors, []);
    assert.deepEqual(starts(result, 'raw-log'), [positionOf(text, 'tf.log(readings)')]);
    assert.deepEqual(starts(result, 'high-learning-rate'), [positionOf(text, '10), loss')]);
    assert.ok(positionOf(text, 'tf.log(readings)').character > 199_000);
    measure('long-line.js').result = `analyzed: ${result.findings.length} findings at column ~200,000`;
  });

  test('the CLI reports them at the same line:column in both formats', LARGE, async () => {
    const { text: report, json } = await lintBoth('long-line.js', file);
    assert.equal(report.code, 1);
    assert.match(report.stdout, textRow(positionOf(text, 'tf.log(readings)'), 'error', 'raw-log'));
    assert.match(report.stdout, textRow(positionOf(text, '10), loss'), '(error|warning)', 'high-learning-rate'));
    assert.equal(json.code, 1);
    assert.deepEqual(jsonStarts(json, 'raw-log'), [oneBased(positionOf(text, 'tf.log(readings)'))]);
    assert.deepEqual(jsonStarts(json, 'high-learning-rate'), [oneBased(positionOf(text, '10), loss'))]);
  });
});

describe('a binary file named .js', () => {
  let bytes: Buffer;
  let file: string;
  before(() => {
    bytes = weightsShard();
    file = write('weights.js', bytes);
  });

  test('the analyzer skips it as binary', SMALL, () => {
    const result = analyzeTimed('weights.js', 'weights.js', bytes.toString('utf8'));
    assert.equal(result.skipped, 'file looks binary (it has NUL bytes near the start); not analyzed');
    assert.deepEqual(result.findings, []);
    assert.deepEqual(result.syntaxErrors, [], 'no cascade of syntax errors from binary noise');
    measure('weights.js').result = 'skipped (binary)';
  });

  test('the CLI says it looks binary, and exits 0', LARGE, async () => {
    const { text: report, json } = await lintBoth('weights.js', file);
    assert.equal(report.code, 0);
    assert.match(report.stdout, /^ +1:1 +info +File not analyzed: file looks binary \(it has NUL bytes near the start\); not analyzed$/m);
    assert.doesNotMatch(report.stdout, /Parsing error/);
    assert.equal(json.code, 0);
    assert.deepEqual(
      jsonMessages(json).map((m) => [m.ruleId, m.level, m.message]),
      [[null, 'info', 'File not analyzed: file looks binary (it has NUL bytes near the start); not analyzed']],
    );
  });
});

describe('CRLF line endings', () => {
  const text = CRLF_LINES.join('\r\n');
  let file: string;
  before(() => {
    file = write('crlf.mjs', text);
    write('line-endings.js', LINE_ENDINGS_TEXT);
  });

  test('the analyzer places findings on the right lines and columns', SMALL, () => {
    const result = analyzeTimed('crlf.mjs', 'crlf.mjs', text);
    assert.deepEqual(result.syntaxErrors, []);
    assert.deepEqual(starts(result, 'raw-log'), [{ line: 3, character: 66 }]);
    assert.deepEqual(starts(result, 'raw-log'), [positionOf(text, 'log(softmax')]);
    assert.deepEqual(starts(result, 'high-learning-rate'), [{ line: 4, character: 37 }]);
    measure('crlf.mjs').result = `analyzed: ${result.findings.length} findings, CRLF kept by --fix`;
  });

  test('lone CR counts as a line break, U+2028 and U+2029 do not (as in editors and the LSP)', SMALL, () => {
    const result = analyzeTimed('line-endings.js', 'line-endings.js', LINE_ENDINGS_TEXT);
    assert.deepEqual(result.syntaxErrors, []);
    assert.deepEqual(starts(result, 'raw-log'), [{ line: 4, character: 10 }]);
    assert.deepEqual(starts(result, 'raw-log'), [positionOf(LINE_ENDINGS_TEXT, 'tf.log(ys)')]);
    measure('line-endings.js').result = 'analyzed: findings on editor lines';
  });

  test('the CLI reports the same positions, and --fix keeps CRLF in the line it inserts', LARGE, async () => {
    const { text: report, json } = await lintBoth('crlf.mjs', file);
    assert.equal(report.code, 1);
    assert.match(report.stdout, textRow({ line: 3, character: 66 }, 'warning', 'raw-log'));
    assert.match(report.stdout, textRow({ line: 4, character: 37 }, 'warning', 'high-learning-rate'));
    assert.deepEqual(jsonStarts(json, 'raw-log'), ['4:67']);
    assert.deepEqual(jsonStarts(json, 'high-learning-rate'), ['5:38']);
    const endings = await runCli(['--format', 'json', path.join(scratch, 'line-endings.js')]);
    assert.deepEqual(jsonStarts(endings, 'raw-log'), ['5:11']);

    const copy = path.join(scratch, 'crlf-fix.mjs');
    fs.writeFileSync(copy, text);
    const fixed = await runCli(['--fix', copy]);
    assert.equal(fixed.code, 1, 'the learning rate has no safe fix and still warns');
    const after = fs.readFileSync(copy, 'utf8');
    assert.match(after, /\r\nimport \* as tf from '@tensorflow\/tfjs';\r\n/);
    assert.match(after, /tf\.logSoftmax\(logits\)/);
    assert.doesNotMatch(after, /[^\r]\n/, 'a line ending in LF alone');
    assert.match(fixed.stdout, textRow({ line: 5, character: 37 }, 'warning', 'high-learning-rate'), 'positions of the fixed text');
  });
});

describe('a byte order mark', () => {
  let file: string;
  const withoutBom = BOM_TEXT.slice(1);
  /** Where an editor shows the log on line 1: the BOM is not a character of the line. */
  const log = positionOf(withoutBom, 'tf.log(ys)');
  before(() => {
    file = write('bom.js', BOM_TEXT);
  });

  test('the analyzer parses through it; spans index the text it was given', SMALL, () => {
    assert.deepEqual(log, { line: 0, character: 82 });
    const result = analyzeTimed('bom.js', 'bom.js', BOM_TEXT);
    assert.deepEqual(result.syntaxErrors, []);
    const [raw] = result.findings.filter((f) => f.ruleId === 'raw-log');
    assert.equal(BOM_TEXT.slice(raw?.span.start, raw?.span.end), 'tf.log(ys)');
    assert.deepEqual(starts(result, 'high-learning-rate'), [positionOf(BOM_TEXT, '10), loss')]);
    // Without the BOM (as the CLI and editors hand it over), columns on line 1 are the editor's.
    assert.deepEqual(starts(analyze({ fileName: 'bom.js', text: withoutBom }), 'raw-log'), [log]);
    measure('bom.js').result = 'analyzed: line-1 columns as editors show them, BOM kept by --fix';
  });

  test('the CLI reports line 1 at the column editors show, and --fix writes the BOM back', LARGE, async () => {
    const { text: report, json } = await lintBoth('bom.js', file);
    assert.equal(report.code, 1);
    assert.match(report.stdout, textRow(log, 'error', 'raw-log'));
    assert.deepEqual(jsonStarts(json, 'raw-log'), [oneBased(log)]);
    assert.deepEqual(jsonStarts(json, 'high-learning-rate'), ['4:41']);

    const copy = path.join(scratch, 'bom-fix.js');
    fs.writeFileSync(copy, BOM_TEXT);
    await runCli(['--fix', copy]);
    const after = fs.readFileSync(copy);
    assert.deepEqual([...after.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'the BOM is kept');
    assert.equal(after.subarray(3, 4).toString(), 'c', 'and only one');
    assert.doesNotMatch(after.toString('utf8'), /tf\.log\(ys\)/, 'the fix was applied at the right place');
  });
});

describe('invalid UTF-8', () => {
  let file: string;
  const decoded = BAD_UTF8.toString('utf8');
  before(() => {
    file = write('bad-utf8.js', BAD_UTF8);
  });

  test('the analyzer survives it: a syntax error where it is in code, findings after it in place', SMALL, () => {
    assert.equal((decoded.match(/\uFFFD/g) ?? []).length, 10, 'ten replacement characters');
    const result = analyzeTimed('bad-utf8.js', 'bad-utf8.js', decoded);
    assert.equal(result.skipped, undefined, 'invalid UTF-8 is not binary');
    // Not TypeScript's "File appears to be binary." at 1:1, after which it ignores the rest of the file.
    assert.deepEqual(
      result.syntaxErrors.map((e) => [e.range.start, e.message]),
      [[{ line: 3, character: 16 }, 'Invalid character: bytes that are not valid UTF-8 (shown as U+FFFD).']],
    );
    // Column 33 of line 3: `const label = '` (15), five replacements, `'; const p = ` (13).
    assert.deepEqual(starts(result, 'raw-log'), [{ line: 2, character: 33 }, { line: 4, character: 10 }]);
    measure('bad-utf8.js').result = 'analyzed: 1 syntax error (U+FFFD in code), findings after it in place';
  });

  test('the CLI reports the parse error and the findings at the same positions', LARGE, async () => {
    const { text: report, json } = await lintBoth('bad-utf8.js', file);
    assert.equal(report.code, 1);
    assert.match(
      report.stdout,
      /^ +4:17 +error +Parsing error: Invalid character: bytes that are not valid UTF-8 \(shown as U\+FFFD\); findings in this file come from the parts that parsed$/m,
    );
    assert.match(report.stdout, textRow({ line: 2, character: 33 }, 'error', 'raw-log'));
    assert.match(report.stdout, textRow({ line: 4, character: 10 }, 'error', 'raw-log'));
    assert.deepEqual(jsonStarts(json, null), ['4:17']);
    assert.deepEqual(jsonStarts(json, 'raw-log'), ['3:34', '5:11']);
  });

  test('--fix leaves the file alone rather than replace its invalid bytes, and says so', LARGE, async () => {
    const copy = path.join(scratch, 'bad-utf8-fix.js');
    fs.writeFileSync(copy, BAD_UTF8);
    const run = await runCli(['--fix', copy]);
    assert.equal(run.code, 1, 'the findings are still there');
    assert.match(run.stderr, /bad-utf8-fix\.js: not fixed: the file is not valid UTF-8, and writing it would replace its invalid bytes; convert it to UTF-8 first/);
    assert.deepEqual(fs.readFileSync(copy), BAD_UTF8, 'not a byte changed');
    assert.match(run.stdout, textRow({ line: 4, character: 10 }, 'error', 'raw-log'));
  });
});

describe('a 100,000-line file', () => {
  const text = generateLargeTfFile(100_000);
  /** Every log of the hand-written losses (two per classifier block), each at its own line. */
  const logs = text.split('\n').flatMap((l, i) => [...l.matchAll(/tf\.log\(/g)].map((m) => ({ line: i, character: m.index ?? 0 })));
  let cli: Promise<CliRun[]>;
  before(() => {
    const file = write('hundred-thousand-lines.js', text);
    // The same file in a project that raises the limit in its configuration.
    const project = path.join(scratch, 'raised');
    fs.mkdirSync(project);
    fs.writeFileSync(path.join(project, '.nanscoperc.json'), JSON.stringify({ maxFileSize: 4 * 1024 * 1024 }));
    const raised = write('hundred-thousand-lines.js', text, project);
    // Started now: the processes run while the analyzer's test runs in this one (two cores).
    cli = Promise.all([runCli([file]), runCli(['--format', 'json', raised])]);
    cli.catch(() => undefined);
  });

  test('is over the default maxFileSize, and skipped by default with the note', SMALL, () => {
    assert.equal(countLines(text), 100_000);
    assert.ok(text.length > DEFAULT_LIMIT);
    const result = analyze({ fileName: 'hundred-thousand-lines.js', text });
    assert.match(result.skipped ?? '', /^file is 2\.1 MiB \(2,244,\d{3} bytes\), /);
    assert.match(result.skipped ?? '', DEFAULT_LIMIT_NOTE);
  });

  test('with maxFileSize raised, the analyzer finishes and reports to the last line', LARGE, (t) => {
    const config = { ...defaultConfig(), maxFileSize: 4 * 1024 * 1024 };
    const result = analyzeTimed('hundred-thousand-lines.js', 'hundred-thousand-lines.js', text, config);
    assert.equal(result.skipped, undefined);
    assert.deepEqual(result.syntaxErrors, []);
    const rawLog = starts(result, 'raw-log');
    assert.deepEqual(rawLog, logs);
    assert.ok((rawLog.at(-1)?.line ?? 0) > 99_000, 'findings reach the end of the file');
    t.diagnostic(`${result.findings.length} findings, ${result.models.length} models, ${result.sites.length} training sites`);
    measure('hundred-thousand-lines.js').result = `skipped by default; with maxFileSize 4 MiB: ${result.findings.length} findings`;
  });

  test('the CLI skips it by default (text) and analyzes it under a raised maxFileSize (json)', LARGE, async () => {
    const m = measure('hundred-thousand-lines.js');
    const [byDefault, json] = (await cli) as [CliRun, CliRun];
    Object.assign(m, { textMs: byDefault.ms, textRssMb: byDefault.rssMb, jsonMs: json.ms, jsonRssMb: json.rssMb });
    for (const run of [byDefault, json]) assert.ok(run.rssMb < RSS_GUARD_MB, `peak RSS ${run.rssMb.toFixed(0)} MB`);
    assert.equal(byDefault.code, 0);
    assert.match(byDefault.stdout, /^ +1:1 +info +File not analyzed: file is 2\.1 MiB/m);
    assert.match(byDefault.stdout, DEFAULT_LIMIT_NOTE);

    assert.equal(json.code, 1, json.stderr);
    // Fixes whose edits are far apart are bounded in all (formatters/json.ts): without the bound,
    // this report carried 2.6 GB of unchanged text.
    assert.ok(json.stdout.length < 40 * 1024 * 1024, `${json.stdout.length} bytes of json`);
    const messages = jsonMessages(json);
    assert.ok(!messages.some((msg) => msg.ruleId === null), 'no note: the file was analyzed');
    assert.deepEqual(jsonStarts(json, 'raw-log'), logs.map(oneBased));
  });
});

describe('a file with 10,000 models', () => {
  const { text, highRateLines } = manyModels(10_000);
  let cli: ReturnType<typeof lintBoth>;
  before(() => {
    // Started now: the processes run while the analyzer's test runs in this one (two cores).
    cli = lintBoth('ten-thousand-models.js', write('ten-thousand-models.js', text));
    cli.catch(() => undefined);
  });

  test('is under the default maxFileSize, so it is analyzed as it is', () => {
    assert.ok(text.length < DEFAULT_LIMIT, `${text.length} bytes`);
    assert.equal(highRateLines.length, 1_000);
  });

  test('the analyzer finishes with every model, every training site and every high rate', LARGE, () => {
    const result = analyzeTimed('ten-thousand-models.js', 'ten-thousand-models.js', text);
    assert.equal(result.skipped, undefined);
    assert.equal(result.models.length, 10_000);
    assert.equal(result.sites.length, 10_000);
    assert.deepEqual(
      starts(result, 'high-learning-rate').map((p) => p.line),
      highRateLines,
    );
    measure('ten-thousand-models.js').result = `analyzed: 10,000 models, ${result.findings.length} findings`;
  });

  test('the CLI reports every high rate, in both formats', LARGE, async () => {
    const { text: report, json } = await cli;
    assert.equal(report.code, 1);
    const rows = report.stdout.split('\n').filter((l) => l.endsWith('  high-learning-rate'));
    assert.equal(rows.length, 1_000);
    assert.match(report.stdout, /^✖ \d[\d,]* problems/m);
    assert.deepEqual(
      jsonMessages(json).filter((m) => m.ruleId === 'high-learning-rate').map((m) => m.line - 1),
      highRateLines,
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Limits.

describe('maxFileSize on the command line', () => {
  test('--max-file-size lowers the limit for one run, and the note says so', SMALL, async () => {
    const file = write('small.js', `${TF}\nconst l = tf.log(tf.tensor1d([0, 1]));\n`);
    const run = await runCli(['--max-file-size', '64', file]);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /File not analyzed: file is 79 bytes, over the maxFileSize limit of 64 bytes; raise maxFileSize/);
    const bad = await runCli(['--max-file-size', '2MB', file]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--max-file-size needs a whole number of bytes above 0, not "2MB"/);
  });

  test('a 600 MB file named .js is skipped without being read', LARGE, async (t) => {
    // Sparse: it takes no disk space, but reading it would take 600 MB of memory (and more than
    // the longest string V8 can hold).
    const file = path.join(scratch, 'huge.js');
    const fd = fs.openSync(file, 'w');
    fs.ftruncateSync(fd, 600 * 1024 * 1024);
    fs.closeSync(fd);
    const run = await runCli([file]);
    t.diagnostic(`600 MB file: ${run.ms.toFixed(0)} ms, peak RSS ${run.rssMb.toFixed(0)} MB`);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /File not analyzed: file is 600\.0 MiB \(629,145,600 bytes\), over the maxFileSize limit/);
    assert.ok(run.rssMb < 300, `peak RSS ${run.rssMb.toFixed(0)} MB: the file was read`);
  });
});

// ---------------------------------------------------------------------------------------------
// The language server: what an editor shows for the same files.

describe('language server (real analyzer)', () => {
  let client: TestClient;
  const rssFile = (): string => path.join(scratch, 'lsp-rss.txt');
  let counter = 0;
  const uriFor = (name: string): string => pathToFileURL(path.join(scratch, 'lsp', `${++counter}-${name}`)).href;

  before(async () => {
    // The server's own peak RSS, through the same preload as the CLI's.
    const saved = { options: process.env['NODE_OPTIONS'], file: process.env['NANSCOPE_MAX_RSS_FILE'] };
    process.env['NODE_OPTIONS'] = `${saved.options ?? ''} --require ${JSON.stringify(MAX_RSS_PRELOAD)}`.trim();
    process.env['NANSCOPE_MAX_RSS_FILE'] = rssFile();
    try {
      client = await TestClient.start({ server: REAL_SERVER, settings: { probe: { budgetSeconds: 2 } } });
    } finally {
      for (const [key, value] of [['NODE_OPTIONS', saved.options], ['NANSCOPE_MAX_RSS_FILE', saved.file]] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });

  let stopped = false;
  after(async () => {
    if (!stopped) await client.stop();
  });

  /** Opens `text`, waits for its diagnostics, and records the time. */
  async function open(name: string, text: string) {
    const uri = uriFor(name);
    const start = performance.now();
    await client.open(uri, text);
    const diagnostics = await client.diagnosticsFor(uri, 1, LARGE.timeout);
    measure(name).lspMs = performance.now() - start;
    return { uri, diagnostics };
  }

  const at = (diagnostics: { code?: unknown; range: { start: Position } }[], code: string): Position[] =>
    diagnostics.filter((d) => d.code === code).map((d) => d.range.start);

  test('files too large or binary get one information diagnostic and a log line that say why', LARGE, async () => {
    for (const [name, text, why] of [
      ['bundle.js', fs.readFileSync(path.join(scratch, 'bundle.js'), 'utf8'), DEFAULT_LIMIT_NOTE],
      ['hundred-thousand-lines.js', generateLargeTfFile(100_000), DEFAULT_LIMIT_NOTE],
      ['weights.js', weightsShard().toString('utf8'), /file looks binary/],
    ] as const) {
      const { uri, diagnostics } = await open(name, text);
      assert.equal(diagnostics.length, 1, name);
      assert.equal(diagnostics[0]?.severity, DiagnosticSeverity.Information);
      assert.deepEqual(diagnostics[0]?.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
      assert.match(String(diagnostics[0]?.message), /^File not analyzed: /);
      assert.match(String(diagnostics[0]?.message), why);
      await client.waitFor(`the log line for ${name}`, () => client.logs.some((l) => l.message.includes(name) && why.test(l.message)));
      await client.close(uri);
    }
  });

  test('CRLF, lone CR and U+2028, BOM, invalid UTF-8 and a 200,000-character line: diagnostics where the editor shows the code', LARGE, async () => {
    const crlf = await open('crlf.mjs', CRLF_LINES.join('\r\n'));
    assert.deepEqual(at(crlf.diagnostics, 'raw-log'), [{ line: 3, character: 66 }]);
    assert.deepEqual(at(crlf.diagnostics, 'high-learning-rate'), [{ line: 4, character: 37 }]);

    const endings = await open('line-endings.js', LINE_ENDINGS_TEXT);
    // The client's own document model (vscode-languageserver-textdocument) agrees on the line.
    const document = client.documents.get(endings.uri);
    assert.equal(document?.offsetAt({ line: 4, character: 10 }), LINE_ENDINGS_TEXT.indexOf('tf.log(ys)'));
    assert.deepEqual(at(endings.diagnostics, 'raw-log'), [{ line: 4, character: 10 }]);

    // Editors hand over the text without its BOM.
    const bom = await open('bom.js', BOM_TEXT.slice(1));
    assert.deepEqual(at(bom.diagnostics, 'raw-log'), [positionOf(BOM_TEXT.slice(1), 'tf.log(ys)')]);

    const bad = await open('bad-utf8.js', BAD_UTF8.toString('utf8'));
    assert.deepEqual(at(bad.diagnostics, 'raw-log'), [{ line: 2, character: 33 }, { line: 4, character: 10 }]);

    const longText = longLineText();
    const long = await open('long-line.js', longText);
    assert.deepEqual(at(long.diagnostics, 'raw-log'), [positionOf(longText, 'tf.log(readings)')]);
    for (const opened of [crlf, endings, bom, bad, long]) await client.close(opened.uri);
  });

  test('10,000 models: every high rate is a diagnostic', LARGE, async () => {
    const { text, highRateLines } = manyModels(10_000);
    const { uri, diagnostics } = await open('ten-thousand-models.js', text);
    assert.deepEqual(at(diagnostics, 'high-learning-rate').map((p) => p.line), highRateLines);
    await client.close(uri);
  });

  test('the server stays within the memory guard', LARGE, async (t) => {
    await client.stop();
    stopped = true;
    const kib = (JSON.parse(fs.readFileSync(rssFile(), 'utf8')) as { maxRssKiB: number }).maxRssKiB;
    t.diagnostic(`language server peak RSS over all the cases: ${(kib / 1024).toFixed(0)} MB`);
    assert.ok(kib / 1024 < RSS_GUARD_MB, `${(kib / 1024).toFixed(0)} MB`);
  });
});

describe('language server, workspace scope: the same files read from disk', () => {
  let client: TestClient;
  let folder: string;
  const uriOf = (name: string): string => pathToFileURL(path.join(folder, name)).href;

  before(async () => {
    folder = path.join(scratch, 'workspace');
    fs.mkdirSync(folder);
    for (const name of ['bom.js', 'bad-utf8.js', 'weights.js', 'bundle.js']) fs.copyFileSync(path.join(scratch, name), path.join(folder, name));
    client = await TestClient.start({ server: REAL_SERVER, settings: { scope: 'workspace' }, workspaceFolders: [{ uri: pathToFileURL(folder).href, name: 'ws' }] });
  });

  after(async () => {
    await client.stop();
  });

  test('a BOM on disk does not shift line 1, invalid UTF-8 keeps its positions, binary and large files are skipped', LARGE, async () => {
    const codes = (d: { code?: unknown; range: { start: Position } }[], code: string): Position[] => d.filter((x) => x.code === code).map((x) => x.range.start);
    const bom = await client.diagnosticsFor(uriOf('bom.js'), undefined, LARGE.timeout);
    assert.deepEqual(codes(bom, 'raw-log'), [positionOf(BOM_TEXT.slice(1), 'tf.log(ys)')]);
    const bad = await client.diagnosticsFor(uriOf('bad-utf8.js'), undefined, LARGE.timeout);
    assert.deepEqual(codes(bad, 'raw-log'), [{ line: 2, character: 33 }, { line: 4, character: 10 }]);
    for (const [name, why] of [['weights.js', /file looks binary/], ['bundle.js', DEFAULT_LIMIT_NOTE]] as const) {
      const [note, ...rest] = await client.diagnosticsFor(uriOf(name), undefined, LARGE.timeout);
      assert.deepEqual(rest, [], name);
      assert.match(String(note?.message), why);
      await client.waitFor(`the log line for ${name}`, () => client.logs.some((l) => l.message.includes(name) && why.test(l.message)));
    }
  });
});

test('summary: time and peak RSS per case; every CLI run reported its peak RSS', (t) => {
  const f = (n: number | undefined, digits = 0): string => (n === undefined ? '-' : n.toFixed(digits));
  t.diagnostic('case | bytes | lines | analyzer ms | CLI text ms / MB | CLI json ms / MB | LSP open→diagnostics ms | result');
  for (const [name, m] of measures) {
    if (m.apiMs === undefined && m.textMs === undefined) continue;
    t.diagnostic(
      `${name} | ${m.bytes} | ${m.lines} | ${f(m.apiMs)} | ${f(m.textMs)} / ${f(m.textRssMb)} | ${f(m.jsonMs)} / ${f(m.jsonRssMb)} | ${f(m.lspMs)} | ${m.result ?? ''}`,
    );
  }
  for (const [name, m] of measures) {
    for (const rss of [m.textRssMb, m.jsonRssMb]) if (rss !== undefined) assert.ok(Number.isFinite(rss), `${name}: no peak RSS`);
  }
});
