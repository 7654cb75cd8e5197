// Incremental analysis (analysis/incremental.ts) as a property: after any sequence of edits, the
// analysis that reuses the previous version's results equals a whole analysis of the same text
// (findings with their messages, ranges and fixes; models; training sites; syntax errors). Seeded
// edits over every fixture and over generated files; the test also checks that results really are
// reused (it would pass vacuously if every analysis were whole).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { analyze, type AnalyzeOutput } from '../src/analysis/analyze';
import { defaultConfig } from '../src/analysis/config';
import { loadCorpus } from './fuzz/check';
import { Rng } from './fuzz/mutate';
import { repoRoot } from './helpers/fixture-headers';
import { generateLargeTfFile } from './helpers/generate';
import { generatedFile } from './lsp-client';

const config = defaultConfig();

/** What must be equal; models and sites in document order (their order is not part of the result). */
function normalized(r: AnalyzeOutput): unknown {
  const byStart = <T extends { span: { start: number } }>(xs: readonly T[]): T[] => [...xs].sort((a, b) => a.span.start - b.span.start);
  return {
    usesTf: r.usesTf,
    skipped: r.skipped,
    bindings: r.bindings,
    syntaxErrors: r.syntaxErrors,
    findings: r.findings,
    models: byStart(r.models),
    sites: byStart(r.sites),
    internalErrors: r.internalErrors.map((e) => e.where),
  };
}

const SNIPPETS = [
  'x', '1', '0', ' ', '\n', ';', '(', ')', '{', '}', '.', ',', 'tf.log(', ' + 1', 'Z', '//', 'e-7', '\n\n', '\r\n',
  // A helper that fixes insert: declared, a fix inserts it no more (fixes/helpers.ts HELPER_NAMES).
  '\nfunction clipGradientsByGlobalNorm(o, n) { return o; }\n',
];

/**
 * One random edit: insert a snippet, delete a few characters, replace one (same length: a line
 * break for a character, or back), or duplicate / delete a line.
 */
function edit(text: string, rng: Rng): string {
  const at = rng.int(text.length + 1);
  switch (rng.int(6)) {
    case 5:
      if (at === text.length) return text;
      return text.slice(0, at) + (text[at] === '\n' ? ' ' : '\n') + text.slice(at + 1);
    case 0:
    case 1:
      return text.slice(0, at) + rng.pick(SNIPPETS) + text.slice(at);
    case 2:
      return text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + rng.int(6)));
    case 3: {
      const start = text.lastIndexOf('\n', at - 1) + 1;
      const end = text.indexOf('\n', at);
      const line = text.slice(start, end < 0 ? text.length : end + 1);
      return text.slice(0, start) + line + text.slice(start);
    }
    default: {
      const start = text.lastIndexOf('\n', at - 1) + 1;
      const end = text.indexOf('\n', at);
      return text.slice(0, start) + (end < 0 ? '' : text.slice(end + 1));
    }
  }
}

interface Tally {
  analyses: number;
  kept: number;
  analyzed: number;
}

/**
 * Runs `edits` seeded edits on `text`, comparing each incremental analysis with a whole one. Both
 * re-parse incrementally, each from its own previous parse (TypeScript's incremental parse can word
 * a syntax error differently from a fresh parse; that is not what is tested here).
 */
function check(name: string, text: string, edits: number, seed: number, tally: Tally): void {
  const rng = new Rng(seed);
  const fileName = name.endsWith('.ts') ? 'file.ts' : 'file.js';
  let current = analyze({ fileName, text, config, incremental: true });
  let whole = analyze({ fileName, text, config });
  assert.deepEqual(normalized(current), normalized(whole), `${name}: first analysis`);
  for (let i = 0; i < edits; i++) {
    text = edit(text, rng);
    const next = analyze({ fileName, text, config, incremental: true, ...(current.sourceFile ? { previous: current.sourceFile } : {}) });
    whole = analyze({ fileName, text, config, ...(whole.sourceFile ? { previous: whole.sourceFile } : {}) });
    // Models and sites are moved when first read (as the editor reads them: for code lenses, not
    // after every keystroke): read them after some edits only, so they are moved through several.
    if (rng.int(4) === 0 || i === edits - 1) {
      assert.deepEqual(normalized(next), normalized(whole), `${name}, edit ${i + 1} (seed ${seed}): incremental and whole analyses differ`);
    } else {
      assert.deepEqual(next.findings, whole.findings, `${name}, edit ${i + 1} (seed ${seed}): incremental and whole findings differ`);
    }
    tally.analyses++;
    tally.kept += next.reuse?.kept ?? 0;
    tally.analyzed += next.reuse?.analyzed ?? 0;
    current = next;
  }
}

