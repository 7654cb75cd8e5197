// Globs and file discovery, in process (the spawned tests in cli.test.ts cover the same rules
// through the binary).

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { findFiles, GitignoreRules, isLintable } from '../src/cli/files';
import { globBase, globToRegExp, hasGlobChars } from '../src/cli/glob';
import { checkRuleIds, closest, parseArgs } from '../src/cli/args';
import { useTempProjects } from './helpers/temp-project';

const project = useTempProjects('files');

describe('globs', () => {
  const cases: [string, string[], string[]][] = [
    ['*.ts', ['a.ts', '.hidden.ts'], ['a.js', 'src/a.ts', 'a.ts.bak']],
    ['src/**/*.ts', ['src/a.ts', 'src/x/y/a.ts'], ['a.ts', 'srcx/a.ts', 'src/a.tsx']],
    ['**/*.js', ['a.js', 'a/b/c.js'], ['a.ts']],
    ['src/**', ['src/a', 'src/a/b.ts'], ['srcx/a']],
    ['src/*.{ts,js}', ['src/a.ts', 'src/a.js'], ['src/a.jsx', 'src/x/a.ts']],
    ['src/{a,b/{c,d}}.ts', ['src/a.ts', 'src/b/c.ts', 'src/b/d.ts'], ['src/b.ts', 'src/b/e.ts']],
    ['file?.ts', ['file1.ts', 'fileA.ts'], ['file.ts', 'file12.ts', 'file/.ts']],
    ['file[0-9].ts', ['file1.ts'], ['fileA.ts']],
    ['file[!0-9].ts', ['fileA.ts'], ['file1.ts']],
    ['a+b(c).ts', ['a+b(c).ts'], ['aab(c).ts', 'a+bc.ts']],
    ['**', ['a', 'a/b/c'], []],
    ['a**.ts', ['ab.ts', 'a.ts'], ['a/b.ts']],
  ];
  for (const [glob, matches, rejects] of cases) {
    test(glob, () => {
      const re = globToRegExp(glob);
      for (const m of matches) assert.ok(re.test(m), `${glob} matches ${m}`);
      for (const r of rejects) assert.ok(!re.test(r), `${glob} rejects ${r}`);
    });
  }

  test('the base folder is the part before the first glob segment', () => {
    assert.equal(globBase('src/**/*.ts'), 'src');
    assert.equal(globBase('**/*.ts'), '.');
    assert.equal(globBase('*.ts'), '.');
    assert.equal(globBase('a/b/c*.ts'), 'a/b');
    assert.equal(globBase('/abs/lib/*.js'), '/abs/lib');
    assert.equal(globBase('/*.js'), '/');
  });

  test('glob characters', () => {
    assert.ok(hasGlobChars('src/*.ts'));
    assert.ok(hasGlobChars('[id].tsx'));
    assert.ok(!hasGlobChars('src/a.ts'));
  });
});

