// Configuration loading: where it is found, how problems are located, and the cache.

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeEach, describe, test } from 'node:test';
import { defaultConfig } from '../src/analysis';
import { clearConfigCache, formatConfigProblem, loadConfigFor, loadConfigForDirectory, RC_FILE_NAME } from '../src/config/load';
import { lineColumnAt, scanJson } from '../src/config/json-locate';
import { useTempProjects } from './helpers/temp-project';

const RULES = ['raw-log', 'high-learning-rate'];

beforeEach(() => clearConfigCache());
const project = useTempProjects('config');

const load = (file: string) => loadConfigFor(file, { knownRules: RULES });

describe('finding the configuration', () => {
  test('no configuration anywhere: the defaults, no source, no problems', () => {
    const dir = project({});
    const loaded = load(path.join(dir, 'a/b/train.ts'));
    assert.deepEqual(loaded.config, defaultConfig());
    assert.equal(loaded.source, undefined);
    assert.deepEqual(loaded.problems, []);
  });

  test('a .nanscoperc.json above the file applies, merged over the defaults', () => {
    const dir = project({ [RC_FILE_NAME]: JSON.stringify({ rules: { 'raw-log': 'off' }, thresholds: { unscaledInputLimit: 50, learningRate: { sgd: 0.5 } } }) });
    const loaded = load(path.join(dir, 'src/deep/train.ts'));
    assert.equal(loaded.source, path.join(dir, RC_FILE_NAME));
    assert.deepEqual(loaded.problems, []);
    assert.equal(loaded.config.rules['raw-log'], 'off');
    assert.equal(loaded.config.thresholds.unscaledInputLimit, 50);
    assert.equal(loaded.config.thresholds.learningRate['sgd'], 0.5);
    assert.equal(loaded.config.thresholds.learningRate['adam'], defaultConfig().thresholds.learningRate['adam']);
    assert.equal(loaded.config.maxFileSize, defaultConfig().maxFileSize);
  });

  test('the nearest configuration wins, and does not cascade', () => {
    const dir = project({
      [RC_FILE_NAME]: '{ "rules": { "raw-log": "off" }, "maxFileSize": 10 }',
      'pkg/package.json': JSON.stringify({ name: 'pkg', nanscope: { rules: { 'high-learning-rate': 'error' } } }),
    });
    const inner = load(path.join(dir, 'pkg/src/train.ts'));
    assert.equal(inner.source, path.join(dir, 'pkg/package.json'));
    assert.equal(inner.config.rules['high-learning-rate'], 'error');
    assert.equal(inner.config.rules['raw-log'], undefined, 'the outer file does not cascade in');
    assert.equal(inner.config.maxFileSize, defaultConfig().maxFileSize);
    const outer = load(path.join(dir, 'train.ts'));
    assert.equal(outer.source, path.join(dir, RC_FILE_NAME));
  });

  test('in one folder .nanscoperc.json wins over package.json', () => {
    const dir = project({ [RC_FILE_NAME]: '{ "maxFileSize": 5 }', 'package.json': JSON.stringify({ nanscope: { maxFileSize: 7 } }) });
    const loaded = load(path.join(dir, 'a.ts'));
    assert.equal(loaded.source, path.join(dir, RC_FILE_NAME));
    assert.equal(loaded.config.maxFileSize, 5);
  });

  test('a package.json without a nanscope key is passed over, even a broken one', () => {
    const dir = project({ [RC_FILE_NAME]: '{ "maxFileSize": 5 }', 'app/package.json': '{ "name": "app" }', 'app/lib/package.json': '{ broken' });
    const loaded = load(path.join(dir, 'app/lib/x.ts'));
    assert.equal(loaded.source, path.join(dir, RC_FILE_NAME));
    assert.deepEqual(loaded.problems, []);
  });

  test('a broken package.json that mentions nanscope is a problem', () => {
    const dir = project({ 'package.json': '{\n  "nanscope": { "rules": { } }\n  "name": "x"\n}\n' });
    const loaded = load(path.join(dir, 'a.ts'));
    assert.equal(loaded.problems.length, 1);
    assert.deepEqual(pick(loaded.problems[0]), { file: path.join(dir, 'package.json'), line: 3, column: 3 });
    assert.match(loaded.problems[0]?.message ?? '', /invalid JSON: expected "," or "}" after the value of "nanscope"/);
    assert.deepEqual(loaded.config, defaultConfig(), 'nothing of a broken file applies');
  });

  test('a byte order mark is not an error', () => {
    const dir = project({ [RC_FILE_NAME]: '\uFEFF{ "maxFileSize": 9 }' });
    const loaded = load(path.join(dir, 'a.ts'));
    assert.deepEqual(loaded.problems, []);
    assert.equal(loaded.config.maxFileSize, 9);
  });

  test('a base (the editor\'s settings) sits under the file', () => {
    const dir = project({ [RC_FILE_NAME]: '{ "rules": { "raw-log": "warning" } }' });
    const base = defaultConfig();
    base.rules['high-learning-rate'] = 'off';
    base.rules['raw-log'] = 'error';
    const loaded = loadConfigFor(path.join(dir, 'a.ts'), { base, knownRules: RULES });
    assert.deepEqual(loaded.config.rules, { 'high-learning-rate': 'off', 'raw-log': 'warning' });
    assert.deepEqual(base.rules, { 'high-learning-rate': 'off', 'raw-log': 'error' }, 'the base is not mutated');
  });

  test('each load returns a fresh config the caller may change', () => {
    const dir = project({ [RC_FILE_NAME]: '{ "rules": { "raw-log": "warning" } }' });
    const first = load(path.join(dir, 'a.ts'));
    first.config.rules['raw-log'] = 'off';
    first.config.thresholds.learningRate['sgd'] = 99;
    const second = load(path.join(dir, 'b.ts'));
    assert.equal(second.config.rules['raw-log'], 'warning');
    assert.equal(second.config.thresholds.learningRate['sgd'], defaultConfig().thresholds.learningRate['sgd']);
  });

  test('loadConfigForDirectory is the same lookup for a folder', () => {
    const dir = project({ [RC_FILE_NAME]: '{ "maxFileSize": 3 }' });
    assert.equal(loadConfigForDirectory(path.join(dir, 'x', 'y'), { knownRules: RULES }).config.maxFileSize, 3);
  });
});

