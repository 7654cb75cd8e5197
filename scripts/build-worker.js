#!/usr/bin/env node
// Bundles the stability probe's worker (server/src/probe/worker.ts) into dist/probe-worker.js, with
// the three tfjs-backend-wasm .wasm files copied beside it, where the WASM backend looks for them
// (its Emscripten glue resolves them against the bundle's own __dirname; no setWasmPaths needed).
// The interpreter, which carries the TypeScript parser (3 MB of the 4.6), is a second file,
// dist/probe-interpreter.js, that the worker requires only when a plan has code to interpret: a
// worker start does not pay for parsing it.
//
// `@tensorflow/tfjs` is replaced by a shim holding only what the probe uses: tfjs-core (with all
// gradients and chained ops registered, as the umbrella package does), tfjs-layers and the CPU
// backend. The umbrella's converter, data and WebGL packages are left out. The workspace's own
// @tensorflow/tfjs-node is never bundled: the worker requires it at run time by absolute path.
//
//   node scripts/build-worker.js                 minified, into dist/
//   node scripts/build-worker.js --dev           unminified
//   node scripts/build-worker.js --outdir <dir>  somewhere else (tests, benchmarks)
//
// Also a module: require('./scripts/build-worker').buildWorker({ outdir, minify })
//   → { file, bytes, interpreter, interpreterBytes, wasm }; `commonOptions({ minify, logLevel })`
//   are the esbuild options scripts/bundle.js shares.

'use strict';

const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const SHIM_NAMESPACE = 'nanscope-tfjs-shim';

const SHIM = `
import '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
export * from '@tensorflow/tfjs-core';
export * from '@tensorflow/tfjs-layers';
export * from '@tensorflow/tfjs-backend-cpu';
import { version_core } from '@tensorflow/tfjs-core';
import { version_cpu } from '@tensorflow/tfjs-backend-cpu';
import { version_layers } from '@tensorflow/tfjs-layers';
export const version = { 'tfjs-core': version_core, 'tfjs-backend-cpu': version_cpu, 'tfjs-layers': version_layers, tfjs: version_core };
`;

/** `./interpreter` stays a separate file at run time. */
const interpreterApart = {
  name: 'interpreter-apart',
  setup(build) {
    build.onResolve({ filter: /^\.\/interpreter$/ }, () => ({ path: './probe-interpreter.js', external: true }));
  },
};

/** Replaces `@tensorflow/tfjs` (the umbrella) by the shim above. */
const tfjsShim = {
  name: 'tfjs-shim',
  setup(build) {
    build.onResolve({ filter: /^@tensorflow\/tfjs$/ }, () => ({ path: 'tfjs', namespace: SHIM_NAMESPACE }));
    build.onLoad({ filter: /.*/, namespace: SHIM_NAMESPACE }, () => ({ contents: SHIM, loader: 'js', resolveDir: root }));
  },
};

/**
 * The esbuild options every nanscope bundle shares (scripts/bundle.js builds on them too): one
 * CommonJS file for Node 20; minified with linked source maps, or unminified with inline ones.
 * @returns {import('esbuild').BuildOptions}
 */
function commonOptions({ minify = true, logLevel = 'warning' } = {}) {
  return {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minify,
    sourcemap: minify ? 'linked' : 'inline',
    sourcesContent: false,
    legalComments: 'linked',
    logLevel,
  };
}

async function buildWorker(options = {}) {
  const esbuild = require('esbuild');
  const outdir = path.resolve(options.outdir ?? path.join(root, 'dist'));
  fs.mkdirSync(outdir, { recursive: true });
  const outfile = path.join(outdir, 'probe-worker.js');
  const common = commonOptions(options);
  await esbuild.build({
    ...common,
    entryPoints: [path.join(root, 'server/src/probe/worker.ts')],
    outfile,
    // ESM builds of the TF.js packages (one copy of tfjs-core, tree-shaken); CommonJS for the rest.
    mainFields: ['module', 'main'],
    plugins: [tfjsShim, interpreterApart],
    logOverride: {
      // `require(args.tfjsNode)`: the workspace's own native backend, resolved at run time on purpose.
      'unsupported-require-call': 'silent',
    },
  });
  await esbuild.build({
    ...common,
    entryPoints: [path.join(root, 'server/src/probe/interpreter.ts')],
    outfile: path.join(outdir, 'probe-interpreter.js'),
    mainFields: ['main', 'module'],
  });
  const wasmDir = path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json', { paths: [root] })), 'dist');
  const wasm = fs.readdirSync(wasmDir).filter((f) => f.endsWith('.wasm'));
  for (const file of wasm) fs.copyFileSync(path.join(wasmDir, file), path.join(outdir, file));
  const interpreter = path.join(outdir, 'probe-interpreter.js');
  return { file: outfile, bytes: fs.statSync(outfile).size, interpreter, interpreterBytes: fs.statSync(interpreter).size, wasm: wasm.map((f) => path.join(outdir, f)) };
}

module.exports = { buildWorker, commonOptions };

if (require.main === module) {
  const args = process.argv.slice(2);
  const outIndex = args.indexOf('--outdir');
  const options = { minify: !args.includes('--dev'), logLevel: 'info' };
  if (outIndex >= 0 && args[outIndex + 1]) options.outdir = args[outIndex + 1];
  const started = Date.now();
  buildWorker(options)
    .then(({ file, bytes, interpreter, interpreterBytes, wasm }) => {
      process.stdout.write(
        `${path.relative(process.cwd(), file)} ${(bytes / 1024).toFixed(0)} KB, ${path.basename(interpreter)} ${(interpreterBytes / 1024).toFixed(0)} KB and ${wasm.length} .wasm files in ${Date.now() - started} ms\n`,
      );
    })
    .catch((error) => {
      process.stderr.write(`${error && error.stack ? error.stack : error}\n`);
      process.exit(1);
    });
}
