// The `nanscope` command, two ways: the real binary spawned on temporary folders (exit codes,
// file discovery, configuration errors, usage errors, output shapes), and `runCli` in process
// with a fake analyzer whose findings the test controls (severities, --fix rounds, module
// dispatch), because the real rules decide their own findings.

import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { analyze, ruleIds, type Finding, type Fix, type Severity } from '../src/analysis';
import type { AnalyzeInput, AnalyzeOutput } from '../src/analysis/analyze';
import type { Rule } from '../src/rules/rule';
import { runCli, type CliEnvironment, type OptionalModule } from '../src/cli/main';
import { MAX_FIX_ROUNDS } from '../src/cli/lint';
import { useTempProjects } from './helpers/temp-project';

const REPO = path.resolve(__dirname, '../../..');
const BIN = path.join(REPO, 'bin/nanscope.js');
const FIXTURES = path.join(REPO, 'test-fixtures/cli');
const PACKAGE_VERSION = (JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string }).version;

const project = useTempProjects('cli');

interface Spawned {
  code: number | null;
  stdout: string;
  stderr: string;
}

function nanscope(cwd: string, ...args: string[]): Spawned {
  const env = { ...process.env };
  delete env['NO_COLOR'];
  const child = spawnSync(process.execPath, [BIN, ...args], { cwd, env, encoding: 'utf8' });
  return { code: child.status, stdout: child.stdout, stderr: child.stderr };
}

interface JsonResultShape {
  filePath: string;
  messages: { ruleId: string | null; severity: number; message: string; line: number; column: number; endLine: number; endColumn: number; level?: string; fatal?: boolean }[];
  errorCount: number;
  warningCount: number;
  fixableErrorCount: number;
  fixableWarningCount: number;
}

function lintedPaths(cwd: string, ...args: string[]): string[] {
  const run = nanscope(cwd, '--format', 'json', ...args);
  assert.ok(run.code === 0 || run.code === 1, `exit ${run.code}: ${run.stderr}`);
  return (JSON.parse(run.stdout) as JsonResultShape[]).map((r) => path.relative(cwd, r.filePath).split(path.sep).join('/')).sort();
}

const BROKEN = 'const = ;\n';

