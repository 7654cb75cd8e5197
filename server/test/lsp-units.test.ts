// Unit tests of the server's pure parts: position conversion, minimal edits, suppression edits,
// settings normalization, site lookup, the analysis cache. Data-driven, no process.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TrainingSite } from '../src/analysis/types';
import { AnalysisStore } from '../src/lsp/analyses';
import { type Analyzer, defaultAnalyzer } from '../src/lsp/analyzer';
import { Logger } from '../src/lsp/logger';
import { findSite } from '../src/lsp/handlers/execute-command';
import { DEFAULT_SETTINGS, normalizeSettings, type ResolvedSettings } from '../src/lsp/settings';
import { disableForFileEdit, disableForLineEdit } from '../src/lsp/suppress';
import { LineIndex, minimalEdit } from '../src/lsp/to-lsp';
import { fileNameFor, isSupportedDocument } from '../src/lsp/uris';

/** Applies one LSP edit to a text (the test's own, independent of the server's code). */
function apply(text: string, edit: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }): string {
  const lines = new LineIndex(text);
  return text.slice(0, lines.offsetAt(edit.range.start)) + edit.newText + text.slice(lines.offsetAt(edit.range.end));
}

describe('LineIndex', () => {
  const cases: [string, number, { line: number; character: number }][] = [
    ['abc', 0, { line: 0, character: 0 }],
    ['abc', 3, { line: 0, character: 3 }],
    ['a\nb', 2, { line: 1, character: 0 }],
    ['a\r\nb', 3, { line: 1, character: 0 }],
    ['a\rb', 2, { line: 1, character: 0 }],
    ['a\n', 2, { line: 1, character: 0 }],
    ['𝑥\ny', 3, { line: 1, character: 0 }],
    ['abc', 99, { line: 0, character: 3 }],
  ];
  for (const [text, offset, position] of cases) {
    it(`${JSON.stringify(text)} @${offset}`, () => {
      const lines = new LineIndex(text);
      assert.deepEqual(lines.positionAt(offset), position);
      assert.equal(lines.offsetAt(position), Math.min(offset, text.length));
    });
  }
  it('reads a line without its break', () => {
    assert.equal(new LineIndex('a\r\n  bb\nc').lineText(1), '  bb');
  });
});

describe('minimalEdit', () => {
  const cases: [string, string][] = [
    ['tf.log(p)', 'tf.log(p.add(1e-7))'],
    ['abc\ndef\n', 'abc\nxyz\ndef\n'],
    ['same', 'same'],
    ['', 'new'],
    ['aaaa', 'aa'],
  ];
  for (const [before, after] of cases) {
    it(`${JSON.stringify(before)} → ${JSON.stringify(after)}`, () => {
      const edit = minimalEdit(before, after, new LineIndex(before));
      if (before === after) return assert.equal(edit, undefined);
      assert.ok(edit);
      assert.equal(apply(before, edit), after);
      assert.ok(edit.newText.length <= after.length);
    });
  }
});

describe('suppression edits', () => {
  const line: [string, number, string, string][] = [
    ['a\n  tf.log(x);\n', 1, 'raw-log', 'a\n  // nanscope-disable-next-line raw-log\n  tf.log(x);\n'],
    ['tf.log(x);\n', 0, 'raw-log', '// nanscope-disable-next-line raw-log\ntf.log(x);\n'],
    ['a\r\n\ttf.log(x);\r\n', 1, 'raw-log', 'a\r\n\t// nanscope-disable-next-line raw-log\r\n\ttf.log(x);\r\n'],
    ['  // nanscope-disable-next-line unscaled-input\n  f(x);\n', 1, 'raw-log', '  // nanscope-disable-next-line unscaled-input, raw-log\n  f(x);\n'],
    ['// nanscope-disable-next-line a -- a reason\nf(x);\n', 1, 'raw-log', '// nanscope-disable-next-line a, raw-log -- a reason\nf(x);\n'],
  ];
  for (const [text, at, rule, expected] of line) {
    it(`line: ${JSON.stringify(text)}`, () => {
      assert.equal(apply(text, disableForLineEdit(new LineIndex(text), at, rule)), expected);
    });
  }
  const file: [string, string, string][] = [
    ['const a = 1;\n', 'raw-log', '/* nanscope-disable raw-log */\nconst a = 1;\n'],
    ['#!/usr/bin/env node\nconst a = 1;\n', 'raw-log', '#!/usr/bin/env node\n/* nanscope-disable raw-log */\nconst a = 1;\n'],
    ['/* nanscope-disable unscaled-input */\nx;\n', 'raw-log', '/* nanscope-disable unscaled-input, raw-log */\nx;\n'],
  ];
  for (const [text, rule, expected] of file) {
    it(`file: ${JSON.stringify(text)}`, () => {
      assert.equal(apply(text, disableForFileEdit(new LineIndex(text), rule)), expected);
    });
  }
});