describe('the cache', () => {
  test('files are read once per folder until the cache is cleared', () => {
    const dir = project({ [RC_FILE_NAME]: '{ "maxFileSize": 1 }' });
    assert.equal(load(path.join(dir, 'src/a.ts')).config.maxFileSize, 1);
    fs.writeFileSync(path.join(dir, RC_FILE_NAME), '{ "maxFileSize": 2 }');
    assert.equal(load(path.join(dir, 'src/b.ts')).config.maxFileSize, 1, 'cached for the folder');
    assert.equal(load(path.join(dir, 'a.ts')).config.maxFileSize, 1, 'and for the folders on the way up');
    clearConfigCache();
    assert.equal(load(path.join(dir, 'src/a.ts')).config.maxFileSize, 2);
  });

  test('a configuration created later is seen after clearing', () => {
    const dir = project({ 'src/a.ts': '' });
    assert.equal(load(path.join(dir, 'src/a.ts')).source, undefined);
    fs.writeFileSync(path.join(dir, 'src', RC_FILE_NAME), '{}');
    assert.equal(load(path.join(dir, 'src/a.ts')).source, undefined);
    clearConfigCache();
    assert.equal(load(path.join(dir, 'src/a.ts')).source, path.join(dir, 'src', RC_FILE_NAME));
  });
});

