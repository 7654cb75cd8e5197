#!/usr/bin/env node
// A stand-in for the VS Code executable, for `@vscode/test-electron`'s `runTests`
// (`vscodeExecutablePath`) on machines where desktop VS Code cannot be downloaded. It takes the
// arguments runTests gives VS Code, runs the same extension tests in code-server's workbench in
// headless Chromium, prints the extension host's output and exits with the tests' exit code.
//
// code-server refuses --extensionDevelopmentPath on its command line, so the development and tests
// paths go in the workbench URL's `payload`, as vscode-remote:// URIs, and the smoke-test driver
// hands the tests' exit code to the page (`codeAutomationExit`).

'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const util = require('node:util');
const { launchChromium, startCodeServer } = require('../e2e/code-server');

const TIMEOUT_MS = Number(process.env.NANSCOPE_EXT_TEST_TIMEOUT_MS || 10 * 60_000);

function parseArgs(argv) {
  const parsed = { folder: undefined, values: {} };
  for (const arg of argv) {
    const match = /^--([\w-]+)=(.*)$/.exec(arg);
    if (match) parsed.values[match[1]] = match[2];
    else if (!arg.startsWith('--')) parsed.folder = arg;
  }
  return parsed;
}

function log(message) {
  process.stdout.write(`[code-server launcher] ${message}\n`);
}

async function main() {
  const { folder, values } = parseArgs(process.argv.slice(2));
  const developmentPath = values.extensionDevelopmentPath;
  const testsPath = values.extensionTestsPath;
  if (!developmentPath || !testsPath) throw new Error('expected --extensionDevelopmentPath= and --extensionTestsPath=');
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nanscope-ext-test-'));
  const server = await startCodeServer({
    workDir,
    userDataDir: values['user-data-dir'],
    extensionsDir: values['extensions-dir'],
    smokeTestDriver: true,
    log,
  });
  let browser;
  try {
    browser = await launchChromium();
    const page = await browser.newPage();
    const exitCode = new Promise((resolve) => {
      page.exposeFunction('codeAutomationExit', (code) => resolve(Number(code) || 0));
    });
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      // The extension host's console arguments, formatted as console.log would (mocha uses %s).
      const text = util.format(...(Array.isArray(args) ? args : [args]));
      (type === 'error' ? process.stderr : process.stdout).write(`${text}\n`);
    });
    const payload = [
      ['extensionDevelopmentPath', server.remoteUri(path.resolve(developmentPath))],
      ['extensionTestsPath', server.remoteUri(path.resolve(testsPath))],
    ];
    const started = Date.now();
    await page.goto(server.url(path.resolve(folder || developmentPath), payload));
    const code = await Promise.race([
      exitCode,
      new Promise((resolve) => setTimeout(() => resolve('timeout'), TIMEOUT_MS)),
    ]);
    if (code === 'timeout') {
      log(`the tests did not finish within ${TIMEOUT_MS / 1000} s`);
      await page.screenshot({ path: path.join(workDir, 'timeout.png') }).catch(() => undefined);
      log(`screenshot: ${path.join(workDir, 'timeout.png')}; code-server log: ${server.logFile}`);
      return 1;
    }
    log(`extension tests exited with ${code} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return code;
  } finally {
    if (browser) await browser.close().catch(() => undefined);
    server.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`[code-server launcher] ${error && error.stack ? error.stack : error}\n`);
    process.exit(1);
  },
);