describe('nanscope (spawned)', () => {
  test('exits 0 and prints nothing when there is nothing to report', () => {
    const dir = project({ 'src/a.ts': 'export const a = 1;\n', 'src/b.js': 'module.exports = 2;\n' });
    const run = nanscope(dir);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, '');
    assert.equal(run.stderr, '');
  });

  test('a file that does not parse is an error with its position, exit 1', () => {
    const dir = project({ 'src/ok.ts': 'export {};\n', 'src/broken.js': `// first line\n${BROKEN}` });
    const run = nanscope(dir, 'src');
    assert.equal(run.code, 1);
    assert.match(run.stdout, new RegExp(`${escapeRegExp(path.join(dir, 'src/broken.js'))}\\n\\s+2:7\\s+error\\s+Parsing error: .*parts that parsed`));
    assert.match(run.stdout, /✖ 1 problem \(1 error, 0 warnings\)/);
    assert.doesNotMatch(run.stdout, /\u001b\[/, 'no colors when stdout is not a terminal');
  });

  test('folders skip node_modules, build output, .git and what .gitignore files ignore', () => {
    const dir = project({
      'src/a.ts': '',
      'src/b.mjs': '',
      'src/c.cjs': '',
      'src/d.jsx': '',
      'src/e.mts': '',
      'src/f.cts': '',
      'src/g.tsx': '',
      'src/types.d.ts': '',
      'src/readme.md': '',
      'src/data.json': '{}',
      'node_modules/pkg/index.js': '',
      'src/node_modules/pkg/index.js': '',
      'dist/a.js': '',
      'out/a.js': '',
      'build/a.js': '',
      'coverage/a.js': '',
      '.git/hooks/a.js': '',
      '.gitignore': 'generated/\n*.tmp.ts\n',
      'generated/a.ts': '',
      'src/x.tmp.ts': '',
      'src/nested/.gitignore': 'local-*.ts\n!local-keep.ts\n',
      'src/nested/local-one.ts': '',
      'src/nested/local-keep.ts': '',
      'src/nested/kept.ts': '',
      'other/nested/local-one.ts': '',
    });
    assert.deepEqual(lintedPaths(dir), [
      'other/nested/local-one.ts',
      'src/a.ts',
      'src/b.mjs',
      'src/c.cjs',
      'src/d.jsx',
      'src/e.mts',
      'src/f.cts',
      'src/g.tsx',
      'src/nested/kept.ts',
      'src/nested/local-keep.ts',
    ]);
  });

  test('a .gitignore above the folder being linted applies (repository root)', () => {
    const dir = project({ '.git/HEAD': '', '.gitignore': 'src/gen/\n', 'src/gen/a.ts': '', 'src/b.ts': '' });
    assert.deepEqual(lintedPaths(path.join(dir, 'src'), '.'), ['b.ts']);
  });

  test('explicit files are linted even when ignored or outside the usual extensions', () => {
    const dir = project({ '.gitignore': 'ignored.ts\n', 'ignored.ts': BROKEN, 'node_modules/x/i.js': BROKEN, 'script.es6': '' });
    assert.deepEqual(lintedPaths(dir, 'ignored.ts', 'node_modules/x/i.js', 'script.es6'), ['ignored.ts', 'node_modules/x/i.js', 'script.es6']);
    const run = nanscope(dir, 'ignored.ts');
    assert.equal(run.code, 1);
    assert.match(run.stdout, /Parsing error/);
  });

  test('globs are expanded by nanscope when the shell does not, with the same ignores', () => {
    const dir = project({ 'src/a.ts': '', 'src/deep/b.ts': '', 'src/c.js': '', 'src/dist/d.ts': '', '[id].tsx': '' });
    assert.deepEqual(lintedPaths(dir, 'src/**/*.ts'), ['src/a.ts', 'src/deep/b.ts']);
    assert.deepEqual(lintedPaths(dir, 'src/*.{ts,js}'), ['src/a.ts', 'src/c.js']);
    // An existing name with glob characters is a file, not a pattern.
    assert.deepEqual(lintedPaths(dir, '[id].tsx'), ['[id].tsx']);
  });

  test('each file is linted once even when patterns overlap', () => {
    const dir = project({ 'src/a.ts': '' });
    assert.deepEqual(lintedPaths(dir, 'src', 'src/a.ts', '.', 'src/**/*.ts'), ['src/a.ts']);
  });

  test('a pattern that matches nothing is a usage error', () => {
    const dir = project({ 'src/a.ts': '', 'empty/.keep': '', 'node_modules/a.js': '' });
    for (const pattern of ['missing.ts', 'missing-folder', 'src/**/*.py', 'empty']) {
      const run = nanscope(dir, pattern);
      assert.equal(run.code, 2, pattern);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, new RegExp(`No files matching "${escapeRegExp(pattern)}"`));
    }
  });

  test('usage errors exit 2 with a message and no report', () => {
    const dir = project({ 'a.ts': '' });
    const cases: [string[], RegExp][] = [
      [['--formt', 'json'], /unknown option --formt \(did you mean --format\?\)/],
      [['--format', 'xml'], /unknown format "xml"/],
      [['--format'], /--format needs a value/],
      [['--max-warnings', 'many'], /--max-warnings needs a whole number/],
      [['--max-warnings', '-1'], /--max-warnings needs a whole number/],
      [['--rule', 'no-such-rule'], /--rule: unknown rule "no-such-rule"/],
      [['--disable', 'no-such-rule'], /--disable: unknown rule "no-such-rule"/],
      [['--fix=yes'], /--fix takes no value/],
    ];
    for (const [args, message] of cases) {
      const run = nanscope(dir, ...args);
      assert.equal(run.code, 2, args.join(' '));
      assert.equal(run.stdout, '', args.join(' '));
      assert.match(run.stderr, message);
      assert.match(run.stderr, /nanscope --help/);
    }
  });

  test('--help and --version', () => {
    const dir = project({});
    const help = nanscope(dir, '--help');
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Usage:/);
    for (const option of ['--format', '--fix', '--rule', '--disable', '--max-warnings', '--quiet', '--probe', '--stdio']) {
      assert.ok(help.stdout.includes(option), option);
    }
    for (const id of ruleIds) assert.ok(help.stdout.includes(id), `help lists ${id}`);
    const version = nanscope(dir, '--version');
    assert.equal(version.code, 0);
    assert.equal(version.stdout, `${PACKAGE_VERSION}\n`);
  });

  test('a malformed .nanscoperc.json is reported with its file and position, exit 2', () => {
    const dir = project({ '.nanscoperc.json': '{\n  "thresholds": {\n    "unscaledInputLimit": 20,\n  }\n}\n', 'src/a.ts': '' });
    const run = nanscope(dir);
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /invalid configuration/);
    assert.match(run.stderr, /\.nanscoperc\.json:3:29: invalid JSON: trailing comma/);
  });

  test('unknown options in a configuration are errors naming the option and its line', () => {
    const dir = project({
      'package.json': JSON.stringify({ name: 'x', nanscope: { thresholds: { unscaledInputLimt: 3 } } }, null, 2),
      'src/a.ts': '',
    });
    const run = nanscope(dir);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /package\.json:5:7: nanscope\.thresholds\.unscaledInputLimt: unknown threshold "unscaledInputLimt"/);
  });

  test('the nearest configuration wins: a valid nested one shields its folder from a broken parent', () => {
    const dir = project({ '.nanscoperc.json': '{ broken', 'pkg/.nanscoperc.json': '{ "maxFileSize": 100000 }', 'pkg/a.ts': '', 'b.ts': '' });
    assert.equal(nanscope(dir, 'pkg').code, 0);
    assert.equal(nanscope(dir, 'b.ts').code, 2);
  });

  test('--format json has ESLint\'s shape with 1-based positions', () => {
    const dir = project({ 'broken.ts': `\n  ${BROKEN}`, 'fine.ts': '' });
    const run = nanscope(dir, '--format', 'json');
    assert.equal(run.code, 1);
    const results = JSON.parse(run.stdout) as JsonResultShape[];
    assert.equal(results.length, 2);
    const broken = results.find((r) => r.filePath === path.join(dir, 'broken.ts'));
    assert.ok(broken);
    assert.equal(broken.errorCount, 1);
    assert.equal(broken.warningCount, 0);
    const [message] = broken.messages;
    assert.ok(message);
    assert.equal(message.ruleId, null);
    assert.equal(message.severity, 2);
    assert.equal(message.fatal, true);
    assert.deepEqual([message.line, message.column], [2, 9]);
    const fine = results.find((r) => r.filePath === path.join(dir, 'fine.ts'));
    assert.deepEqual(fine?.messages, []);
  });

  test('--format sarif is SARIF 2.1.0 with every rule described', () => {
    const dir = project({ 'src/broken.ts': BROKEN });
    const run = nanscope(dir, '--format', 'sarif');
    assert.equal(run.code, 1);
    const log = JSON.parse(run.stdout) as unknown;
    assertValidSarif(log);
    const sarif = log as { runs: { tool: { driver: { rules: { id: string }[] } }; invocations: { toolExecutionNotifications: { message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] }[] };
    const runEntry = sarif.runs[0];
    assert.ok(runEntry);
    assert.deepEqual(runEntry.tool.driver.rules.map((r) => r.id), [...ruleIds]);
    const note = runEntry.invocations[0]?.toolExecutionNotifications[0];
    assert.match(note?.message.text ?? '', /Parsing error/);
    assert.equal(note?.locations[0]?.physicalLocation.artifactLocation.uri, 'src/broken.ts');
  });
});

