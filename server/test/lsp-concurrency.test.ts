// Concurrency: fifty documents edited at once, settings and configuration files changed while
// analyses are in flight, a module shared by ten of them changed in its buffer and on disk, and
// documents closed (and reopened) mid-analysis. The real server runs over stdio; the test does not
// wait between edits. Once the server is quiet, every document's last published diagnostics must be
// exactly what the analyzer, called here in-process, reports for the document's final text under
// the final settings, and no publish may be stale (an older version after a newer one, or
// squiggles after a close).
//
// The edit storm is drawn from a seeded generator, so a failure replays with the same edits; only
// how the server interleaves them with its analyses varies from run to run.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Diagnostic, FileChangeType, type Position, type PublishDiagnosticsParams, type Range } from 'vscode-languageserver-protocol/node';
import { analyze } from '../src/analysis/analyze';
import { defaultConfig, mergeConfig } from '../src/analysis/config';
import { ModuleGraph } from '../src/analysis/modules';
import { clearConfigCache, loadConfigFor } from '../src/config/load';
import { nodeModuleHost } from '../src/host/module-host';
import { normalizeSettings } from '../src/lsp/settings';
import { toDiagnostic } from '../src/lsp/to-lsp';
import { mulberry32 } from '../src/probe/random';
import { ruleIds } from '../src/rules';
import { docUrl } from '../src/rules/rule';
import { useTempProjects } from './helpers/temp-project';
import { REAL_SERVER, TestClient } from './lsp-client';

const DOCUMENTS = 50;
const IMPORTERS = 10;
const ROUNDS = 8;
/** A hang guard only: how long the server may take to catch up with a storm. */
const SETTLE_TIMEOUT_MS = 30_000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

// A document is a list of slots, one or more lines each; an edit swaps a slot's variant. The first
// variant of every slot is the safe one, so a clean document is all first variants.
const HEADER = ["const tf = require('@tensorflow/tfjs');"];
const LOCAL_DATA = 'const xs = tf.randomUniform([32, 2]); const ys = tf.randomUniform([32, 1]);';
const IMPORTED_DATA = "const { xs, ys } = require('./data');";
const SLOTS: readonly (readonly string[])[] = [
  HEADER,
  [LOCAL_DATA],
  ['', '// scratch notes', '// a comment\n// on two lines'],
  ["const model = tf.sequential({ layers: [tf.layers.dense({ units: 4, activation: 'tanh', inputShape: [2] }), tf.layers.dense({ units: 1 })] });"],
  [
    "model.compile({ optimizer: tf.train.sgd(0.01), loss: 'meanSquaredError' });",
    "model.compile({ optimizer: tf.train.sgd(5), loss: 'meanSquaredError' });",
    "model.compile({ optimizer: tf.train.sgd(2), loss: 'meanSquaredError' });",
    "model.compile({ optimizer: tf.train.adam(0.5), loss: 'meanSquaredError' });",
    "model.compile({ optimizer: tf.train.adagrad(), loss: 'meanSquaredError' });",
  ],
  [
    'const p = tf.tensor1d([0.5, 0, 0.25]); const entropy = tf.sum(tf.mul(p, tf.log(p.add(1e-7)))).neg();',
    'const p = tf.tensor1d([0.5, 0, 0.25]); const entropy = tf.sum(tf.mul(p, tf.log(p))).neg();',
    'const p = tf.tensor1d([0.5, 0, 0.25]);\nconst entropy = tf.sum(tf.mul(p, tf.log(p))).neg();\nconst again = tf.log(p).mean();',
  ],
  ['const tuned = tf.train.adam(0.001, 0.9, 0.999, 1e-7);', 'const tuned = tf.train.adam(0.001, 0.9, 0.999, 0);'],
  ['const scores = tf.exp(tf.tensor1d([1, 2]));', 'const scores = tf.exp(tf.tensor1d([1000, 2]));'],
  ['', 'const broken = (1 + ;', 'function half( {'],
  ['model.fit(xs, ys, { epochs: 5 });', 'model.fit(xs, ys, { epochs: 5, batchSize: 0 });'],
];
const DATA_SLOT = 1;

