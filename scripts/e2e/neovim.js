#!/usr/bin/env node
// `nanscope --stdio` with Neovim's built-in LSP client (Debian's `neovim`, 0.7+), headless, on a
// copy of a seed fixture: diagnostics arrive, the preferred quick fix applies and removes its
// diagnostic, the lens is there and its command answers. Prints what Neovim saw.
//
//   npm run build && node scripts/e2e/neovim.js

'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.join(__dirname, '..', '..');
const nvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
if (nvim.status !== 0) {
  process.stderr.write('neovim is not installed (apt-get install -y neovim)\n');
  process.exit(2);
}
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nanscope-nvim-'));
const file = path.join(dir, 'v06-log-of-softmax.js');
fs.copyFileSync(path.join(ROOT, 'test-fixtures', 'seeds', 'v06-log-of-softmax.js'), file);
const started = Date.now();
const run = spawnSync('nvim', ['--headless', '--clean', '-c', `luafile ${path.join(__dirname, 'neovim.lua')}`], {
  encoding: 'utf8',
  env: { ...process.env, NANSCOPE_FILE: file, NANSCOPE_BIN: path.join(ROOT, 'bin', 'nanscope.js') },
  timeout: 120_000,
});
fs.rmSync(dir, { recursive: true, force: true });
const output = `${run.stdout}`.trim();
process.stdout.write(`${nvim.stdout.split('\n')[0]}\n${output}\n`);
const ok = run.status === 0 && output.includes('done') && !output.includes('FAIL');
process.stdout.write(`${ok ? 'passed' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
if (!ok && run.stderr) process.stderr.write(run.stderr);
process.exit(ok ? 0 : 1);