describe('incremental analysis equals the whole analysis', () => {
  test('every fixture, 6 random edits each', (t) => {
    const tally: Tally = { analyses: 0, kept: 0, analyzed: 0 };
    const corpus = loadCorpus(repoRoot());
    assert.ok(corpus.length > 200, `the fixture corpus has ${corpus.length} files`);
    corpus.forEach((file, i) => check(file.name, file.text, 6, 1000 + i, tally));
    t.diagnostic(`${corpus.length} files, ${tally.analyses} edits: ${tally.kept} statement groups kept, ${tally.analyzed} analyzed again`);
    assert.ok(tally.kept > 0, 'results are reused on the fixtures');
  });

  test('generated files with many independent blocks, 60 random edits each', (t) => {
    const tally: Tally = { analyses: 0, kept: 0, analyzed: 0 };
    check('blocks.js', generateLargeTfFile(800), 60, 7, tally);
    check('lsp-latency.js', generatedFile(600), 60, 8, tally);
    t.diagnostic(`${tally.analyses} edits: ${tally.kept} statement groups kept, ${tally.analyzed} analyzed again`);
    // Most groups are kept: an edit touches one block (or the blocks below it, when it adds or
    // removes a line).
    assert.ok(tally.kept > tally.analyzed, `kept ${tally.kept}, analyzed ${tally.analyzed}`);
  });

  test('an edit inside one function re-analyzes only its group, and moves the others', () => {
    const text = generateLargeTfFile(400);
    const first = analyze({ fileName: 'f.js', text, config, incremental: true });
    assert.ok(first.findings.length > 4, 'the generated file has findings');
    // Lengthen a comment in the first block: every later finding moves by one character.
    const at = text.indexOf('// Block 0') + 3;
    const edited = `${text.slice(0, at)}x${text.slice(at)}`;
    const second = analyze({ fileName: 'f.js', text: edited, config, incremental: true, ...(first.sourceFile ? { previous: first.sourceFile } : {}) });
    assert.ok(second.reuse && second.reuse.kept > 0 && second.reuse.analyzed === 1, `reuse ${JSON.stringify(second.reuse)}`);
    assert.deepEqual(second.findings.map((f) => f.span.start), first.findings.map((f) => (f.span.start > at ? f.span.start + 1 : f.span.start)));
    assert.deepEqual(normalized(second), normalized(analyze({ fileName: 'f.js', text: edited, config })));
  });

  test('a new line moves the groups below it (their messages name the moved lines); a change of settings starts over', () => {
    const text = generateLargeTfFile(200);
    const first = analyze({ fileName: 'f.js', text, config, incremental: true });
    const at = text.indexOf('\n', text.indexOf('// Block 0'));
    const edited = `${text.slice(0, at)}\n${text.slice(at)}`;
    const second = analyze({ fileName: 'f.js', text: edited, config, incremental: true, ...(first.sourceFile ? { previous: first.sourceFile } : {}) });
    assert.ok(second.reuse && second.reuse.kept > 0, `reuse ${JSON.stringify(second.reuse)}`);
    assert.deepEqual(normalized(second), normalized(analyze({ fileName: 'f.js', text: edited, config })));
    assert.deepEqual(second.findings.map((f) => f.range.start.line), first.findings.map((f) => f.range.start.line + (f.span.start > at ? 1 : 0)));
    const other = { ...config, rules: { ...config.rules, 'raw-log': 'off' as const } };
    const third = analyze({ fileName: 'f.js', text: edited, config: other, incremental: true, ...(second.sourceFile ? { previous: second.sourceFile } : {}) });
    assert.equal(third.reuse?.kept, 0);
    assert.ok(!third.findings.some((f) => f.ruleId === 'raw-log'));
  });

  test('typing into a function name keeps the other groups; declaring a helper that fixes insert reaches every group', () => {
    const block = (i: number): string =>
      `function build${i}() {\n  const model = tf.sequential();\n  model.add(tf.layers.lstm({ units: 8, inputShape: [20, 1] }));\n` +
      `  model.add(tf.layers.dense({ units: 1 }));\n  model.compile({ optimizer: tf.train.sgd(2), loss: 'meanSquaredError' });\n` +
      `  return model.fit(tf.randomUniform([64, 20, 1]), tf.randomUniform([64, 1]), { epochs: 5 });\n}\n`;
    const text = `const tf = require('@tensorflow/tfjs');\n\n${[0, 1, 2, 3].map(block).join('\n')}`;
    const first = analyze({ fileName: 'f.js', text, config, incremental: true });
    const insertsHelper = (r: AnalyzeOutput): number =>
      r.findings.filter((f) => f.fixes.some((x) => x.edits.some((e) => e.newText.includes('function clipGradientsByGlobalNorm')))).length;
    assert.equal(insertsHelper(first), 4, 'each block\'s clipping fix inserts the helper');
    const previous = (r: AnalyzeOutput): { previous?: NonNullable<AnalyzeOutput['sourceFile']> } => (r.sourceFile ? { previous: r.sourceFile } : {});

    const renamed = text.replace('function build2(', 'function buixld2(');
    const second = analyze({ fileName: 'f.js', text: renamed, config, incremental: true, ...previous(first) });
    assert.deepEqual(second.reuse, { kept: 3, analyzed: 1 });
    assert.deepEqual(normalized(second), normalized(analyze({ fileName: 'f.js', text: renamed, config })));

    const withHelper = `${renamed}\nfunction clipGradientsByGlobalNorm(optimizer, clipNorm) { return optimizer; }\n`;
    const third = analyze({ fileName: 'f.js', text: withHelper, config, incremental: true, ...previous(second) });
    assert.equal(insertsHelper(third), 0);
    assert.deepEqual(normalized(third), normalized(analyze({ fileName: 'f.js', text: withHelper, config })));
  });

  test('a replacement of the same length that adds a line break moves the lines below it', () => {
    const text = generateLargeTfFile(200);
    const first = analyze({ fileName: 'f.js', text, config, incremental: true });
    // The last character of a comment becomes a line break: no offset moves, every line below does.
    const at = text.indexOf('\n', text.indexOf('// Block 0')) - 1;
    const replaced = `${text.slice(0, at)}\n${text.slice(at + 1)}`;
    const second = analyze({ fileName: 'f.js', text: replaced, config, incremental: true, ...(first.sourceFile ? { previous: first.sourceFile } : {}) });
    assert.ok(second.reuse && second.reuse.kept > 0, `reuse ${JSON.stringify(second.reuse)}`);
    assert.deepEqual(normalized(second), normalized(analyze({ fileName: 'f.js', text: replaced, config })));
    assert.deepEqual(second.findings.map((f) => f.range.start.line), first.findings.map((f) => f.range.start.line + (f.span.start > at ? 1 : 0)));
  });

  test('models and sites not read for many edits are moved through all of them when read', () => {
    let text = generateLargeTfFile(200);
    let current = analyze({ fileName: 'f.js', text, config, incremental: true });
    const readAt = new Set([3, 45, 80]);
    // Past 32 edits without a read (the bound on the chain of edits kept per group), then on.
    for (let i = 1; i <= 80; i++) {
      const at = text.indexOf('// Block 0') + 3;
      text = `${text.slice(0, at)}${i % 3 === 0 ? '\n// ' : 'x'}${text.slice(at)}`;
      current = analyze({ fileName: 'f.js', text, config, incremental: true, ...(current.sourceFile ? { previous: current.sourceFile } : {}) });
      assert.ok(current.reuse && current.reuse.kept > 0, `edit ${i}: reuse ${JSON.stringify(current.reuse)}`);
      if (readAt.has(i)) assert.deepEqual(normalized(current), normalized(analyze({ fileName: 'f.js', text, config })), `edit ${i}`);
    }
    assert.ok(current.models.length > 0 && current.sites.length > 0);
  });
});