// The real optional modules through the binary, when this build has them.
describe('nanscope dispatch (spawned)', () => {
  const built = (relative: string) => fs.existsSync(path.join(REPO, 'out/server/src', `${relative}.js`));

  test('`nanscope probe --help` reaches the probe', { skip: !built('probe/cli') && 'the probe is not in this build' }, () => {
    const run = nanscope(REPO, 'probe', '--help');
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /nanscope probe/);
  });

  test('`nanscope --stdio` answers initialize on stdout and exits on exit', { skip: !built('lsp/stdio') && 'the language server is not in this build', timeout: 60_000 }, async (t) => {
    const child = spawn(process.execPath, [BIN, '--stdio'], { cwd: REPO, stdio: ['pipe', 'pipe', 'pipe'] });
    // A deadline, not a timing assertion: a server that never answers must not hang the suite.
    t.after(() => child.kill());
    const send = (message: object) => {
      const body = JSON.stringify({ jsonrpc: '2.0', ...message });
      child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    };
    let stdout = '';
    const answered = new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString('utf8');
        if (stdout.includes('"id":1') && stdout.includes('"capabilities"')) resolve();
      });
      child.on('exit', (code) => reject(new Error(`server exited (${code}) before answering: ${stdout}`)));
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    send({ id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
    await answered;
    assert.match(stdout, /^Content-Length: \d+\r\n\r\n\{/, 'nothing but the protocol on stdout');
    send({ id: 2, method: 'shutdown' });
    send({ method: 'exit' });
    assert.equal(await exited, 0);
  });
});

