// Cross-file analysis: data, normalization, models and losses defined in one module and trained in
// another. The fixtures under test-fixtures/cross-file/ are small projects; each entry file
// (`train.*`) says in its header what must be reported and where the related evidence lies.
//
//   // expect: rule-a, rule-b | clean
//   // related: data.mjs:5, model.mjs:5     (file relative to the project, one-based line)

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyze } from '../src/analysis';
import { ModuleGraph, type ModuleHost } from '../src/analysis/modules';
import { nodeModuleHost, resolveRelative } from '../src/host/module-host';
import { lintFiles } from '../src/cli/lint';
import { ruleIds } from '../src/rules';
import { useTempProjects } from './helpers/temp-project';

const FIXTURES = path.resolve(__dirname, '../../../test-fixtures/cross-file');
const project = useTempProjects('cross-file');

function entryOf(dir: string): string {
  const entry = fs.readdirSync(dir).find((f) => /^train\.[cm]?[jt]sx?$/.test(f));
  assert.ok(entry, `${dir} has a train.* entry`);
  return path.join(dir, entry);
}

function headerList(text: string, key: string): string[] {
  const m = new RegExp(`^// ${key}: (.*)$`, 'm').exec(text);
  return m?.[1] ? m[1].split(',').map((s) => s.trim()).filter(Boolean) : [];
}

function analyzeWithModules(file: string, graph = new ModuleGraph(nodeModuleHost())) {
  return analyze({ fileName: file, text: fs.readFileSync(file, 'utf8'), modules: graph });
}

describe('cross-file fixtures', () => {
  for (const name of fs.readdirSync(FIXTURES).filter((d) => fs.statSync(path.join(FIXTURES, d)).isDirectory())) {
    const dir = path.join(FIXTURES, name);
    it(name, () => {
      const entry = entryOf(dir);
      const text = fs.readFileSync(entry, 'utf8');
      const expect = headerList(text, 'expect');
      const result = analyzeWithModules(entry);
      assert.deepEqual(result.internalErrors, []);
      const loud = result.findings.filter((f) => f.severity !== 'info');
      if (expect.includes('clean')) {
        assert.deepEqual(loud.map((f) => `${f.ruleId}: ${f.message}`), []);
        return;
      }
      for (const rule of expect) {
        assert.ok(ruleIds.includes(rule), `${rule} is a registered rule`);
        assert.ok(loud.some((f) => f.ruleId === rule), `${rule} reported; got ${loud.map((f) => f.ruleId).join(', ') || 'nothing'}`);
      }
      // Every finding is located in the entry file; evidence in other modules is related information.
      for (const f of result.findings) assert.equal(f.span.file, undefined);
      const related = loud
        .filter((f) => expect.includes(f.ruleId))
        .flatMap((f) => f.related)
        .filter((r) => r.span.file)
        .map((r) => `${path.relative(dir, r.span.file as string).split(path.sep).join('/')}:${r.range.start.line + 1}`);
      for (const where of headerList(text, 'related')) assert.ok(related.includes(where), `related ${where} in ${related.join(', ')}`);
    });
  }

  it('the entry file alone does not know what its modules hold', () => {
    const entry = entryOf(path.join(FIXTURES, 'esm-data-and-model'));
    const alone = analyze({ fileName: entry, text: fs.readFileSync(entry, 'utf8') });
    assert.equal(alone.findings.filter((f) => f.severity !== 'info').length, 0);
    assert.ok(analyzeWithModules(entry).findings.some((f) => f.ruleId === 'saturating-activation-unscaled-input'));
  });
});