const RAW_DATA = [
  "const tf = require('@tensorflow/tfjs');",
  'exports.xs = tf.tensor2d([[2104, 3], [1600, 3], [2400, 3], [1416, 2]]);',
  'exports.ys = tf.tensor2d([[0.4], [0.33], [0.37], [0.23]]);',
  '',
].join('\n');
const SCALED_DATA = RAW_DATA.replace('[[2104, 3], [1600, 3], [2400, 3], [1416, 2]]', '[[0.21, 0.3], [0.16, 0.3], [0.24, 0.3], [0.14, 0.2]]');
const RAW_DATA_2 = RAW_DATA.replace('2104', '980');

interface Doc {
  uri: string;
  filePath: string;
  /** Variants offered per slot (importers can also switch to local data and back). */
  slots: (readonly string[])[];
  /** The text of each slot now (a variant, or part of one while being typed). */
  current: string[];
  open: boolean;
  /** Not edited any more (a reopened document left as it was reopened, so nothing masks a lost analysis). */
  frozen?: boolean;
  /** How many publishes had arrived when the client closed it (for the after-close checks). */
  closedAt?: number;
}

interface Storm {
  root: string;
  client: TestClient;
  docs: Doc[];
  rng: () => number;
  edits: number;
}

const uriOf = (root: string, name: string): string => pathToFileURL(path.join(root, name)).href;

function makeDocs(root: string, rng: () => number): Doc[] {
  const docs: Doc[] = [];
  for (let i = 0; i < DOCUMENTS; i++) {
    const name = `doc-${String(i).padStart(2, '0')}.js`;
    const slots = SLOTS.map((s, k) => (k === DATA_SLOT && i < IMPORTERS ? [IMPORTED_DATA, LOCAL_DATA] : s));
    // Every fifth document starts clean; the others start from random variants.
    const current = slots.map((s) => (i % 5 === 4 ? s[0]! : s[Math.floor(rng() * s.length)]!));
    docs.push({ uri: uriOf(root, name), filePath: path.join(root, name), slots, current, open: false });
  }
  return docs;
}

function offsetOfSlot(doc: Doc, slot: number): number {
  let offset = 0;
  for (let k = 0; k < slot; k++) offset += doc.current[k]!.length + 1;
  return offset;
}

/** Line and character of `offset` in `text` (the test's own, independent of the server's). */
function positionIn(text: string, offset: number): Position {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1]!.length };
}

/**
 * The change that turns slot `slot`'s current text into `text`, with the model updated to match.
 * The range is computed on the model as it is before this change, as a change in a message with
 * several must be (they apply in order).
 */
function slotChange(doc: Doc, slot: number, text: string): { range: Range; text: string } {
  const whole = doc.current.join('\n');
  const start = offsetOfSlot(doc, slot);
  const range = { start: positionIn(whole, start), end: positionIn(whole, start + doc.current[slot]!.length) };
  doc.current[slot] = text;
  return { range, text };
}