// End-to-end over real rules. These wait (as `todo`) until the rule they exercise is registered,
// then they must pass.
describe('nanscope with the real rules', () => {
  const waitFor = (id: string) => (ruleIds.includes(id) ? false : `waits for the ${id} rule`);

  test('flags the hand-written log loss, exit 1, and --fix makes it clean and stays put', { todo: waitFor('raw-log') }, () => {
    const dir = project({ 'log-of-zero.js': fs.readFileSync(path.join(FIXTURES, 'flagged/log-of-zero.js'), 'utf8') });
    const before = nanscope(dir, '--format', 'json');
    assert.equal(before.code, 1, before.stderr);
    const [result] = JSON.parse(before.stdout) as JsonResultShape[];
    const rawLog = result?.messages.filter((m) => m.ruleId === 'raw-log') ?? [];
    assert.ok(rawLog.length > 0, 'raw-log reported');
    assert.ok(rawLog.every((m) => m.severity === 2), 'a proven log(0) is an error');
    assert.ok((result?.fixableErrorCount ?? 0) > 0, 'with a safe fix');

    const original = fs.readFileSync(path.join(dir, 'log-of-zero.js'), 'utf8');
    const fixed = nanscope(dir, '--fix', '--format', 'json');
    assert.notEqual(fixed.code, 2, fixed.stderr);
    const afterText = fs.readFileSync(path.join(dir, 'log-of-zero.js'), 'utf8');
    assert.notEqual(afterText, original, '--fix wrote the file');
    const [afterResult] = JSON.parse(fixed.stdout) as JsonResultShape[];
    assert.deepEqual(afterResult?.messages.filter((m) => m.ruleId === 'raw-log'), []);

    const again = nanscope(dir, '--fix');
    assert.notEqual(again.code, 2, again.stderr);
    assert.equal(fs.readFileSync(path.join(dir, 'log-of-zero.js'), 'utf8'), afterText, 'a second --fix changes nothing');
  });

  test('the clean fixtures exit 0', { todo: ruleIds.length === 0 ? 'waits for rules' : false }, () => {
    const run = nanscope(path.join(FIXTURES, 'clean'));
    assert.equal(run.code, 0, run.stdout + run.stderr);
  });

  test('text output reads like ESLint stylish on a real finding', { todo: waitFor('raw-log') }, () => {
    const run = nanscope(FIXTURES, 'flagged/log-of-zero.js');
    assert.equal(run.code, 1);
    assert.match(run.stdout, new RegExp(`^\\n${escapeRegExp(path.join(FIXTURES, 'flagged/log-of-zero.js'))}\\n(\\s+\\d+:\\d+\\s+(error|warning|info)\\s+.+\\n)+\\n✖ \\d+ problems? \\(\\d+ errors?, \\d+ warnings?`));
    assert.match(run.stdout, /\s+raw-log\n/);
  });

  test('--rule and --disable select rules', { todo: waitFor('raw-log') }, () => {
    const file = path.join(FIXTURES, 'flagged/log-of-zero.js');
    assert.equal(nanscope(FIXTURES, '--disable', 'raw-log', '--format', 'json', file).stdout.includes('"raw-log"'), false);
    const only = JSON.parse(nanscope(FIXTURES, '--rule', 'raw-log', '--format', 'json', file).stdout) as JsonResultShape[];
    assert.ok(only[0]?.messages.length);
    assert.ok(only[0]?.messages.every((m) => m.ruleId === 'raw-log' || m.ruleId === null));
  });

  test('SARIF results index their rules', { todo: waitFor('raw-log') }, () => {
    const run = nanscope(FIXTURES, '--format', 'sarif', 'flagged/log-of-zero.js');
    const log = JSON.parse(run.stdout) as unknown;
    assertValidSarif(log);
    const results = (log as { runs: { results: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] }).runs[0]?.results ?? [];
    const rawLog = results.filter((r) => r.ruleId === 'raw-log');
    assert.ok(rawLog.length > 0);
    assert.equal(rawLog[0]?.locations[0]?.physicalLocation.artifactLocation.uri, 'flagged/log-of-zero.js');
  });
});