test('a kept incremental result does not keep its parse alive (the server stores results, not parses)', () => {
  // In a child process with a collectable heap: a result whose `sourceFile` the store dropped
  // (lsp/analyses.ts) must let the syntax tree go, models and sites unread (they are read lazily).
  const analyzer = JSON.stringify(require.resolve('../src/analysis/analyze'));
  const configModule = JSON.stringify(require.resolve('../src/analysis/config'));
  const text = JSON.stringify(generateLargeTfFile(40));
  const script = `
    const { analyze } = require(${analyzer});
    const config = require(${configModule}).defaultConfig();
    let text = ${text};
    const kept = [];
    const parses = [];
    let previous;
    for (let i = 0; i < 3; i++) {
      text = text.replace('// Block 0', '// Block 0' + i);
      const result = analyze({ fileName: 'f.js', text, config, incremental: true, ...(previous ? { previous } : {}) });
      parses.push(new WeakRef(result.sourceFile));
      previous = result.sourceFile;
      delete result.sourceFile;
      kept.push(result);
    }
    previous = undefined;
    // WeakRef targets live until the end of the job that made them: collect in a later one.
    setTimeout(() => {
      gc();
      const alive = parses.filter((p) => p.deref() !== undefined).length;
      const lazyRead = kept.every((r) => r.models.length > 0 && r.sites.length > 0);
      process.stdout.write(JSON.stringify({ alive, lazyRead }));
    }, 0);
  `;
  const run = spawnSync(process.execPath, ['--expose-gc', '-e', script], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(JSON.parse(run.stdout), { alive: 0, lazyRead: true });
});