/** One edit of an open document, drawn from the generator: a swap, a swap typed in pieces, or two swaps in one message. */
async function edit(storm: Storm, doc: Doc): Promise<void> {
  const { client, rng } = storm;
  const editable = doc.slots.map((s, k) => (s.length > 1 ? k : -1)).filter((k) => k >= 0);
  const pick = (): [number, string] => {
    const slot = editable[Math.floor(rng() * editable.length)]!;
    const others = doc.slots[slot]!.filter((v) => v !== doc.current[slot]);
    return [slot, others[Math.floor(rng() * others.length)] ?? doc.slots[slot]![0]!];
  };
  const r = rng();
  if (r < 0.6) {
    const [slot, text] = pick();
    await client.changes(doc.uri, [slotChange(doc, slot, text)]);
    storm.edits++;
  } else if (r < 0.8) {
    // Typed: the old text deleted, then the new one in two pieces; the versions in between are
    // half-written code.
    const [slot, text] = pick();
    const cut = Math.floor(text.length / 2);
    await client.changes(doc.uri, [slotChange(doc, slot, '')]);
    await client.changes(doc.uri, [slotChange(doc, slot, text.slice(0, cut))]);
    await client.changes(doc.uri, [slotChange(doc, slot, text)]);
    storm.edits += 3;
  } else {
    const [first, a] = pick();
    const change1 = slotChange(doc, first, a);
    const [second, b] = pick();
    const change2 = slotChange(doc, second, b);
    await client.changes(doc.uri, [change1, change2]);
    storm.edits++;
  }
}

/** Every slot back to its safe variant, in one message (a fix-all, say). */
async function cleanUp(storm: Storm, doc: Doc): Promise<void> {
  const changes = doc.slots.map((variants, slot) => slotChange(doc, slot, variants[0]!));
  await storm.client.changes(doc.uri, changes);
  storm.edits++;
}

type Event = (storm: Storm) => Promise<void>;

/**
 * Opens every document, then edits them in `ROUNDS` rounds, each in a fresh order, without waiting
 * for the server. `events[round]` run halfway through that round (settings, modules, closes).
 */
async function runStorm(storm: Storm, events: Record<number, Event[]> = {}): Promise<void> {
  const { client, docs, rng } = storm;
  for (const doc of docs) {
    await client.open(doc.uri, doc.current.join('\n'));
    doc.open = true;
  }
  for (let round = 0; round < ROUNDS; round++) {
    const order = docs.filter((d) => d.open);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const [i, doc] of order.entries()) {
      if (i === Math.floor(order.length / 2)) for (const event of events[round] ?? []) await event(storm);
      if (doc.open && !doc.frozen) await edit(storm, doc);
    }
    // Let some analyses start before the next round, so later edits land mid-analysis.
    await sleep(Math.floor(rng() * 40));
  }
  for (const event of events[ROUNDS] ?? []) await event(storm);
}

async function close(storm: Storm, doc: Doc): Promise<void> {
  doc.closedAt = storm.client.publishCount(doc.uri);
  doc.open = false;
  await storm.client.close(doc.uri);
}

/** Reopens a closed document with other text, at a version above any it had (as an editor may). */
async function reopen(storm: Storm, doc: Doc, version: number, frozen = false): Promise<void> {
  doc.current = doc.slots.map((s, k) => s[(k + 1) % s.length]!);
  delete doc.closedAt;
  doc.open = true;
  doc.frozen = frozen;
  await storm.client.open(doc.uri, doc.current.join('\n'), 'javascript', version);
}

async function changeSettings(storm: Storm, settings: Record<string, unknown>): Promise<void> {
  await storm.client.changeSettings(settings);
}

/**
 * Runs `send` while the client holds its answers to the server's settings requests, then answers
 * them in order: everything `send` sent reaches the server while it waits for its settings.
 */
async function holdSettings(storm: Storm, send: () => Promise<void>): Promise<void> {
  const { client } = storm;
  const delay = client.configurationDelay;
  client.configurationDelay = undefined;
  const release = client.holdConfiguration();
  try {
    await send();
  } finally {
    release();
    client.configurationDelay = delay;
  }
}

/** Writes the project's `.nanscoperc.json` and tells the server, as the editor's file watcher would. */
async function writeRc(storm: Storm, rc: Record<string, unknown>): Promise<void> {
  const file = path.join(storm.root, '.nanscoperc.json');
  const type = fs.existsSync(file) ? FileChangeType.Changed : FileChangeType.Created;
  fs.writeFileSync(file, JSON.stringify(rc));
  await storm.client.filesChanged([{ uri: uriOf(storm.root, '.nanscoperc.json'), type }]);
}