// ---------------------------------------------------------------------------------------------
// In process, with a fake analyzer.

/**
 * Fake rules keyed to markers in the text, on top of the real analyzer (for syntax errors):
 *   ERROR / WARN / INFO   a finding of that severity (rules fake-error, fake-warn, fake-info)
 *   xxx...                fake-shrink: each run of 2+ x has a safe fix removing one x (one round each)
 *   UNSAFE                fake-unsafe: a warning whose only fix is unsafe (rename to SAFE)
 *   BREAK                 fake-break: a "safe" fix that produces a syntax error
 *   CRASH                 fake-crash: an internal error, as a failing rule reports it
 */
const FAKE_RULE_IDS = ['fake-error', 'fake-warn', 'fake-info', 'fake-shrink', 'fake-unsafe', 'fake-break'] as const;

const fakeRules: Rule[] = FAKE_RULE_IDS.map((id) => ({
  meta: {
    id,
    messages: { found: `${id} found` },
    fixable: true,
    docs: { summary: `${id} summary`, whatItDoes: `${id} does`, whyIsThisBad: 'because', example: '', useInstead: '', fixSafety: '', probe: '' },
  },
  check: () => undefined,
}));

const analyzeCalls: AnalyzeInput[] = [];

function fakeAnalyze(input: AnalyzeInput): AnalyzeOutput {
  analyzeCalls.push(input);
  const real = analyze({ fileName: input.fileName, text: input.text });
  const findings: Finding[] = [];
  const add = (ruleId: string, severity: Severity, start: number, end: number, fixes: Fix[] = []) => {
    if (input.only && !input.only.includes(ruleId)) return;
    const level = input.config?.rules[ruleId];
    if (level === 'off') return;
    findings.push({
      ruleId,
      messageId: 'found',
      severity: level ?? severity,
      message: `${ruleId} found`,
      span: { start, end },
      range: { start: position(input.text, start), end: position(input.text, end) },
      data: {},
      related: [],
      fixes,
    });
  };
  for (const m of input.text.matchAll(/ERROR|WARN|INFO|UNSAFE|BREAK|xx+/g)) {
    const start = m.index ?? 0;
    const end = start + m[0].length;
    if (m[0] === 'ERROR') add('fake-error', 'error', start, end);
    else if (m[0] === 'WARN') add('fake-warn', 'warning', start, end);
    else if (m[0] === 'INFO') add('fake-info', 'info', start, end);
    else if (m[0] === 'UNSAFE') add('fake-unsafe', 'warning', start, end, [{ title: 'rename', safety: 'unsafe', remedy: 'other', edits: [{ span: { start, end }, newText: 'SAFE' }] }]);
    else if (m[0] === 'BREAK') add('fake-break', 'warning', start, end, [{ title: 'break it', safety: 'safe', remedy: 'other', edits: [{ span: { start, end }, newText: 'const = ;' }] }]);
    else add('fake-shrink', 'warning', start, end, [{ title: 'remove one x', safety: 'safe', remedy: 'other', edits: [{ span: { start, end: start + 1 }, newText: '' }] }]);
  }
  const internalErrors = input.text.includes('CRASH') ? [{ where: 'rule fake-crash', message: 'boom' }] : [];
  return { ...real, findings, internalErrors: [...real.internalErrors, ...internalErrors] };
}

function position(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: (before[before.length - 1] ?? '').length };
}

interface InProcessRun {
  code: number;
  stdout: string;
  stderr: string;
  writes: Map<string, string>;
}

async function runInProcess(cwd: string, argv: string[], overrides: Partial<CliEnvironment> = {}): Promise<InProcessRun> {
  let stdout = '';
  let stderr = '';
  const writes = new Map<string, string>();
  const code = await runCli(argv, {
    cwd,
    color: false,
    analyze: fakeAnalyze,
    rules: fakeRules,
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    writeFile: (file, text) => {
      writes.set(file, text);
      fs.writeFileSync(file, text);
    },
    loadModule: () => undefined,
    ...overrides,
  });
  return { code, stdout, stderr, writes };
}

