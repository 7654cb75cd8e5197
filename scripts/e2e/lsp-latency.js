#!/usr/bin/env node
// didChange → publishDiagnostics latency of the language server (the real analyzer) on a generated
// 2,000-line TF.js file: single-character edits, each waiting for its diagnostics, as a user typing
// sees it. Prints p50 / p95 and the server's start time. A measurement, not a test: no thresholds.
//
//   npm run build && node scripts/e2e/lsp-latency.js [--lines 2000] [--edits 100] [--server out|dist]
//
// `--server dist` measures the bundle (dist/server.js, run `npm run bundle` first).

'use strict';

const os = require('node:os');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

const ROOT = path.join(__dirname, '..', '..');
const { TestClient, generatedFile, REAL_SERVER } = require(path.join(ROOT, 'out', 'server', 'test', 'lsp-client.js'));

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const LINES = Number(arg('lines', 2000));
const EDITS = Number(arg('edits', 100));
const SERVER = arg('server', 'out') === 'dist' ? path.join(ROOT, 'dist', 'server.js') : REAL_SERVER;

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function measure(label, settings, pauseMs) {
  const spawned = performance.now();
  const client = await TestClient.start({ server: SERVER, settings });
  const initializedMs = performance.now() - spawned;
  try {
    const uri = pathToFileURL(path.join(os.tmpdir(), 'nanscope-latency', `${Date.now()}-${LINES}.js`)).href;
    const text = generatedFile(LINES);
    let t0 = performance.now();
    await client.open(uri, text);
    await client.diagnosticsFor(uri, 1, 120_000);
    const openMs = performance.now() - t0;
    const samples = [];
    const line = Math.floor(LINES / 2);
    for (let i = 0; i < EDITS; i++) {
      // Type into (and erase from) a comment line in the middle of the file.
      const at = { line, character: 3 };
      const range = i % 2 === 0 ? { start: at, end: at } : { start: at, end: { line, character: 4 } };
      t0 = performance.now();
      const version = await client.change(uri, range, i % 2 === 0 ? 'x' : '');
      await client.diagnosticsFor(uri, version, 120_000);
      samples.push(performance.now() - t0);
      if (pauseMs) await new Promise((r) => setTimeout(r, pauseMs));
    }
    samples.sort((a, b) => a - b);
    process.stdout.write(
      `${label}: p50 ${percentile(samples, 50).toFixed(1)} ms, p95 ${percentile(samples, 95).toFixed(1)} ms, max ${samples[samples.length - 1].toFixed(1)} ms ` +
        `(${EDITS} edits; server spawn → initialize answered ${initializedMs.toFixed(0)} ms; open → first diagnostics ${openMs.toFixed(0)} ms)\n`,
    );
  } finally {
    await client.stop();
  }
}

async function main() {
  process.stdout.write(`didChange → diagnostics, ${LINES} lines, server ${path.relative(ROOT, SERVER)}, node ${process.version}\n`);
  await measure('isolated keystrokes (150 ms apart), default settings', {}, 150);
  await measure('back-to-back edits, default settings (debounce 50 ms)', {}, 0);
  await measure('back-to-back edits, debounce 0', { debounce: 0 }, 0);
}

main().catch((error) => {
  process.stderr.write(`${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
});
