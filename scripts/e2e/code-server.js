// Starting and stopping code-server (the VS Code workbench served to a browser) and the headless
// Chromium that drives it, for the extension-host tests and the end-to-end script. Loopback only,
// with its own config, data and extension folders, so nothing is written into HOME.

'use strict';

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { ensureTools, node24Env } = require('./tools');

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function healthy(port) {
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path: '/healthz', timeout: 1000 }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on('error', () => resolve(false));
    request.on('timeout', () => {
      request.destroy();
      resolve(false);
    });
  });
}

/**
 * Starts code-server. Options: `workDir` (its config, data and logs go there), `userDataDir`,
 * `extensionsDir`, `installExtension` (a .vsix to install first), `smokeTestDriver` (lets a page
 * run extension tests), `log` (a function for progress lines).
 * Resolves to { port, url(folder, payload?), stop() }.
 */
async function startCodeServer(options) {
  const tools = ensureTools();
  const log = options.log || (() => undefined);
  const workDir = options.workDir || fs.mkdtempSync(path.join(os.tmpdir(), 'nanscope-code-server-'));
  const userDataDir = options.userDataDir || path.join(workDir, 'user-data');
  const extensionsDir = options.extensionsDir || path.join(workDir, 'extensions');
  for (const dir of [userDataDir, extensionsDir, path.join(workDir, 'xdg-config'), path.join(workDir, 'xdg-data')]) {
    fs.mkdirSync(dir, { recursive: true });
  }
  // Settings for a quiet, deterministic workbench.
  const settingsFile = path.join(userDataDir, 'User', 'settings.json');
  fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
  fs.writeFileSync(settingsFile, JSON.stringify({
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    'security.workspace.trust.enabled': false,
    'editor.hover.delay': 300,
    ...(options.settings || {}),
  }, null, 2));
  const port = await freePort();
  const config = path.join(workDir, 'config.yaml');
  fs.writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const env = {
    ...node24Env(),
    XDG_CONFIG_HOME: path.join(workDir, 'xdg-config'),
    XDG_DATA_HOME: path.join(workDir, 'xdg-data'),
  };
  const common = ['--config', config, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];

  if (options.installExtension) {
    log(`installing ${path.basename(options.installExtension)} into code-server`);
    await run(tools.node, [tools.codeServer, ...common, '--install-extension', options.installExtension, '--force'], env, log);
  }

  const args = [
    tools.codeServer,
    ...common,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
  ];
  if (options.smokeTestDriver) args.push('--vscode-option', 'enable-smoke-test-driver');
  const logFile = path.join(workDir, 'code-server.log');
  const out = fs.openSync(logFile, 'a');
  // Detached: its own process group, killed as a whole (a file watcher child can outlive it).
  const child = spawn(tools.node, args, { env, detached: true, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  const started = Date.now();
  let exited = false;
  child.on('exit', () => (exited = true));
  while (!(await healthy(port))) {
    if (exited) throw new Error(`code-server exited; see ${logFile}:\n${tail(logFile)}`);
    if (Date.now() - started > 60_000) {
      killGroup(child.pid);
      throw new Error(`code-server did not answer /healthz within 60 s; see ${logFile}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  log(`code-server ${port} healthy in ${Date.now() - started} ms (log: ${logFile})`);

  return {
    port,
    logFile,
    workDir,
    url(folder, payload) {
      let url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}`;
      if (payload) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
      return url;
    },
    remoteUri(absolutePath) {
      return `vscode-remote://127.0.0.1:${port}${absolutePath}`;
    },
    stop() {
      killGroup(child.pid);
    },
  };
}

function killGroup(pid) {
  if (!pid) return;
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    // Already gone.
  }
  setTimeout(() => {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // Gone.
    }
  }, 2000).unref();
}

function run(command, args, env, log) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('exit', (code) => {
      if (code === 0) {
        log(output.trim().split('\n').slice(-1)[0] || 'done');
        resolve();
      } else {
        reject(new Error(`${path.basename(command)} ${args.slice(1).join(' ')} exited with ${code}:\n${output}`));
      }
    });
  });
}

function tail(file) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-20).join('\n');
  } catch {
    return '';
  }
}

/** Launches Debian's Chromium, headless, through the cached playwright-core. */
async function launchChromium() {
  const tools = ensureTools();
  const { chromium } = require(tools.playwright);
  return chromium.launch({ executablePath: tools.chromium, headless: true, args: CHROMIUM_ARGS });
}

module.exports = { startCodeServer, launchChromium };