describe('runCli exit codes', () => {
  const cases: [string, string[], number][] = [
    ['nothing found', [], 0],
    ['an information finding never fails a run', ['--format', 'json'], 0],
    ['a warning', [], 1],
    ['an error', [], 1],
  ];
  const texts = ['const a = 1;\n', 'INFO\n', 'WARN\n', 'ERROR\n'];
  cases.forEach(([name, args, expected], i) => {
    test(name, async () => {
      const dir = project({ 'a.ts': texts[i] ?? '' });
      const run = await runInProcess(dir, args);
      assert.equal(run.code, expected, run.stdout + run.stderr);
    });
  });

  test('--max-warnings tolerates up to n warnings, never errors', async () => {
    const dir = project({ 'a.ts': 'WARN; WARN;\n', 'b.ts': 'INFO; INFO; INFO;\n' });
    assert.equal((await runInProcess(dir, ['--max-warnings', '2'])).code, 0);
    const over = await runInProcess(dir, ['--max-warnings', '1']);
    assert.equal(over.code, 1);
    assert.match(over.stderr, /too many warnings \(2; maximum: 1\)/);
    const errors = project({ 'a.ts': 'ERROR\n' });
    assert.equal((await runInProcess(errors, ['--max-warnings', '100'])).code, 1);
  });

  test('--quiet reports errors only, and warnings alone then pass', async () => {
    const dir = project({ 'a.ts': 'WARN; INFO;\n' });
    const quiet = await runInProcess(dir, ['--quiet']);
    assert.equal(quiet.code, 0);
    assert.equal(quiet.stdout, '');
    const withError = project({ 'a.ts': 'WARN; ERROR;\n' });
    const run = await runInProcess(withError, ['--quiet', '--format', 'json']);
    assert.equal(run.code, 1);
    const [result] = JSON.parse(run.stdout) as JsonResultShape[];
    assert.deepEqual(result?.messages.map((m) => m.ruleId), ['fake-error']);
  });

  test('an internal error exits 2 but still reports what was found', async () => {
    const dir = project({ 'a.ts': 'WARN // CRASH\n' });
    const run = await runInProcess(dir, []);
    assert.equal(run.code, 2);
    assert.match(run.stdout, /fake-warn/);
    assert.match(run.stderr, /a\.ts: internal error in rule fake-crash: boom/);
  });

  test('an analyzer that throws is an internal error, never an exception', async () => {
    const dir = project({ 'a.ts': '' });
    const run = await runInProcess(dir, [], {
      analyze: () => {
        throw new Error('analyzer exploded');
      },
    });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /internal error: Error: analyzer exploded/);
  });

  test('--rule and --disable reach the analysis (and --rule overrides "off" in a configuration)', async () => {
    const dir = project({ 'a.ts': 'ERROR; WARN; INFO;\n', '.nanscoperc.json': '{ "rules": { "fake-warn": "off", "fake-info": "error" } }' });
    analyzeCalls.length = 0;
    const only = await runInProcess(dir, ['--rule', 'fake-warn', '--format', 'json']);
    assert.deepEqual(analyzeCalls[0]?.only, ['fake-warn']);
    assert.deepEqual((JSON.parse(only.stdout) as JsonResultShape[])[0]?.messages.map((m) => m.ruleId), ['fake-warn']);

    const disabled = await runInProcess(dir, ['--disable', 'fake-error,fake-info', '--format', 'json']);
    assert.equal(disabled.code, 0);
    assert.deepEqual((JSON.parse(disabled.stdout) as JsonResultShape[])[0]?.messages, []);

    // The configuration's severity override applies: INFO became an error.
    const configured = await runInProcess(dir, ['--format', 'json']);
    const messages = (JSON.parse(configured.stdout) as JsonResultShape[])[0]?.messages ?? [];
    assert.deepEqual(messages.map((m) => [m.ruleId, m.severity]), [['fake-error', 2], ['fake-info', 2]]);
  });

  test('a rule given to both --rule and --disable is a usage error', async () => {
    const run = await runInProcess(project({ 'a.ts': '' }), ['--rule', 'fake-warn', '--disable', 'fake-warn']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /both --rule and --disable/);
  });

  test('an unknown rule id gets a suggestion', async () => {
    const run = await runInProcess(project({ 'a.ts': '' }), ['--rule', 'fake-wrn']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /unknown rule "fake-wrn" \(did you mean fake-warn\?\)/);
  });

  test('an unknown rule in a configuration is reported with its position', async () => {
    const dir = project({ 'a.ts': '', '.nanscoperc.json': '{\n  "rules": {\n    "fake-wrn": "off"\n  }\n}\n' });
    const run = await runInProcess(dir, []);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^nanscope: invalid configuration:\n {2}\.nanscoperc\.json:3:5: rules\.fake-wrn: unknown rule "fake-wrn"\n$/);
  });
});

