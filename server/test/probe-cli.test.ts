// `nanscope probe` and `nanscope --probe` in process, with the seed cases' hand-written analysis
// results standing in for the analyzer: exit codes, the JSON shape of issue 4 item 9, the text
// report, --line, and usage errors.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AnalysisResult } from '../src/analysis/types';
import { main, probeFiles, type ProbeCliIo } from '../src/probe/cli';
import { SEED_CASES, seedCase } from './probe-cases';

interface Captured {
  io: ProbeCliIo;
  stdout(): string;
  stderr(): string;
}

function io(): Captured {
  let out = '';
  let err = '';
  const byFile = new Map<string, { text: string; result: AnalysisResult }>(SEED_CASES.map((c) => [c.result.fileName, { text: c.text, result: c.result }]));
  return {
    io: {
      cwd: '/seeds',
      stdout: (text) => void (out += text),
      stderr: (text) => void (err += text),
      readFile: (file) => {
        const found = byFile.get(file);
        if (!found) throw new Error(`ENOENT: ${file}`);
        return found.text;
      },
      analyze: ({ fileName }) => {
        const found = byFile.get(fileName);
        assert.ok(found, fileName);
        return found.result;
      },
    },
    stdout: () => out,
    stderr: () => err,
  };
}

const file = (name: string): string => `${seedCase(name).name}.js`;

describe('nanscope probe', () => {
  test('--format json: one object per site in the shape of issue 4; exit 1 on Infinity', async () => {
    const captured = io();
    const code = await main([file('c1'), '--format', 'json', '--budget', '2'], captured.io);
    assert.equal(code, 1);
    const parsed = JSON.parse(captured.stdout()) as Record<string, unknown>[];
    assert.equal(parsed.length, 1);
    const site = parsed[0] as Record<string, unknown>;
    for (const key of ['filePath', 'line', 'verdict', 'firstNonFinite', 'backend', 'epochs', 'loss', 'fixes']) assert.ok(key in site, key);
    assert.equal(site['filePath'], '/seeds/c1-unscaled-features-sgd.js');
    assert.equal(site['line'], 12);
    assert.equal(site['verdict'], 'inf');
    assert.deepEqual(site['firstNonFinite'], { epoch: 3, batch: 1, value: 'Infinity', op: 'Multiply', line: 9 });
    assert.equal(site['backend'], 'wasm');
    assert.equal(site['epochs'], 3);
    const loss = site['loss'] as unknown[];
    assert.equal(loss.length, 3);
    assert.equal(loss[2], 'Infinity', 'JSON has no Infinity: it is written as a string');
    const fixes = site['fixes'] as Record<string, unknown>[];
    assert.deepEqual(Object.keys(fixes[0] ?? {}).slice(0, 3), ['ruleId', 'title', 'verdict']);
    assert.ok(fixes.some((f) => f['verified'] === true));
  });

  test('text: the verdict, the reason, the loss curve and the fixes; exit 0 when nothing is broken', async () => {
    const captured = io();
    const code = await main([file('c7'), '--no-fixes'], captured.io);
    assert.equal(code, 0);
    const text = captured.stdout();
    assert.match(text, /c7-outlier-adam\.js\n {2}8 {2}probe {2}not learning: the loss stayed large/);
    assert.match(text, /loss per epoch: /);
    assert.match(text, /data: x literal \[4, 1\] in \[1, 1000\]/);
    assert.match(text, /1 training site probed, 0 broken/);
    assert.doesNotMatch(text, /fix /);
  });

  test('--line picks the site at that line, and says so when there is none', async () => {
    const captured = io();
    assert.equal(await main([file('c3'), '--line', '17', '--format', 'json', '--no-fixes'], captured.io), 1);
    assert.equal((JSON.parse(captured.stdout()) as unknown[]).length, 1);
    const none = io();
    assert.equal(await main([file('c3'), '--line', '2'], none.io), 2);
    assert.match(none.stderr(), /no training site at .*:2/);
  });

  test('usage errors exit 2; --help exits 0', async () => {
    for (const argv of [[], ['--format', 'xml', 'a.js'], ['--budget', '-1', 'a.js'], ['--bogus', 'a.js'], ['a.js', 'b.js', '--line', '3']]) {
      const captured = io();
      assert.equal(await main(argv, captured.io), 2, argv.join(' '));
      assert.match(captured.stderr(), /Usage: nanscope probe/);
    }
    const help = io();
    assert.equal(await main(['--help'], help.io), 0);
    assert.match(help.stdout(), /--format text\|json/);
    const missing = io();
    assert.equal(await main(['nope.js'], missing.io), 2);
    assert.match(missing.stderr(), /cannot read nope\.js/);
  });

  test('--probe: every site of every linted file, one document', async () => {
    const captured = io();
    const code = await probeFiles(['/seeds/c9-standardized-low-lr.js', '/seeds/v01-sgd-without-learning-rate.js'], 'json', captured.io);
    assert.equal(code, 1);
    const parsed = JSON.parse(captured.stdout()) as { filePath: string; verdict: string }[];
    assert.deepEqual(
      parsed.map((p) => [p.filePath, p.verdict]),
      [
        ['/seeds/c9-standardized-low-lr.js', 'stable'],
        ['/seeds/v01-sgd-without-learning-rate.js', 'nan'],
      ],
    );
    const sarif = io();
    await probeFiles(['/seeds/v01-sgd-without-learning-rate.js'], 'sarif', sarif.io);
    const doc = JSON.parse(sarif.stdout()) as { version: string; runs: { results: { ruleId: string; level: string }[] }[] };
    assert.equal(doc.version, '2.1.0');
    assert.deepEqual(doc.runs[0]?.results.map((r) => [r.ruleId, r.level]), [['probe/nan', 'error']]);
  });
});