async function writeModule(storm: Storm, text: string): Promise<void> {
  fs.writeFileSync(path.join(storm.root, 'data.js'), text);
  await storm.client.filesChanged([{ uri: uriOf(storm.root, 'data.js'), type: FileChangeType.Changed }]);
}

/**
 * What the server must show for each document now: the analyzer's findings on the client's text,
 * under the client's settings merged over the folder's configuration file, with the workspace's
 * modules as the client sees them (open buffers over the disk). Closed documents show nothing.
 */
function expectedDiagnostics(storm: Storm, settingsRaw: Record<string, unknown> = storm.client.settings): Map<string, Diagnostic[]> {
  clearConfigCache();
  const settings = normalizeSettings(settingsRaw);
  const modules = new ModuleGraph(nodeModuleHost());
  for (const [uri, document] of storm.client.documents) modules.setText(fileURLToPath(uri), document.getText());
  const out = new Map<string, Diagnostic[]>();
  for (const doc of [...storm.docs, moduleDoc(storm)]) {
    const document = storm.client.documents.get(doc.uri);
    if (!document) {
      out.set(doc.uri, []);
      continue;
    }
    const base = loadConfigFor(doc.filePath, { base: defaultConfig(), knownRules: ruleIds }).config;
    const editor: Record<string, unknown> = {};
    if (Object.keys(settings.rules).length > 0) editor['rules'] = settings.rules;
    if (Object.keys(settings.thresholds).length > 0) editor['thresholds'] = settings.thresholds;
    const config = mergeConfig(base, editor, ruleIds).config;
    const result = analyze({ fileName: doc.filePath, text: document.getText(), config, modules });
    const features = { relatedInformation: true, codeDescription: true };
    out.set(doc.uri, settings.enable ? result.findings.map((f) => toDiagnostic(f, doc.uri, docUrl, features)) : []);
  }
  return out;
}

/** The shared module as a document of the storm (it is opened and closed by some scenarios). */
function moduleDoc(storm: Storm): Doc {
  return { uri: uriOf(storm.root, 'data.js'), filePath: path.join(storm.root, 'data.js'), slots: [], current: [], open: false };
}

function last(storm: Storm, uri: string): PublishDiagnosticsParams | undefined {
  const list = storm.client.diagnostics.get(uri) ?? [];
  return list[list.length - 1];
}

/** Why `uri`'s last publish is not what it should be, or undefined when it is. */
function mismatch(storm: Storm, uri: string, expected: Diagnostic[]): string | undefined {
  const document = storm.client.documents.get(uri);
  const published = last(storm, uri);
  if (!published) return expected.length === 0 && !document ? undefined : 'nothing published';
  if (document && published.version !== document.version) return `last publish is for v${published.version}, the document is at v${document.version}`;
  try {
    assert.deepEqual(published.diagnostics, expected);
    return undefined;
  } catch {
    const show = (ds: Diagnostic[]): string =>
      ds.map((d) => `${String(d.code)}@${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}/${d.severity}`).join(', ') || 'none';
    return `published [${show(published.diagnostics)}], expected [${show(expected)}]`;
  }
}

/** Waits until every document's last publish is the expected one, or fails naming those that never got there. */
async function matching(storm: Storm, expected: Map<string, Diagnostic[]>): Promise<void> {
  const wrong = (): string[] =>
    [...expected].flatMap(([uri, diagnostics]) => {
      const why = mismatch(storm, uri, diagnostics);
      return why ? [`${path.basename(uri)}: ${why}`] : [];
    });
  try {
    await storm.client.waitFor('every document to show its current diagnostics', () => wrong().length === 0, SETTLE_TIMEOUT_MS);
  } catch {
    assert.fail(`documents whose last publish does not match their current text and settings:\n${wrong().join('\n')}`);
  }
}