describe('settings', () => {
  it('fills defaults and reports wrong types', () => {
    const problems: string[] = [];
    const s = normalizeSettings({ enable: 'yes', run: 'onSave', debounce: -1, probe: { budgetSeconds: 2, mode: 'execute' }, logLevel: 'debug' }, problems);
    assert.equal(s.enable, DEFAULT_SETTINGS.enable);
    assert.equal(s.run, 'onSave');
    assert.equal(s.debounce, DEFAULT_SETTINGS.debounce);
    assert.deepEqual(s.probe, { budgetSeconds: 2, mode: 'execute' });
    assert.equal(s.logLevel, 'debug');
    assert.equal(problems.length, 2);
  });
  it('accepts nothing at all', () => {
    assert.deepEqual(normalizeSettings(null), DEFAULT_SETTINGS);
  });
});

describe('documents and sites', () => {
  it('knows which documents it analyzes', () => {
    assert.ok(isSupportedDocument('file:///a/b.mts'));
    assert.ok(isSupportedDocument('untitled:Untitled-1', 'typescript'));
    assert.ok(!isSupportedDocument('file:///a/b.py', 'python'));
    assert.equal(fileNameFor('untitled:Untitled-1', 'typescript'), 'Untitled-1.ts');
  });

  const site = (id: string, line: number, endLine = line): TrainingSite => ({
    id,
    kind: 'fit',
    span: { start: 0, end: 1 },
    range: { start: { line, character: 0 }, end: { line: endLine, character: 5 } },
  });
  const sites = [site('a', 3, 5), site('b', 10)];
  it('finds a site by id, by position inside it, or the nearest above', () => {
    assert.equal(findSite(sites, { uri: 'u', siteId: 'b' })?.id, 'b');
    assert.equal(findSite(sites, { uri: 'u', position: { line: 4, character: 0 } })?.id, 'a');
    assert.equal(findSite(sites, { uri: 'u', position: { line: 8, character: 0 } })?.id, 'a');
    assert.equal(findSite(sites, { uri: 'u', position: { line: 1, character: 0 } }), undefined);
    assert.equal(findSite([site('only', 3)], { uri: 'u' })?.id, 'only');
  });
});

describe('analysis store', () => {
  const silent = { error() {}, warn() {}, info() {}, log() {} } as unknown as ConstructorParameters<typeof Logger>[0];
  const settings: ResolvedSettings = { settings: DEFAULT_SETTINGS, config: defaultAnalyzer.defaultConfig(), epoch: 0 };
  const text = "const tf = require('@tensorflow/tfjs');\nconst y = tf.log(tf.tensor1d([0, 1]));\n";

  it('hands an open document its previous parse, whether or not it follows other modules', () => {
    const previous: boolean[] = [];
    const analyzer: Analyzer = { ...defaultAnalyzer, analyze: (input) => (previous.push(input.previous !== undefined), defaultAnalyzer.analyze(input)) };
    const store = new AnalysisStore(analyzer, new Logger(silent));
    const request = { key: 'file:///p/a.js', uri: 'file:///p/a.js', settings, keepParse: true };
    store.analyze({ ...request, text, version: 1 });
    const second = store.analyze({ ...request, text: text.replace('[0, 1]', '[0, 2]'), version: 2 });
    assert.deepEqual(previous, [false, true]);
    assert.equal(second.result.findings.length, 1);
  });

  it('shows an open buffer to importers from the change on, and the disk again after forget', () => {
    const store = new AnalysisStore(defaultAnalyzer, new Logger(silent));
    const fileName = fileNameFor('file:///p/data.js');
    store.bufferChanged('file:///p/data.js', 'file:///p/data.js', 'javascript', 'exports.x = 1;');
    assert.equal(store.modules.sourceFile(fileName)?.text, 'exports.x = 1;');
    store.forget('file:///p/data.js');
    assert.equal(store.modules.sourceFile(fileName), undefined, 'no such file on disk');
  });
});
