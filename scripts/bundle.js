#!/usr/bin/env node
// Bundles the extension with esbuild into dist/: client.js (the VS Code extension), server.js
// (the language server, with the analyzer, TypeScript and the probe's runner inside), the probe
// results panel's webview script and stylesheet (probe-panel.js with uPlot inside, probe-panel.css
// with uPlot's CSS inside) and, through scripts/build-worker.js, probe-worker.js with its .wasm
// files. The .vsix ships dist/ and nothing from node_modules.
//
//   node scripts/bundle.js            minified, with linked source maps (what `npm run package` ships)
//   node scripts/bundle.js --dev      unminified, faster
//   node scripts/bundle.js --watch    rebuild on change

'use strict';

const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');
const { buildWorker, commonOptions } = require('./build-worker');

const root = path.join(__dirname, '..');
const dev = process.argv.includes('--dev') || process.argv.includes('--watch');
const watch = process.argv.includes('--watch');
const dist = path.join(root, 'dist');

/** @type {import('esbuild').BuildOptions} */
const common = {
  ...commonOptions({ minify: !dev, logLevel: 'info' }),
  // `vscode` is provided by the extension host.
  external: ['vscode'],
  // Respect `"main"` (CommonJS) before `"module"`: TypeScript and the LSP libraries are CommonJS.
  mainFields: ['main', 'module'],
};

/** Entries: [source, output name]. */
const entries = [
  ['client/src/extension.ts', 'client'],
  ['server/src/lsp/bin.ts', 'server'],
];

/**
 * The results panel runs in a webview: a browser script (an IIFE, no Node) and one stylesheet,
 * both loaded from dist/ under the panel's strict CSP. No source maps in the shipped build (the
 * .vsix does not carry .map files, and a webview would try to fetch them).
 */
const uplot = require('uplot/package.json');
// uPlot's MIT notice is a plain comment, which minification drops: keep it at the top of both files.
const uplotNotice = `/*! uPlot ${uplot.version} | Copyright (c) Leon Sorokin | MIT License */`;
const webview = {
  bundle: true,
  banner: { js: uplotNotice, css: uplotNotice },
  platform: 'browser',
  format: 'iife',
  target: ['chrome114'],
  minify: !dev,
  sourcemap: dev ? 'inline' : false,
  legalComments: 'linked',
  logLevel: 'info',
  entryPoints: {
    'probe-panel': path.join(root, 'client/src/webview/main.ts'),
  },
  outdir: dist,
};
const webviewStyle = {
  ...webview,
  sourcemap: false,
  entryPoints: { 'probe-panel': path.join(root, 'client/src/webview/panel.css') },
};

async function main() {
  if (!watch) fs.rmSync(dist, { recursive: true, force: true });
  const builds = entries.map(([entry, name]) => ({
    ...common,
    entryPoints: { [name]: path.join(root, entry) },
    outdir: dist,
  }));
  builds.push(webview, webviewStyle);
  if (watch) {
    for (const options of builds) await (await esbuild.context(options)).watch();
    return;
  }
  const started = Date.now();
  for (const options of builds) await esbuild.build(options);
  // The probe's worker has a build of its own (a TF.js shim, the .wasm files beside it).
  await buildWorker({ outdir: dist, minify: !dev });
  const sizes = fs
    .readdirSync(dist)
    .filter((f) => !f.endsWith('.map'))
    .map((f) => `${f} ${(fs.statSync(path.join(dist, f)).size / 1024).toFixed(0)} KB`);
  process.stdout.write(`bundled in ${Date.now() - started} ms: ${sizes.join(', ')}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
});
