// Editor latency and server memory over LSP (issue 6, items 2 and 4), with the real server
// (out/server/src/lsp/stdio.js) driven by the protocol tests' client (out/server/test/lsp-client.js).
//
// Latency: open a generated file, then single-character edits (typing a character into a line and
// deleting it again, spread over the file: comments, numbers, names), each waiting for the
// diagnostics of its version: didChange → publishDiagnostics as the editor sees it. The server runs
// with `debounce: 0` so every edit is analyzed at once; with the default 50 ms debounce an edit
// after a pause is also analyzed at once, and only a burst of keys waits. "Full re-parse" starts the
// server with NANSCOPE_INCREMENTAL_PARSE=0.
//
// Memory: open N generated files in one server, wait for every file's diagnostics, then read the
// server's VmRSS and VmHWM (peak) from /proc.

'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { generateFile } = require('./corpus');
const { median, percentile, round, procMemory, loadAverage } = require('./stats');

const REPO = path.resolve(__dirname, '..');

function client() {
  return require(path.join(REPO, 'out/server/test/lsp-client.js'));
}

async function startServer(settings, env) {
  const { TestClient, REAL_SERVER } = client();
  const saved = {};
  for (const [k, v] of Object.entries(env)) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
  try {
    return await TestClient.start({ server: REAL_SERVER, settings });
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** Single-character edit sites spread over the text: after a digit, inside a comment, after a name. */
function editSites(text, count) {
  const lines = text.split('\n');
  const candidates = [];
  lines.forEach((line, i) => {
    const comment = line.indexOf('// ');
    if (comment >= 0) candidates.push({ line: i, character: comment + 3, kind: 'comment', char: 'x' });
    const number = /\b(epochs|batchSize|units): (\d+)/.exec(line);
    if (number) candidates.push({ line: i, character: number.index + number[0].length, kind: 'number', char: '1' });
    const name = /\bconst ([A-Za-z]+)/.exec(line);
    if (name) candidates.push({ line: i, character: name.index + name[0].length, kind: 'name', char: 'Z' });
  });
  const sites = [];
  const gcd = (a, b) => (b ? gcd(b, a % b) : a);
  const step = gcd(37, count) === 1 ? 37 : 1; // visit the evenly spread sites out of order
  for (let k = 0; k < count; k++) sites.push(candidates[Math.floor((((k * step) % count) + 0.5) * (candidates.length / count))]);
  return sites;
}

async function latencyRun({ lines, edits, incremental, base, budgetMs = Infinity }) {
  const c = await startServer({ debounce: 0 }, incremental ? {} : { NANSCOPE_INCREMENTAL_PARSE: '0' });
  try {
    const file = path.join(base, `latency-${lines}.js`);
    const text = generateFile({ lines, seed: 7 + lines });
    const uri = pathToFileURL(file).href;
    let t = performance.now();
    await c.open(uri, text);
    await c.diagnosticsFor(uri, 1, 600_000);
    const openMs = performance.now() - t;
    const sites = editSites(text, edits / 2);
    const samples = [];
    const started = performance.now();
    for (const site of sites) {
      if (performance.now() - started > budgetMs) break;
      // Type one character, then delete it: two single-character edits.
      const at = { line: site.line, character: site.character };
      t = performance.now();
      let version = await c.change(uri, { start: at, end: at }, site.char);
      await c.diagnosticsFor(uri, version, 600_000);
      samples.push(performance.now() - t);
      t = performance.now();
      version = await c.change(uri, { start: at, end: { line: at.line, character: at.character + 1 } }, '');
      await c.diagnosticsFor(uri, version, 600_000);
      samples.push(performance.now() - t);
    }
    return { openMs, edits: samples.length, p50: percentile(samples, 50), p95: percentile(samples, 95), max: Math.max(...samples), mean: samples.reduce((a, b) => a + b, 0) / samples.length };
  } finally {
    await c.stop();
  }
}

async function latencyBench({ base, reps, sizes, edits, budgetMs, log }) {
  fs.mkdirSync(base, { recursive: true });
  const results = [];
  for (const lines of sizes) {
    const runs = { incremental: [], full: [] };
    for (let rep = 0; rep < reps; rep++) {
      // Side by side in each rep, so the comparison shares the machine's load.
      for (const mode of ['incremental', 'full']) {
        const r = await latencyRun({ lines, edits, incremental: mode === 'incremental', base, budgetMs });
        runs[mode].push(r);
        log(`latency ${lines} lines, ${mode} parse, rep ${rep + 1}, ${r.edits} edits: p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms, max ${r.max.toFixed(0)} ms, open ${r.openMs.toFixed(0)} ms (load ${loadAverage()})`);
      }
    }
    const summary = (list) => ({
      p50Ms: round(median(list.map((r) => r.p50)), 1),
      p95Ms: round(median(list.map((r) => r.p95)), 1),
      maxMs: round(median(list.map((r) => r.max)), 1),
      meanMs: round(median(list.map((r) => r.mean)), 1),
      openMs: round(median(list.map((r) => r.openMs))),
      editsMeasured: list.map((r) => r.edits),
      runs: list.map((r) => ({ p50: round(r.p50, 1), p95: round(r.p95, 1), max: round(r.max, 1), openMs: round(r.openMs) })),
    });
    const inc = summary(runs.incremental);
    const full = summary(runs.full);
    results.push({
      lines,
      edits,
      incremental: inc,
      full,
      p95FullOverIncremental: round(median(runs.incremental.map((r, i) => runs.full[i].p95 / r.p95)), 2),
    });
  }
  return { settings: { debounce: 0 }, editBudgetMs: budgetMs, results };
}

async function memoryRun(files) {
  const c = await startServer({}, {});
  try {
    const pid = c.process.pid;
    const before = procMemory(pid);
    const t = performance.now();
    const uris = [];
    for (const file of files) {
      const uri = pathToFileURL(file).href;
      uris.push(uri);
      await c.open(uri, fs.readFileSync(file, 'utf8'), file.endsWith('.ts') ? 'typescript' : 'javascript');
    }
    for (const uri of uris) await c.diagnosticsFor(uri, 1, 600_000);
    const openMs = performance.now() - t;
    // Right after the burst, and once the server has settled: it returns the burst's garbage after
    // a second without work (server/src/lsp/memory.ts), and the pages go back within a second.
    await new Promise((r) => setTimeout(r, 500));
    const burst = procMemory(pid);
    await new Promise((r) => setTimeout(r, 3000));
    const after = procMemory(pid);
    return { idleRssMb: before.rssMb, burstRssMb: burst.rssMb, rssMb: after.rssMb, peakMb: after.peakMb, openMs };
  } finally {
    await c.stop();
  }
}

async function memoryBench({ files, reps, log }) {
  const runs = [];
  for (let rep = 0; rep < reps; rep++) {
    const r = await memoryRun(files);
    runs.push(r);
    log(`server memory, ${files.length} files open, rep ${rep + 1}: RSS ${r.rssMb.toFixed(0)} MB settled (${r.burstRssMb.toFixed(0)} MB 0.5 s after the last diagnostics, peak ${r.peakMb.toFixed(0)} MB, before opening ${r.idleRssMb.toFixed(0)} MB), all diagnostics in ${r.openMs.toFixed(0)} ms`);
  }
  return {
    files: files.length,
    idleRssMb: round(median(runs.map((r) => r.idleRssMb))),
    rssMb: round(median(runs.map((r) => r.rssMb))),
    burstRssMb: round(median(runs.map((r) => r.burstRssMb))),
    peakMb: round(median(runs.map((r) => r.peakMb))),
    openAllMs: round(median(runs.map((r) => r.openMs))),
    runs: runs.map((r) => ({ rssMb: round(r.rssMb), burstRssMb: round(r.burstRssMb), peakMb: round(r.peakMb), openMs: round(r.openMs) })),
  };
}

module.exports = { latencyBench, memoryBench, editSites };