/** Mid-scenario: waits until every document shows what it should now. */
function caughtUp(storm: Storm): Promise<void> {
  return matching(storm, expectedDiagnostics(storm));
}

interface Checked {
  documents: number;
  publishes: number;
}

/**
 * Waits until every document's last publish is the expected one (or fails with the documents that
 * never got there), lets the server go quiet, then checks again and checks the whole sequence.
 */
async function settleAndCheck(storm: Storm): Promise<Checked> {
  const { client } = storm;
  for (const doc of storm.docs.filter((d) => d.open)) {
    assert.equal(client.text(doc.uri), doc.current.join('\n'), `the test's own model of ${path.basename(doc.uri)} is the editor's text`);
  }
  const expected = expectedDiagnostics(storm);
  const uris = [...expected.keys()];
  await matching(storm, expected);
  // Quiet: a round trip through the server (which answers only after the messages before it), and
  // time for any timer it had pending. A stale publish arriving now breaks the checks below.
  const open = storm.docs.find((d) => d.open);
  await sleep(300);
  if (open) await client.codeLenses(open.uri);
  await sleep(300);
  const wrong = uris.flatMap((u) => {
    const why = mismatch(storm, u, expected.get(u)!);
    return why ? [`${path.basename(u)}: ${why}`] : [];
  });
  assert.deepEqual(wrong, [], 'the last publishes still match after the server went quiet');

  let publishes = 0;
  for (const uri of uris) {
    const list = client.diagnostics.get(uri) ?? [];
    publishes += list.length;
    // Never an older version after a newer one (unversioned publishes are clears).
    let newest = 0;
    for (const p of list) {
      if (p.version === undefined) continue;
      assert.ok(p.version >= newest, `${path.basename(uri)}: v${p.version} published after v${newest}`);
      newest = p.version;
    }
  }
  for (const doc of storm.docs) {
    if (doc.closedAt === undefined) continue;
    const after = (client.diagnostics.get(doc.uri) ?? []).slice(doc.closedAt);
    // The server's clear (unversioned) may follow publishes already on their way; nothing with
    // squiggles may follow the clear.
    const clearedAt = after.findIndex((p) => p.version === undefined);
    if (clearedAt >= 0) {
      assert.deepEqual(after.slice(clearedAt).filter((p) => p.diagnostics.length > 0), [], `${path.basename(doc.uri)}: diagnostics after its close was cleared`);
    }
  }
  const errors = client.logs.filter((l) => l.type === 1).map((l) => l.message);
  assert.deepEqual(errors, [], 'the server logged no errors');
  return { documents: uris.length, publishes };
}

async function startStorm(project: (files: Record<string, string>) => string, seed: number): Promise<Storm> {
  const root = project({ 'data.js': RAW_DATA });
  const client = await TestClient.start({ server: REAL_SERVER, settings: {} });
  const rng = mulberry32(seed);
  return { root, client, docs: makeDocs(root, rng), rng, edits: 0 };
}

/** Some documents' findings must differ between two settings, or the settings part tests nothing. */
function assertSettingsMatter(storm: Storm, before: Record<string, unknown>): void {
  const now = expectedDiagnostics(storm);
  const then = expectedDiagnostics(storm, before);
  const differing = [...now.keys()].filter((u) => JSON.stringify(now.get(u)) !== JSON.stringify(then.get(u)));
  assert.ok(differing.length >= 5, `the final settings change what ${differing.length} documents show`);
}

function report(t: TestContext, storm: Storm, checked: Checked): void {
  const flagged = [...expectedDiagnostics(storm).values()].filter((d) => d.length > 0).length;
  // What was exercised, in the test report.
  t.diagnostic(`${checked.documents} documents, ${storm.edits} edits, ${checked.publishes} publishes checked, ${flagged} documents with findings at the end`);
}