describe('runCli --fix', () => {
  test('repeats fix rounds until nothing changes and writes the file once', async () => {
    const dir = project({ 'a.ts': 'const v = "xxxx";\n', 'b.ts': 'const w = "x";\n' });
    const run = await runInProcess(dir, ['--fix', '--format', 'json']);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.deepEqual([...run.writes.keys()], [path.join(dir, 'a.ts')], 'only the changed file is written');
    assert.equal(fs.readFileSync(path.join(dir, 'a.ts'), 'utf8'), 'const v = "x";\n');
    const results = JSON.parse(run.stdout) as (JsonResultShape & { output?: string; source?: string })[];
    assert.equal(results[0]?.output, 'const v = "x";\n');
    assert.equal(results[0]?.messages.length, 0);
  });

  test(`stops after ${MAX_FIX_ROUNDS} rounds and reports what is left`, async () => {
    const x = 'x'.repeat(MAX_FIX_ROUNDS + 5);
    const dir = project({ 'a.ts': `const v = "${x}";\n` });
    const run = await runInProcess(dir, ['--fix', '--format', 'json']);
    assert.equal(run.code, 1);
    assert.equal(fs.readFileSync(path.join(dir, 'a.ts'), 'utf8'), `const v = "${'x'.repeat(5)}";\n`);
    assert.deepEqual((JSON.parse(run.stdout) as JsonResultShape[])[0]?.messages.map((m) => m.ruleId), ['fake-shrink']);
  });

  test('never applies unsafe fixes', async () => {
    const dir = project({ 'a.ts': 'const UNSAFE = 1;\n' });
    const run = await runInProcess(dir, ['--fix']);
    assert.equal(run.code, 1);
    assert.equal(run.writes.size, 0);
    assert.equal(fs.readFileSync(path.join(dir, 'a.ts'), 'utf8'), 'const UNSAFE = 1;\n');
  });

  test('a fix that would break the syntax is not applied and is an internal error', async () => {
    const dir = project({ 'a.ts': 'const v = "xx"; BREAK;\n' });
    const run = await runInProcess(dir, ['--fix']);
    assert.equal(run.code, 2);
    assert.equal(run.writes.size, 0, 'the round with the broken fix is dropped as a whole');
    assert.match(run.stderr, /a fix from fake-shrink, fake-break would introduce a syntax error/);
  });

  test('without --fix nothing is written', async () => {
    const dir = project({ 'a.ts': 'const v = "xxx";\n' });
    const run = await runInProcess(dir, []);
    assert.equal(run.code, 1);
    assert.equal(run.writes.size, 0);
    assert.match(run.stdout, /1 error and 0 warnings|0 errors and 1 warning potentially fixable/);
  });
});

describe('runCli dispatch to optional modules', () => {
  const modules = (table: Partial<Record<OptionalModule, unknown>>) => ({ loadModule: (name: OptionalModule) => table[name] });

  test('--stdio starts the language server, whatever else is on the line', async () => {
    let started = 0;
    const run = await runInProcess(project({}), ['--stdio', '--clientProcessId=42'], modules({ 'lsp/stdio': { main: () => void started++ } }));
    assert.equal(run.code, 0);
    assert.equal(started, 1);
    assert.equal(run.stdout, '', 'stdout belongs to the protocol');
  });

  test('--stdio without a language server in the build says so on stderr only', async () => {
    const run = await runInProcess(project({}), ['--stdio']);
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /language server is not available in this build/);
  });

  test('`probe` passes the remaining arguments and returns the probe\'s exit code', async () => {
    const seen: string[][] = [];
    const probe = { main: async (argv: string[]) => (seen.push(argv), 1) };
    const run = await runInProcess(project({}), ['probe', 'train.ts', '--budget', '5'], modules({ 'probe/cli': probe }));
    assert.equal(run.code, 1);
    assert.deepEqual(seen, [['train.ts', '--budget', '5']]);
    const missing = await runInProcess(project({}), ['probe', 'train.ts']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /the probe is not available in this build/);
  });

  test('--probe lints, then probes the linted files; the worse exit code wins', async () => {
    const dir = project({ 'a.ts': 'const a = 1;\n', 'b.ts': 'INFO\n' });
    const calls: [string[], string][] = [];
    const probe = { main: async () => 0, probeFiles: async (files: string[], format: string) => (calls.push([files, format]), 1) };
    const run = await runInProcess(dir, ['--probe', '--format', 'json'], modules({ 'probe/cli': probe }));
    assert.equal(run.code, 1);
    assert.deepEqual(calls, [[[path.join(dir, 'a.ts'), path.join(dir, 'b.ts')], 'json']]);
    assert.ok(run.stdout.startsWith('['), 'the lint report comes first');
  });

  test('--probe without the probe fails before linting', async () => {
    const run = await runInProcess(project({ 'a.ts': 'ERROR\n' }), ['--probe'], modules({ 'probe/cli': { main: async () => 0 } }));
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /the probe is not available in this build/);
  });

  test('a probe that returns nonsense is an error, not a pass', async () => {
    const probe = { main: async () => 'ok' };
    assert.equal((await runInProcess(project({}), ['probe'], modules({ 'probe/cli': probe }))).code, 2);
  });
});

