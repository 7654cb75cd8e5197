// Protocol tests: the real server over stdio, a real JSON-RPC client, and the scripted analyzer of
// lsp-fake-analyzer.ts, so what is tested is the server (sync, ordering, debouncing, conversion,
// code actions, lenses, commands, settings), whatever the rules flag today.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { CodeActionKind, DiagnosticSeverity, FileChangeType, TextDocumentSyncKind } from 'vscode-languageserver-protocol/node';
import { docUrl } from '../src/rules/rule';
import { rangesOf, TestClient } from './lsp-client';

const LOG = /tf\.log\(([A-Za-z_$][\w$]*)\)/g;

const SAMPLE = [
  "const tf = require('@tensorflow/tfjs');",
  'const pred = tf.sigmoid(tf.randomNormal([4, 1]));',
  'const loss = tf.neg(tf.log(pred));',
  'const opt = tf.train.sgd(5);',
  'model.fit(xs, ys, { epochs: 10 });',
  '',
].join('\n');

let counter = 0;
function freshUri(name = 'train.js'): string {
  counter++;
  return pathToFileURL(path.join(os.tmpdir(), 'nanscope-lsp-test', `${counter}-${name}`)).href;
}

describe('language server over stdio (scripted analyzer)', () => {
  let client: TestClient;

  before(async () => {
    // A build without the probe: the lens's command must say so plainly.
    client = await TestClient.start({ serverArgs: ['--no-probe'] });
  });

  after(async () => {
    const code = await client.stop();
    assert.equal(code, 0, 'the server exits cleanly after shutdown + exit');
  });

  it('initializes with incremental sync, code actions, lenses and commands', async () => {
    const caps = client.initializeResult.capabilities;
    assert.deepEqual(client.initializeResult.serverInfo?.name, 'nanscope');
    const sync = caps.textDocumentSync;
    assert.ok(typeof sync === 'object' && sync.change === TextDocumentSyncKind.Incremental);
    const actionKinds = typeof caps.codeActionProvider === 'object' ? caps.codeActionProvider.codeActionKinds : [];
    assert.deepEqual(actionKinds, [CodeActionKind.QuickFix, 'source.fixAll.nanscope']);
    assert.ok(caps.codeLensProvider);
    assert.deepEqual(caps.executeCommandProvider?.commands, ['nanscope.runProbe', 'nanscope.fixAll', 'nanscope.showDocumentation', 'nanscope.applyProbeFix']);
    await client.waitFor('registrations', () => client.registrations.length >= 2);
    const methods = client.registrations.flatMap((r) => r.registrations.map((x) => x.method));
    assert.ok(methods.includes('workspace/didChangeConfiguration'));
    assert.ok(methods.includes('workspace/didChangeWatchedFiles'));
    await client.waitFor('the startup log line', () => client.logs.some((l) => /TypeScript \d+\.\d+/.test(l.message)));
    await client.waitFor('status ready', () => client.statuses.some((s) => s.state === 'ready'));
  });

  it('publishes diagnostics on open, with source, code, doc link, related evidence and version', async () => {
    const uri = freshUri();
    await client.open(uri, SAMPLE);
    const diagnostics = await client.diagnosticsFor(uri, 1);
    assert.equal(diagnostics.length, 2);
    const [log, lr] = diagnostics;
    assert.deepEqual(log?.range, { start: { line: 2, character: 27 }, end: { line: 2, character: 31 } });
    assert.equal(log?.source, 'nanscope');
    assert.equal(log?.code, 'fake-raw-log');
    assert.equal(log?.severity, DiagnosticSeverity.Warning);
    assert.equal(log?.codeDescription?.href, docUrl('fake-raw-log'));
    assert.equal(log?.message, 'tf.log of pred can reach 0');
    assert.deepEqual(log?.relatedInformation, [
      { location: { uri, range: { start: { line: 1, character: 0 }, end: { line: 1, character: 10 } } }, message: 'pred is defined here' },
    ]);
    assert.deepEqual(log?.data, { fixable: true });
    assert.equal(lr?.code, 'fake-high-lr');
    assert.equal(lr?.severity, DiagnosticSeverity.Error);
  });

  it('ignores documents in other languages', async () => {
    const py = freshUri('train.py');
    await client.open(py, 'tf.log(x)\n', 'python');
    const js = freshUri();
    await client.open(js, 'tf.log(x)\n');
    await client.diagnosticsFor(js, 1);
    assert.equal(client.publishCount(py), 0);
  });

  it('after 100 rapid edits, the last diagnostics match the last text, in order, debounced', async () => {
    const uri = freshUri();
    await client.open(uri, "const tf = require('@tensorflow/tfjs');\n");
    await client.diagnosticsFor(uri, 1);
    const before = client.publishCount(uri);
    let version = 1;
    const inserted: number[] = [];
    for (let i = 0; i < 100; i++) {
      const document = client.documents.get(uri)!;
      const lineCount = document.lineCount;
      if (i % 3 === 2 && inserted.length > 0) {
        // Delete the last inserted line.
        const line = lineCount - 2;
        version = await client.change(uri, { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, '');
        inserted.pop();
      } else {
        const end = { line: lineCount - 1, character: 0 };
        version = await client.change(uri, { start: end, end }, `const y${i} = tf.log(x${i});\n`);
        inserted.push(i);
      }
    }
    assert.equal(version, 101);
    const last = await client.diagnosticsFor(uri, 101);
    const expected = rangesOf(client.text(uri), LOG, 'tf.log(');
    assert.equal(expected.length, inserted.length);
    assert.deepEqual(last.map((d) => d.range), expected);
    // Never out of order: versions only grow.
    const versions = (client.diagnostics.get(uri) ?? []).map((p) => p.version ?? 0);
    assert.deepEqual(versions, [...versions].sort((a, b) => a - b));
    // Debounced: far fewer analyses than edits.
    const publishes = client.publishCount(uri) - before;
    assert.ok(publishes <= 10, `${publishes} publishes for 100 edits`);
  });

  it('offers each fix as a quick fix (preferred first), disable line/file and docs; applying one removes the finding', async () => {
    const uri = freshUri();
    await client.open(uri, SAMPLE);
    const [log] = await client.diagnosticsFor(uri, 1);
    assert.ok(log);
    const actions = await client.codeActions(uri, log.range, [log]);
    assert.deepEqual(actions.map((a) => a.title), [
      'Add epsilon: pred.add(1e-7)',
      'Clip to [1e-7, 1] (unsafe: changes training)',
      'Disable fake-raw-log for this line',
      'Disable fake-raw-log for this file',
      'Show documentation for fake-raw-log',
    ]);
    assert.deepEqual(actions.map((a) => a.isPreferred ?? false), [true, false, false, false, false]);
    assert.ok(actions.every((a) => a.kind === CodeActionKind.QuickFix));
    assert.deepEqual(actions[0]?.diagnostics, [log]);

    const publishes = client.publishCount(uri);
    assert.equal(await client.applyEdit(actions[0]!.edit!), true);
    assert.match(client.text(uri), /tf\.log\(pred\.add\(1e-7\)\)/);
    const after = await client.nextDiagnostics(uri, publishes);
    assert.deepEqual(after.map((d) => d.code), ['fake-high-lr']);
  });

  it('disables a rule for a line and for a file with suppression comments the analyzer honours', async () => {
    const uri = freshUri();
    const text = "const tf = require('@tensorflow/tfjs');\nfunction f(a, b) {\n  return tf.log(a).add(tf.log(b));\n}\nconst c = tf.log(z);\n";
    await client.open(uri, text);
    const first = await client.diagnosticsFor(uri, 1);
    assert.equal(first.length, 3);
    const actions = await client.codeActions(uri, first[0]!.range, [first[0]!]);
    const disableLine = actions.find((a) => a.title === 'Disable fake-raw-log for this line')!;
    let count = client.publishCount(uri);
    await client.applyEdit(disableLine.edit!);
    assert.match(client.text(uri), /\n {2}\/\/ nanscope-disable-next-line fake-raw-log\n {2}return/);
    const afterLine = await client.nextDiagnostics(uri, count);
    assert.deepEqual(afterLine.map((d) => d.range.start.line), [5]);

    const fileActions = await client.codeActions(uri, afterLine[0]!.range, [afterLine[0]!]);
    count = client.publishCount(uri);
    await client.applyEdit(fileActions.find((a) => a.title === 'Disable fake-raw-log for this file')!.edit!);
    assert.ok(client.text(uri).startsWith('/* nanscope-disable fake-raw-log */\n'));
    assert.deepEqual(await client.nextDiagnostics(uri, count), []);
  });

  it('opens the rule documentation through window/showDocument', async () => {
    const uri = freshUri();
    await client.open(uri, SAMPLE);
    const [log] = await client.diagnosticsFor(uri, 1);
    const actions = await client.codeActions(uri, log!.range, [log!]);
    const docs = actions.find((a) => a.title.startsWith('Show documentation'))!;
    assert.equal(docs.command?.command, 'nanscope.showDocumentation');
    assert.equal(await client.executeCommand(docs.command.command, docs.command.arguments ?? []), true);
    assert.deepEqual(client.shownDocuments.at(-1), { uri: docUrl('fake-raw-log'), external: true });
  });

  it('answers a stale code action request (diagnostic from an older text) with nothing', async () => {
    const uri = freshUri();
    await client.open(uri, SAMPLE);
    const [log] = await client.diagnosticsFor(uri, 1);
    await client.change(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, '\n');
    const actions = await client.codeActions(uri, log!.range, [log!]);
    assert.deepEqual(actions, []);
  });

  it('fix-all (source.fixAll.nanscope) applies every safe fix and only safe fixes', async () => {
    const uri = freshUri();
    const text = `${SAMPLE}const a = tf.log(p).add(tf.log(q));\n`;
    await client.open(uri, text);
    const diagnostics = await client.diagnosticsFor(uri, 1);
    assert.equal(diagnostics.length, 4);
    assert.deepEqual(await client.codeActions(uri, diagnostics[0]!.range, [], [CodeActionKind.QuickFix]), []);
    const [fixAll, ...rest] = await client.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], ['source.fixAll']);
    assert.equal(rest.length, 0);
    assert.equal(fixAll?.kind, 'source.fixAll.nanscope');
    assert.equal(fixAll?.title, 'Fix all safe nanscope problems (3)');
    const count = client.publishCount(uri);
    await client.applyEdit(fixAll!.edit!);
    assert.equal(client.text(uri), text.replace(/tf\.log\((\w+)\)/g, 'tf.log($1.add(1e-7))'));
    const after = await client.nextDiagnostics(uri, count);
    assert.deepEqual(after.map((d) => d.code), ['fake-high-lr'], 'the unsafe-only finding stays');
    // Nothing left to fix: no action.
    assert.deepEqual(await client.codeActions(uri, after[0]!.range, [], ['source.fixAll.nanscope']), []);
  });

  it('the nanscope.fixAll command applies the same edit through workspace/applyEdit', async () => {
    const uri = freshUri();
    await client.open(uri, SAMPLE);
    await client.diagnosticsFor(uri, 1);
    const result = await client.executeCommand('nanscope.fixAll', [{ uri }]);
    assert.deepEqual(result, { applied: 1 });
    assert.match(client.text(uri), /tf\.log\(pred\.add\(1e-7\)\)/);
  });

  it('puts a "Run stability probe" lens on every training site; the command says the probe is not available yet', async () => {
    const uri = freshUri();
    await client.open(uri, `${SAMPLE}\nawait other.fit(a, b);\n`);
    const lenses = await client.codeLenses(uri);
    assert.deepEqual(lenses.map((l) => [l.range.start.line, l.command?.title, l.command?.command]), [
      [4, 'Run stability probe', 'nanscope.runProbe'],
      [6, 'Run stability probe', 'nanscope.runProbe'],
    ]);
    assert.deepEqual(lenses[1]?.command?.arguments, [{ uri, siteId: 'fit@7' }]);
    const messages = client.messages.length;
    const result = (await client.executeCommand('nanscope.runProbe', lenses[0]!.command!.arguments!)) as { status: string; message: string; siteId: string };
    assert.equal(result.status, 'unavailable');
    assert.equal(result.siteId, 'fit@5');
    assert.match(result.message, /not available yet/);
    await client.waitFor('a message to the user', () => client.messages.length > messages);
    assert.match(client.messages.at(-1)!.message, /stability probe is not available yet/);

    // By position (the command palette): the site at or above the cursor.
    const byPosition = (await client.executeCommand('nanscope.runProbe', [{ uri, position: { line: 5, character: 0 } }])) as { siteId: string };
    assert.equal(byPosition.siteId, 'fit@5');
    const none = (await client.executeCommand('nanscope.runProbe', [{ uri, position: { line: 0, character: 0 } }])) as { status: string };
    assert.equal(none.status, 'no-site');
  });

  it('re-validates on configuration change: severity, off, enable, run on save', async () => {
    const uri = freshUri();
    await client.open(uri, SAMPLE);
    await client.diagnosticsFor(uri, 1);
    try {
      let count = client.publishCount(uri);
      await client.changeSettings({ rules: { 'fake-raw-log': 'error' } });
      const raised = await client.nextDiagnostics(uri, count);
      assert.equal(raised.find((d) => d.code === 'fake-raw-log')?.severity, DiagnosticSeverity.Error);
      await client.waitFor('a code lens refresh', () => client.codeLensRefreshes > 0);

      count = client.publishCount(uri);
      await client.changeSettings({ rules: { 'fake-raw-log': 'off' } });
      assert.deepEqual((await client.nextDiagnostics(uri, count)).map((d) => d.code), ['fake-high-lr']);

      count = client.publishCount(uri);
      await client.changeSettings({ enable: false });
      assert.deepEqual(await client.nextDiagnostics(uri, count), []);
      assert.deepEqual(await client.codeLenses(uri), []);

      count = client.publishCount(uri);
      await client.changeSettings({ run: 'onSave' });
      assert.equal((await client.nextDiagnostics(uri, count)).length, 2);
      count = client.publishCount(uri);
      const v = await client.replaceAll(uri, `${SAMPLE}tf.log(more);\n`);
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(client.publishCount(uri), count, 'no analysis while typing in onSave mode');
      await client.save(uri);
      assert.equal((await client.diagnosticsFor(uri, v)).length, 3);
    } finally {
      await client.changeSettings({});
    }
  });

  it('survives syntax errors and keeps analyzing what parsed', async () => {
    const uri = freshUri('broken.ts');
    await client.open(uri, "import * as tf from '@tensorflow/tfjs';\nconst = ;;\nfunction (\nconst l = tf.log(p);\n", 'typescript');
    const diagnostics = await client.diagnosticsFor(uri, 1);
    assert.deepEqual(diagnostics.map((d) => d.code), ['fake-raw-log']);
  });

  it('a failing analysis clears the document\'s squiggles and reports an error status; recovery clears it', async () => {
    const uri = freshUri();
    await client.open(uri, SAMPLE);
    assert.equal((await client.diagnosticsFor(uri, 1)).length, 2);
    const v2 = await client.replaceAll(uri, `${SAMPLE}// FAKE_THROW\n`);
    assert.deepEqual(await client.diagnosticsFor(uri, undefined).then(() => client.nextDiagnostics(uri, 1)), []);
    await client.waitFor('error status', () => client.statuses.at(-1)?.state === 'error');
    assert.match(client.statuses.at(-1)?.message ?? '', /scripted analyzer failure/);
    assert.ok(v2 > 1);
    const v3 = await client.replaceAll(uri, SAMPLE);
    assert.equal((await client.diagnosticsFor(uri, v3)).length, 2);
    await client.waitFor('status back to ready', () => client.statuses.at(-1)?.state === 'ready');
  });

  it('analyzes a 50,000-line file, then re-analyzes an edit at its end', async () => {
    const uri = freshUri('big.js');
    const lines = ["const tf = require('@tensorflow/tfjs');"];
    // About 1.6 MB: under the default maxFileSize (2 MB).
    for (let i = 1; i < 49_999; i++) lines.push(`const v${i} = tf.add(a, ${i % 7});`);
    lines.push('const last = tf.log(v1);');
    const text = `${lines.join('\n')}\n`;
    assert.equal(text.split('\n').length - 1, 50_000);
    let start = performance.now();
    await client.open(uri, text);
    const diagnostics = await client.diagnosticsFor(uri, 1, 30_000);
    const openMs = performance.now() - start;
    assert.deepEqual(diagnostics.map((d) => d.range.start.line), [49_999]);
    start = performance.now();
    const v = await client.change(uri, { start: { line: 50_000, character: 0 }, end: { line: 50_000, character: 0 } }, 'tf.log(w);\n');
    const after = await client.diagnosticsFor(uri, v, 30_000);
    const editMs = performance.now() - start;
    assert.deepEqual(after.map((d) => d.range.start.line), [49_999, 50_000]);
    process.stdout.write(`# 50,000 lines: open → diagnostics ${openMs.toFixed(0)} ms; edit → diagnostics ${editMs.toFixed(0)} ms\n`);
    await client.close(uri);
  });

  it('clears a closed document\'s diagnostics (open-files scope)', async () => {
    const uri = freshUri();
    await client.open(uri, SAMPLE);
    await client.diagnosticsFor(uri, 1);
    const count = client.publishCount(uri);
    await client.close(uri);
    assert.deepEqual(await client.nextDiagnostics(uri, count), []);
  });
});