describe('language server under concurrent edits, setting changes and closes', () => {
  const project = useTempProjects('lsp-concurrency');

  it('fifty documents edited at once end with the diagnostics of their final text', { timeout: 120_000 }, async (t) => {
    const storm = await startStorm(project, 1);
    try {
      // Last, a few documents are cleaned up while the rest of the storm is still being analyzed.
      const cleaned = storm.docs.filter((_, i) => i >= IMPORTERS && i % 7 === 3);
      await runStorm(storm, { [ROUNDS]: cleaned.map((doc) => (s: Storm) => cleanUp(s, doc)) });
      const checked = await settleAndCheck(storm);
      // The storm is worth something: risks at the end, several rules, and clean documents.
      const expected = expectedDiagnostics(storm);
      const codes = new Set([...expected.values()].flat().map((d) => d.code));
      for (const rule of ['raw-log', 'high-learning-rate', 'zero-epsilon', 'exp-overflow', 'saturating-activation-unscaled-input']) {
        assert.ok(codes.has(rule), `${rule} is among the final findings (${[...codes].join(', ')})`);
      }
      assert.deepEqual(cleaned.map((d) => expected.get(d.uri)), cleaned.map(() => []), 'the cleaned-up documents end clean');
      assert.ok(storm.edits >= DOCUMENTS * ROUNDS);
      report(t, storm, checked);
    } finally {
      await storm.client.stop();
    }
  });

  it('settings and configuration files changed mid-storm: the final settings win', { timeout: 120_000 }, async (t) => {
    const storm = await startStorm(project, 2);
    // Configuration answers come back late, so they race the edits and the next change.
    const delays = mulberry32(20);
    storm.client.configurationDelay = () => Math.floor(delays() * 30);
    const final = { rules: { 'raw-log': 'info', 'zero-epsilon': 'warning', 'missing-gradient-clipping': 'off' } };
    try {
      await runStorm(storm, {
        1: [(s) => changeSettings(s, { rules: { 'raw-log': 'off' } })],
        2: [(s) => writeRc(s, { thresholds: { learningRate: { sgd: 3 } } })],
        3: [(s) => changeSettings(s, { enable: false })],
        4: [(s) => changeSettings(s, { rules: { 'high-learning-rate': 'error' }, thresholds: { learningRate: { sgd: 10 } } })],
        5: [(s) => changeSettings(s, { debounce: 0 })],
        6: [(s) => changeSettings(s, { rules: { 'raw-log': 'error' } })],
        // The last changes: once the server has caught up, a few edits and, while they are being
        // analyzed, the settings; no edit follows, so only re-validation on each kind of change
        // gets the final settings applied to the other documents.
        [ROUNDS]: [
          (s) => caughtUp(s),
          ...storm.docs.filter((_, i) => i % 5 === 1).map((doc) => (s: Storm) => edit(s, doc)),
          (s) => changeSettings(s, final),
          (s) => caughtUp(s),
          (s) => writeRc(s, { rules: { 'exp-overflow': 'off' }, thresholds: { learningRate: { sgd: 3 } } }),
        ],
      });
      const checked = await settleAndCheck(storm);
      assertSettingsMatter(storm, {});
      report(t, storm, checked);
    } finally {
      await storm.client.stop();
    }
  });

  it('a module imported by ten documents changes in its buffer and on disk mid-storm', { timeout: 120_000 }, async (t) => {
    const storm = await startStorm(project, 3);
    const data = moduleDoc(storm);
    const setModule = async (s: Storm, text: string): Promise<void> => {
      await s.client.replaceAll(data.uri, text);
    };
    try {
      await runStorm(storm, {
        1: [(s) => writeModule(s, SCALED_DATA)],
        2: [(s) => s.client.open(data.uri, RAW_DATA).then(() => undefined)],
        3: [(s) => setModule(s, SCALED_DATA), (s) => writeModule(s, RAW_DATA_2)],
        4: [(s) => setModule(s, RAW_DATA)],
        5: [(s) => setModule(s, RAW_DATA_2.replace('tensor2d', 'tensor2d(')), (s) => setModule(s, RAW_DATA)],
        // Analysis switched off (once the raw buffer is analyzed) while the buffer changes:
        // switched on again, importers may well be analyzed before the module itself is.
        6: [(s) => writeModule(s, SCALED_DATA), (s) => caughtUp(s), (s) => changeSettings(s, { enable: false }), (s) => setModule(s, SCALED_DATA)],
        // Switched on again with the buffer scaled; then the buffer goes back to raw data and
        // closes unsaved, only once importers show it, so it is the close that must re-publish
        // them: from then on they see the file on disk (scaled).
        [ROUNDS]: [
          (s) => changeSettings(s, {}),
          (s) => caughtUp(s),
          (s) => setModule(s, RAW_DATA),
          (s) => caughtUp(s),
          (s) => s.client.close(data.uri),
        ],
      });
      const checked = await settleAndCheck(storm);
      const importers = storm.docs.slice(0, IMPORTERS).filter((d) => d.current[DATA_SLOT] === IMPORTED_DATA);
      assert.ok(importers.length >= 3, `${importers.length} documents import the module at the end`);
      report(t, storm, checked);
    } finally {
      await storm.client.stop();
    }
  });

  it('documents closed and reopened mid-analysis, with everything else going on', { timeout: 120_000 }, async (t) => {
    const storm = await startStorm(project, 4);
    const delays = mulberry32(40);
    storm.client.configurationDelay = () => Math.floor(delays() * 30);
    const doc = (i: number): Doc => storm.docs[i]!;
    try {
      await runStorm(storm, {
        1: [(s) => close(s, doc(40)), (s) => close(s, doc(41)), (s) => writeModule(s, SCALED_DATA)],
        // A settings change makes the server ask the client again; the closes and reopens arrive
        // while it waits for the answer.
        2: [
          (s) => holdSettings(s, async () => {
            await changeSettings(s, { rules: { 'raw-log': 'warning' } });
            await close(s, doc(45));
            await reopen(s, doc(45), 100, true);
            await close(s, doc(42));
            await close(s, doc(0));
            await reopen(s, doc(0), 100);
          }),
        ],
        3: [(s) => close(s, doc(46)), (s) => writeRc(s, { thresholds: { learningRate: { sgd: 3 } } }), (s) => reopen(s, doc(46), 200)],
        4: [(s) => changeSettings(s, { enable: false }), (s) => close(s, doc(43)), (s) => changeSettings(s, { rules: { 'exp-overflow': 'info' } })],
        5: [
          (s) => close(s, doc(47)),
          (s) => holdSettings(s, async () => {
            await writeRc(s, { thresholds: { learningRate: { sgd: 4 } } });
            await close(s, doc(1));
            await reopen(s, doc(1), 300);
          }),
          (s) => writeModule(s, RAW_DATA),
        ],
        6: [(s) => changeSettings(s, { rules: { 'exp-overflow': 'info' } }), (s) => close(s, doc(44))],
        // The last settings change, once the server has caught up: nothing after it would
        // re-analyze a reopened document that the close's late clear dropped.
        [ROUNDS]: [
          (s) => close(s, doc(48)),
          (s) => edit(s, doc(49)),
          (s) => close(s, doc(49)),
          (s) => caughtUp(s),
          (s) => holdSettings(s, async () => {
            await changeSettings(s, { rules: { 'exp-overflow': 'info' }, thresholds: { learningRate: { sgd: 10 } } });
            await close(s, doc(2));
            await reopen(s, doc(2), 400, true);
          }),
        ],
      });
      const checked = await settleAndCheck(storm);
      assert.equal(storm.docs.filter((d) => !d.open).length, 8);
      report(t, storm, checked);
    } finally {
      await storm.client.stop();
    }
  });
});
