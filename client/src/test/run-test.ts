// Runs the extension-host suite with `@vscode/test-electron`'s `runTests`:
//   - NANSCOPE_EXT_TEST_HOST=vscode: the downloaded desktop VS Code (machines with internet;
//     Linux CI needs a display, e.g. `xvfb-run -a npm run test:ext`);
//   - otherwise (default): code-server in headless Chromium, through
//     scripts/ext-test/code-server-launcher.js, which stands in for the VS Code executable.
// The extension under test is the repository itself (package.json + dist/, bundled by test:ext).

import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '..', '..', '..', '..');
  const host = process.env['NANSCOPE_EXT_TEST_HOST'] ?? 'code-server';
  const profile = path.join(root, '.nanscope-cache', 'ext-test');
  const started = Date.now();
  await runTests({
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(__dirname, 'suite'),
    launchArgs: [
      path.join(root, 'client', 'testFixture'),
      '--disable-extensions',
      `--user-data-dir=${path.join(profile, 'user-data')}`,
      `--extensions-dir=${path.join(profile, 'extensions')}`,
    ],
    ...(host === 'vscode' ? {} : { vscodeExecutablePath: path.join(root, 'scripts', 'ext-test', 'code-server-launcher.js') }),
  });
  process.stdout.write(`extension tests passed on ${host} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`extension tests failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