// ---------------------------------------------------------------------------------------------

/** The properties the SARIF 2.1.0 schema requires, plus the ones code scanning relies on. */
function assertValidSarif(value: unknown): void {
  const log = value as Record<string, unknown>;
  assert.equal(log['version'], '2.1.0');
  assert.match(String(log['$schema']), /sarif-2\.1\.0/);
  const runs = log['runs'] as Record<string, unknown>[];
  assert.ok(Array.isArray(runs) && runs.length === 1);
  for (const run of runs) {
    const driver = (run['tool'] as { driver: Record<string, unknown> }).driver;
    assert.equal(driver['name'], 'nanscope');
    assert.equal(driver['version'], PACKAGE_VERSION);
    assert.match(String(driver['informationUri']), /^https:\/\//);
    const rules = driver['rules'] as Record<string, unknown>[];
    assert.ok(Array.isArray(rules));
    for (const rule of rules) {
      assert.equal(typeof rule['id'], 'string');
      assert.equal(typeof (rule['shortDescription'] as { text: unknown }).text, 'string');
      assert.equal(typeof (rule['fullDescription'] as { text: unknown }).text, 'string');
      assert.match(String(rule['helpUri']), /^https:\/\/.+\.md$/);
      assert.ok(['none', 'note', 'warning', 'error'].includes((rule['defaultConfiguration'] as { level: string }).level));
    }
    const results = run['results'] as Record<string, unknown>[];
    assert.ok(Array.isArray(results));
    for (const result of results) {
      assert.equal(typeof (result['message'] as { text: unknown }).text, 'string');
      assert.ok(['none', 'note', 'warning', 'error'].includes(String(result['level'])));
      const index = result['ruleIndex'] as number;
      assert.equal(rules[index]?.['id'], result['ruleId'], 'ruleIndex points at the rule');
      for (const location of result['locations'] as { physicalLocation: { artifactLocation: { uri: string }; region: Record<string, number> } }[]) {
        assertRegion(location.physicalLocation.region);
        assert.ok(!location.physicalLocation.artifactLocation.uri.startsWith('/'), 'uri relative to the working folder');
      }
      for (const fix of (result['fixes'] ?? []) as { description: { text: string }; artifactChanges: { artifactLocation: { uri: string }; replacements: { deletedRegion: Record<string, number>; insertedContent?: { text: string } }[] }[] }[]) {
        assert.ok(fix.artifactChanges.length >= 1);
        for (const change of fix.artifactChanges) {
          assert.equal(typeof change.artifactLocation.uri, 'string');
          assert.ok(change.replacements.length >= 1);
          for (const r of change.replacements) assertRegion(r.deletedRegion);
        }
      }
    }
    const invocations = run['invocations'] as { executionSuccessful: unknown }[];
    for (const invocation of invocations) assert.equal(typeof invocation.executionSuccessful, 'boolean');
  }
}

function assertRegion(region: Record<string, number>): void {
  for (const key of ['startLine', 'startColumn', 'endLine', 'endColumn']) {
    assert.ok(Number.isInteger(region[key]) && (region[key] as number) >= 1, `${key} is a 1-based integer`);
  }
  assert.ok((region['endLine'] as number) >= (region['startLine'] as number));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