describe('module resolution', () => {
  it('resolves extensions, index files and `./x.js` written for x.ts', () => {
    const root = project({ 'a.ts': '', 'lib/index.ts': '', 'b.mjs': '', 'c/index.js': '', 'd.cts': '' });
    const from = path.join(root, 'main.ts');
    assert.equal(resolveRelative('./a', from), path.join(root, 'a.ts'));
    assert.equal(resolveRelative('./a.js', from), path.join(root, 'a.ts'));
    assert.equal(resolveRelative('./lib', from), path.join(root, 'lib/index.ts'));
    assert.equal(resolveRelative('./b.mjs', from), path.join(root, 'b.mjs'));
    assert.equal(resolveRelative('./c', from), path.join(root, 'c/index.js'));
    assert.equal(resolveRelative('./d.cjs', from), path.join(root, 'd.cts'));
    assert.equal(resolveRelative('./missing', from), undefined);
  });

  it('follows at most maxModules modules and ignores unreadable ones', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 5; i++) files[`m${i}.js`] = `exports.next = require('./m${i + 1}');\n`;
    const root = project(files);
    const graph = new ModuleGraph(nodeModuleHost(), { maxModules: 3 });
    const start = path.join(root, 'm0.js');
    const sf = graph.sourceFile(start);
    assert.ok(sf);
    assert.equal(graph.reachable(start, sf).length, 3);
  });
});

describe('module graph', () => {
  function memoryHost(files: Record<string, string>, reads: string[]): ModuleHost {
    return {
      resolve: (specifier, from) => {
        const target = path.posix.join(path.posix.dirname(from), specifier);
        return [target, `${target}.js`].find((t) => t in files);
      },
      read: (file) => {
        reads.push(file);
        return files[file];
      },
    };
  }

  it('an editor buffer overrides the disk and bumps the epoch; dependents are found transitively', () => {
    const reads: string[] = [];
    const files = {
      '/p/data.js': "const tf = require('@tensorflow/tfjs');\nexports.x = tf.tensor2d([[1000, 2000]]);\n",
      '/p/mid.js': "module.exports = require('./data');\n",
      '/p/train.js': "const tf = require('@tensorflow/tfjs');\nconst { x } = require('./mid');\n",
    };
    const graph = new ModuleGraph(memoryHost(files, reads));
    const train = graph.sourceFile('/p/train.js');
    assert.ok(train);
    graph.noteImports('/p/train.js', train);
    assert.equal(graph.reachable('/p/train.js', train).length, 2);
    assert.deepEqual(graph.dependents('/p/data.js').sort(), ['/p/mid.js', '/p/train.js']);
    const before = graph.epoch;
    graph.setText('/p/data.js', 'exports.x = 1;\n');
    assert.ok(graph.epoch > before);
    assert.equal(graph.sourceFile('/p/data.js')?.text, 'exports.x = 1;\n');
    graph.setText('/p/data.js', 'exports.x = 1;\n');
    const same = graph.epoch;
    graph.setText('/p/data.js', 'exports.x = 1;\n');
    assert.equal(graph.epoch, same, 'the same text again is no change');
    graph.clearText('/p/data.js');
    assert.equal(graph.sourceFile('/p/data.js')?.text, files['/p/data.js']);
  });

  it('the CLI parses a module once however many files import it', () => {
    const root = project({
      'data.js': "const tf = require('@tensorflow/tfjs');\nexports.x = tf.tensor2d([[3000, 2], [1200, 4]]);\nexports.y = tf.tensor2d([[1], [2]]);\n",
      'a.js': "const tf = require('@tensorflow/tfjs');\nconst { x, y } = require('./data');\nconst m = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });\nm.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });\nm.fit(x, y);\n",
      'b.js': "const tf = require('@tensorflow/tfjs');\nconst { x, y } = require('./data');\nconst m = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });\nm.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });\nm.fit(x, y);\n",
    });
    const reads: string[] = [];
    const run = lintFiles([path.join(root, 'a.js'), path.join(root, 'b.js')], {
      disable: [],
      fix: false,
      quiet: false,
      knownRules: ruleIds,
      analyze,
      readFile: (file) => {
        reads.push(file);
        return fs.readFileSync(file, 'utf8');
      },
      writeFile: () => assert.fail('no writes without --fix'),
    });
    assert.deepEqual(run.internalErrors, []);
    assert.equal(reads.filter((f) => f.endsWith('data.js')).length, 1);
    for (const file of run.files) {
      assert.ok(file.result.findings.some((f) => f.ruleId === 'unscaled-input'), `${file.filePath} sees data.js`);
    }
  });
});