describe('language server: workspace scope', () => {
  let dir: string;
  let client: TestClient;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nanscope-ws-'));
    fs.writeFileSync(path.join(dir, 'a.js'), SAMPLE);
    fs.writeFileSync(path.join(dir, 'b.ts'), "import * as tf from '@tensorflow/tfjs';\nconst fine = 1;\n");
    fs.mkdirSync(path.join(dir, 'node_modules', 'dep'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'node_modules', 'dep', 'index.js'), 'tf.log(x);\n');
    fs.writeFileSync(path.join(dir, '.gitignore'), 'generated/\n');
    fs.mkdirSync(path.join(dir, 'generated'));
    fs.writeFileSync(path.join(dir, 'generated', 'g.js'), 'tf.log(x);\n');
    client = await TestClient.start({
      settings: { scope: 'workspace' },
      workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'ws' }],
    });
  });

  after(async () => {
    await client.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const uriOf = (name: string): string => pathToFileURL(path.join(dir, name)).href;

  it('publishes diagnostics for files that are not open, with progress, skipping ignored folders', async () => {
    const diagnostics = await client.diagnosticsFor(uriOf('a.js'));
    assert.deepEqual(diagnostics.map((d) => d.code), ['fake-raw-log', 'fake-high-lr']);
    await client.waitFor('progress end', () => client.progress.some((p) => p.value.kind === 'end'));
    const begin = client.progress.find((p) => p.value.kind === 'begin');
    assert.match(begin?.value.kind === 'begin' ? begin.value.message ?? '' : '', /analyzing 2 files/);
    assert.equal(client.publishCount(uriOf('node_modules/dep/index.js')), 0);
    assert.equal(client.publishCount(uriOf('generated/g.js')), 0);
  });

  it('follows changes on disk: a changed file is re-analyzed, a deleted one cleared', async () => {
    fs.writeFileSync(path.join(dir, 'b.ts'), "import * as tf from '@tensorflow/tfjs';\nconst l = tf.log(q);\n");
    let count = client.publishCount(uriOf('b.ts'));
    await client.filesChanged([{ uri: uriOf('b.ts'), type: FileChangeType.Changed }]);
    assert.deepEqual((await client.nextDiagnostics(uriOf('b.ts'), count)).map((d) => d.code), ['fake-raw-log']);

    count = client.publishCount(uriOf('b.ts'));
    fs.rmSync(path.join(dir, 'b.ts'));
    await client.filesChanged([{ uri: uriOf('b.ts'), type: FileChangeType.Deleted }]);
    assert.deepEqual(await client.nextDiagnostics(uriOf('b.ts'), count), []);
  });

  it('a new .nanscoperc.json applies to files on disk', async () => {
    const count = client.publishCount(uriOf('a.js'));
    fs.writeFileSync(path.join(dir, '.nanscoperc.json'), JSON.stringify({ rules: { 'fake-high-lr': 'off' } }));
    await client.filesChanged([{ uri: uriOf('.nanscoperc.json'), type: FileChangeType.Created }]);
    assert.deepEqual((await client.nextDiagnostics(uriOf('a.js'), count)).map((d) => d.code), ['fake-raw-log']);
  });

  it('an open document takes over from its file, and its file takes over again when closed', async () => {
    const uri = uriOf('a.js');
    await client.open(uri, 'const nothing = 0;\n');
    assert.deepEqual(await client.diagnosticsFor(uri, 1), []);
    const count = client.publishCount(uri);
    await client.close(uri);
    assert.deepEqual((await client.nextDiagnostics(uri, count)).map((d) => d.code), ['fake-raw-log']);
  });

  it('switching back to open-files scope clears the files that are not open', async () => {
    const count = client.publishCount(uriOf('a.js'));
    await client.changeSettings({ scope: 'openFiles' });
    assert.deepEqual(await client.nextDiagnostics(uriOf('a.js'), count), []);
  });
});

describe('language server: a minimal client (no configuration pull, no capabilities)', () => {
  it('takes settings from initializationOptions and pushed configuration', async () => {
    const client = await TestClient.start({ minimalClient: true, initializationOptions: { settings: { rules: { 'fake-raw-log': 'info' } } } });
    try {
      const uri = freshUri();
      await client.open(uri, SAMPLE);
      const diagnostics = await client.diagnosticsFor(uri);
      assert.equal(diagnostics[0]?.severity, DiagnosticSeverity.Information);
      assert.equal(diagnostics[0]?.codeDescription, undefined, 'no codeDescription for a client without support');
      assert.equal(diagnostics[0]?.relatedInformation, undefined);
      const count = client.publishCount(uri);
      await client.changeSettings({ rules: { 'fake-raw-log': 'off' } }, true);
      assert.deepEqual((await client.nextDiagnostics(uri, count)).map((d) => d.code), ['fake-high-lr']);
      // Without documentChanges support, edits come as `changes`.
      const [lr] = await client.diagnosticsFor(uri);
      const [fix] = await client.codeActions(uri, lr!.range, [lr!]);
      assert.ok(fix?.edit?.changes?.[uri]);
    } finally {
      await client.stop();
    }
  });
});