describe('findFiles', () => {
  test('lintable extensions, and no declaration files', () => {
    for (const f of ['a.js', 'a.mjs', 'a.cjs', 'a.jsx', 'a.ts', 'a.mts', 'a.cts', 'a.tsx', 'A.TS']) assert.ok(isLintable(f), f);
    for (const f of ['a.d.ts', 'a.d.mts', 'a.json', 'a.md', 'a', 'a.ts.orig']) assert.ok(!isLintable(f), f);
  });

  test('returns absolute paths in a stable order, deepest folders in name order', () => {
    const dir = project({ 'b.ts': '', 'a/z.ts': '', 'a/b/c.ts': '', 'c.js': '' });
    const { files, unmatched, errors } = findFiles([], dir);
    assert.deepEqual(unmatched, []);
    assert.deepEqual(errors, []);
    assert.deepEqual(files.map((f) => path.relative(dir, f)), ['a/b/c.ts', 'a/z.ts', 'b.ts', 'c.js'].map((f) => f.split('/').join(path.sep)));
  });

  test('a folder named explicitly is walked even if its name is usually skipped', () => {
    const dir = project({ 'build/tool.ts': '', 'build/node_modules/x.js': '' });
    assert.deepEqual(findFiles(['build'], dir).files, [path.join(dir, 'build/tool.ts')]);
  });

  test('symbolic links to folders are not followed (no cycles), links to files are', () => {
    const dir = project({ 'src/a.ts': '', 'real.ts': '' });
    fs.symlinkSync(dir, path.join(dir, 'src/loop'));
    fs.symlinkSync(path.join(dir, 'real.ts'), path.join(dir, 'src/link.ts'));
    const files = findFiles(['src'], dir).files.map((f) => path.relative(dir, f));
    assert.deepEqual(files, [path.join('src', 'a.ts'), path.join('src', 'link.ts')]);
  });

  test('a .gitignore can re-include what a parent ignores; the deepest opinion wins', () => {
    const dir = project({
      '.gitignore': '*.gen.ts\n',
      'keep/.gitignore': '!*.gen.ts\n',
      'keep/a.gen.ts': '',
      'drop/a.gen.ts': '',
      'drop/b.ts': '',
    });
    const rules = new GitignoreRules(dir);
    assert.equal(rules.ignores(path.join(dir, 'drop/a.gen.ts'), false), true);
    assert.equal(rules.ignores(path.join(dir, 'keep/a.gen.ts'), false), false);
    assert.equal(rules.ignores(path.join(dir, 'drop/b.ts'), false), false);
    assert.equal(rules.ignores(path.join(dir, '..', 'outside.gen.ts'), false), false, 'rules end at the root');
    assert.deepEqual(findFiles(['.'], dir).files.map((f) => path.relative(dir, f).split(path.sep).join('/')), ['drop/b.ts', 'keep/a.gen.ts']);
  });

  test('directory-only patterns ignore folders, not files of that name', () => {
    const dir = project({ '.gitignore': 'cache/\n', 'cache/a.ts': '', 'src/cache.ts': '' });
    assert.deepEqual(findFiles(['.'], dir).files, [path.join(dir, 'src/cache.ts')]);
  });

  test('outside a repository the working folder\'s .gitignore applies to a subfolder walk', () => {
    const dir = project({ '.gitignore': 'src/skip/\n', 'src/skip/a.ts': '', 'src/b.ts': '' });
    assert.deepEqual(findFiles(['src'], dir).files, [path.join(dir, 'src/b.ts')]);
  });

  test('unmatched patterns are reported with a reason', () => {
    const dir = project({ 'a.ts': '' });
    assert.deepEqual(findFiles(['nope.ts', '*.py'], dir).unmatched.map((u) => u.pattern), ['nope.ts', '*.py']);
  });
});

describe('argument parsing', () => {
  test('defaults', () => {
    const parsed = parseArgs([]);
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.options, { patterns: [], format: 'text', fix: false, rules: [], disable: [], quiet: false, probe: false, help: false, version: false });
  });

  test('every option, in both spellings', () => {
    const parsed = parseArgs(['src', '-f', 'sarif', '--fix', '--rule', 'a,b', '--rule=c', '--disable', 'd', '--max-warnings=3', '--quiet', '--probe', 'lib/**/*.ts']);
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.options, {
      patterns: ['src', 'lib/**/*.ts'],
      format: 'sarif',
      fix: true,
      rules: ['a', 'b', 'c'],
      disable: ['d'],
      maxWarnings: 3,
      quiet: true,
      probe: true,
      help: false,
      version: false,
    });
  });

  test('-- ends the options', () => {
    const parsed = parseArgs(['--', '--fix', '-weird.ts']);
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.options.patterns, ['--fix', '-weird.ts']);
    assert.equal(parsed.options.fix, false);
  });

  test('errors', () => {
    for (const [argv, message] of [
      [['--nope'], /unknown option --nope/],
      [['-x'], /unknown option -x/],
      [['--format', 'yaml'], /unknown format "yaml"/],
      [['--rule'], /--rule needs a value/],
      [['--rule', '--fix'], /--rule needs a value/],
      [['--rule', ','], /--rule needs a rule id/],
      [['--max-warnings', '1.5'], /whole number/],
      [['--quiet=1'], /takes no value/],
    ] as [string[], RegExp][]) {
      const parsed = parseArgs(argv);
      assert.ok(!parsed.ok, argv.join(' '));
      assert.match(parsed.error, message);
    }
  });

  test('rule ids are checked against the registry, with a suggestion', () => {
    const parsed = parseArgs(['--rule', 'raw-lgo']);
    assert.ok(parsed.ok);
    assert.match(checkRuleIds(parsed.options, ['raw-log', 'unsafe-sqrt']) ?? '', /unknown rule "raw-lgo" \(did you mean raw-log\?\)/);
    assert.match(checkRuleIds(parsed.options, ['unsafe-sqrt']) ?? '', /known rules: unsafe-sqrt/);
    assert.equal(checkRuleIds({ ...parsed.options, rules: ['unsafe-sqrt'] }, ['unsafe-sqrt']), undefined);
    assert.equal(closest('zzzzzz', ['raw-log']), undefined);
  });
});