describe('problems are located for the user', () => {
  const cases: [string, string, number, number, RegExp][] = [
    ['trailing comma', '{\n  "maxFileSize": 5,\n}\n', 2, 19, /trailing comma/],
    ['comment', '{\n  // no comments\n  "maxFileSize": 5\n}\n', 2, 3, /comment \(JSON does not allow comments\)/],
    ['single quotes', "{ 'rules': {} }", 1, 3, /double quotes/],
    ['unquoted key', '{ rules: {} }', 1, 3, /expected a property name in double quotes, found "rules"/],
    ['missing value', '{ "maxFileSize": }', 1, 18, /expected a value, found "}"/],
    ['missing colon', '{ "maxFileSize" 5 }', 1, 17, /expected ":" after the property name "maxFileSize"/],
    ['unterminated', '{ "rules": {\n', 2, 1, /expected a property name in double quotes, found the end of the file/],
    ['empty file', '', 1, 1, /the file is empty/],
    ['text after the value', '{} {}', 1, 4, /after the end of the JSON value/],
    ['unterminated string', '{ "rul', 1, 3, /unterminated string/],
  ];
  for (const [name, text, line, column, message] of cases) {
    test(`invalid JSON: ${name}`, () => {
      const dir = project({ [RC_FILE_NAME]: text });
      const { problems, config } = load(path.join(dir, 'a.ts'));
      assert.equal(problems.length, 1);
      assert.deepEqual(pick(problems[0]), { file: path.join(dir, RC_FILE_NAME), line, column });
      assert.match(problems[0]?.message ?? '', /^invalid JSON: /);
      assert.match(problems[0]?.message ?? '', message);
      assert.deepEqual(config, defaultConfig());
    });
  }

  test('unknown options, rules and wrong values point at their key; valid options still apply', () => {
    const text = [
      '{',
      '  "rules": {',
      '    "raw-log": "loud",',
      '    "raw-lgo": "off",',
      '    "high-learning-rate": "error"',
      '  },',
      '  "treshold": 1,',
      '  "thresholds": { "learningRate": { "sgd": -1, "nadam": 1 } },',
      '  "maxFileSize": "big"',
      '}',
    ].join('\n');
    const dir = project({ [RC_FILE_NAME]: text });
    const { problems, config } = load(path.join(dir, 'a.ts'));
    assert.deepEqual(
      problems.map((p) => [p.line, p.column, p.option, p.message]),
      [
        [3, 5, 'rules.raw-log', 'must be "off", "info", "warning" or "error"'],
        [4, 5, 'rules.raw-lgo', 'unknown rule "raw-lgo"'],
        [7, 3, 'treshold', 'unknown option "treshold" (expected rules, thresholds, maxFileSize)'],
        [8, 37, 'thresholds.learningRate.sgd', 'must be a positive number'],
        [8, 48, 'thresholds.learningRate.nadam', 'unknown optimizer "nadam"'],
        [9, 3, 'maxFileSize', 'must be a positive number of bytes'],
      ],
    );
    assert.equal(config.rules['high-learning-rate'], 'error');
  });

  test('in package.json the option path includes the nanscope key', () => {
    const dir = project({ 'package.json': '{\n  "name": "app",\n  "nanscope": {\n    "ruels": {}\n  }\n}\n' });
    const [problem] = load(path.join(dir, 'a.ts')).problems;
    assert.deepEqual([problem?.line, problem?.column, problem?.option], [4, 5, 'nanscope.ruels']);
    const notObject = project({ 'package.json': '{ "nanscope": true }' });
    const [wrong] = load(path.join(notObject, 'a.ts')).problems;
    assert.deepEqual([wrong?.line, wrong?.column, wrong?.option, wrong?.message], [1, 3, 'nanscope', 'the configuration must be an object']);
  });

  test('formatConfigProblem writes file:line:column, relative to a working folder when inside it', () => {
    const problem = { file: '/repo/app/.nanscoperc.json', line: 3, column: 5, option: 'rules.x', message: 'unknown rule "x"' };
    assert.equal(formatConfigProblem(problem), '/repo/app/.nanscoperc.json:3:5: rules.x: unknown rule "x"');
    assert.equal(formatConfigProblem(problem, '/repo'), 'app/.nanscoperc.json:3:5: rules.x: unknown rule "x"');
    assert.equal(formatConfigProblem(problem, '/elsewhere'), '/repo/app/.nanscoperc.json:3:5: rules.x: unknown rule "x"');
    assert.equal(formatConfigProblem({ file: '/r/.nanscoperc.json', message: 'cannot be read' }), '/r/.nanscoperc.json: cannot be read');
  });

  test('an unreadable configuration (a folder by that name) is a problem', () => {
    const dir = project({ [`${RC_FILE_NAME}/x`]: '' });
    const [problem] = load(path.join(dir, 'a.ts')).problems;
    assert.match(problem?.message ?? '', /is a folder/);
  });
});

describe('the JSON scanner', () => {
  test('finds every key by path', () => {
    const text = '{"a": {"b": [ {"c": 1} ], "d": 2}, "e": null}';
    const scan = scanJson(text);
    assert.equal(scan.error, undefined);
    const at = (key: string) => scan.keys.get(key);
    assert.equal(at('a'), text.indexOf('"a"'));
    assert.equal(at('a.b'), text.indexOf('"b"'));
    assert.equal(at('a.b.0.c'), text.indexOf('"c"'));
    assert.equal(at('a.d'), text.indexOf('"d"'));
    assert.equal(at('e'), text.indexOf('"e"'));
  });

  test('agrees with JSON.parse on what is valid, across every one-character deletion of a config', () => {
    const config = JSON.stringify({ rules: { 'raw-log': 'off', x: ['a\\"b', 1.5e-3, -0, true, false, null] }, thresholds: { n: 12 }, s: 'é\u2028\\u00e9' }, null, 2);
    let checked = 0;
    for (let i = 0; i <= config.length; i++) {
      for (const variant of [config.slice(0, i) + config.slice(i + 1), `${config.slice(0, i)},${config.slice(i)}`, `${config.slice(0, i)}'${config.slice(i)}`]) {
        let valid = true;
        try {
          JSON.parse(variant);
        } catch {
          valid = false;
        }
        const scan = scanJson(variant);
        assert.equal(scan.error === undefined, valid, `scanner and JSON.parse disagree on ${JSON.stringify(variant)}: ${scan.error?.message ?? 'no error'}`);
        checked++;
      }
    }
    assert.ok(checked > 500);
  });

  test('line and column count CRLF once', () => {
    assert.deepEqual(lineColumnAt('a\r\nb', 3), { line: 2, column: 1 });
    assert.deepEqual(lineColumnAt('ab', 1), { line: 1, column: 2 });
  });

  test('absurd nesting does not overflow the stack', () => {
    const deep = '['.repeat(100000) + ']'.repeat(100000);
    assert.doesNotThrow(() => scanJson(deep));
  });
});

function pick(problem: { file: string; line?: number; column?: number } | undefined) {
  return { file: problem?.file, line: problem?.line, column: problem?.column };
}
