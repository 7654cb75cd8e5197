#!/usr/bin/env node
// End to end, as a user: the packaged .vsix installed into code-server (the real VS Code
// workbench), driven in Debian's headless Chromium with playwright-core. Opens a seed file, sees
// the squiggle, hovers it, opens the quick-fix menu and applies the fix, sees the "Run stability
// probe" lens and clicks it, opens the Problems panel. Saves a screenshot at each step.
//
//   npm run test:e2e                   (packages first)
//   node scripts/e2e/run.js [x.vsix]   (an existing package)
//
// Screenshots: $NANSCOPE_E2E_OUT, default .nanscope-cache/e2e-screenshots/.

'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { launchChromium, startCodeServer } = require('./code-server');

const ROOT = path.join(__dirname, '..', '..');
const OUT = path.resolve(process.env.NANSCOPE_E2E_OUT || path.join(ROOT, '.nanscope-cache', 'e2e-screenshots'));
const SEED = 'v06-log-of-softmax.js';
const STEP_TIMEOUT = 60_000;

const started = Date.now();
function log(message) {
  process.stdout.write(`[e2e ${((Date.now() - started) / 1000).toFixed(1)}s] ${message}\n`);
}

function findVsix() {
  const given = process.argv[2];
  if (given) return path.resolve(given);
  const { name, version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const file = path.join(ROOT, `${name}-${version}.vsix`);
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run \`npm run package\` first`);
  return file;
}

/** A workspace with a copy of the seed fixtures, so the test never edits the repository. */
function makeWorkspace() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nanscope-e2e-ws-'));
  const seeds = path.join(ROOT, 'test-fixtures', 'seeds');
  for (const file of fs.readdirSync(seeds)) {
    if (/\.[jt]s$/.test(file)) fs.copyFileSync(path.join(seeds, file), path.join(dir, file));
  }
  return dir;
}

async function main() {
  const vsix = findVsix();
  fs.mkdirSync(OUT, { recursive: true });
  for (const old of fs.readdirSync(OUT).filter((f) => f.endsWith('.png'))) fs.rmSync(path.join(OUT, old));
  const workspace = makeWorkspace();
  log(`vsix ${path.basename(vsix)} (${(fs.statSync(vsix).size / 1024 / 1024).toFixed(2)} MB); workspace ${workspace}`);
  const server = await startCodeServer({ installExtension: vsix, log });
  let browser;
  let page;
  let step = 0;
  const shot = async (name) => {
    step++;
    const file = path.join(OUT, `${String(step).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path: file });
    log(`screenshot ${file}`);
  };
  try {
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.setDefaultTimeout(STEP_TIMEOUT);
    const workbenchStart = Date.now();
    await page.goto(server.url(workspace));
    await page.waitForSelector('.monaco-workbench');
    log(`workbench up in ${Date.now() - workbenchStart} ms`);

    // Open the seed file with quick open, as a user would.
    await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } }).catch(() => undefined);
    await page.keyboard.press('Control+P');
    await page.waitForSelector('.quick-input-widget input');
    await page.keyboard.type(SEED);
    await page.waitForSelector(`.quick-input-list .monaco-list-row[aria-label*="${SEED}"]`);
    await page.keyboard.press('Enter');
    await page.waitForSelector(`.tab[aria-label*="${SEED}"]`);
    const opened = Date.now();

    // The squiggle (raw-log is a warning on `logits.softmax().log()`).
    const squiggle = page.locator('.monaco-editor .squiggly-warning, .monaco-editor .squiggly-error').first();
    await squiggle.waitFor();
    log(`first squiggle ${Date.now() - opened} ms after the file opened (${((Date.now() - started) / 1000).toFixed(1)} s after start)`);
    await shot('squiggle');

    // Hover: the message, the rule id and its doc link. Several squiggles are on screen (the seed
    // also has unscaled inputs); hover each until the raw-log one answers.
    const squiggles = page.locator('.monaco-editor .squiggly-warning, .monaco-editor .squiggly-error');
    let box;
    let hoverText = '';
    for (let i = 0; i < (await squiggles.count()) && !box; i++) {
      const candidate = await squiggles.nth(i).boundingBox();
      if (!candidate) continue;
      await page.mouse.move(candidate.x + candidate.width / 2, candidate.y + candidate.height / 2);
      const hover = page.locator('.monaco-hover:visible').filter({ hasText: 'raw-log' }).first();
      if (await hover.waitFor({ timeout: 4000 }).then(() => true, () => false)) {
        box = candidate;
        hoverText = await hover.innerText();
      } else {
        await page.mouse.move(5, 5);
      }
    }
    if (!box) throw new Error('no squiggle shows a raw-log hover');
    if (!/nanscope/.test(hoverText)) throw new Error(`unexpected hover: ${hoverText}`);
    await shot('hover');

    // Quick fix menu (Ctrl+.) at the squiggle; apply the preferred fix.
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    // The pointer leaves the squiggle, so its hover does not come back over the keyboard shortcut.
    await page.mouse.move(5, 5);
    await page.keyboard.press('Escape');
    const before = await page.locator('.monaco-editor .squiggly-warning, .monaco-editor .squiggly-error').count();
    const menu = page.locator('.action-widget').first();
    // Ctrl+. can be lost while the workbench is still busy (seen once in CI): pressed again, up to 3 times.
    for (let attempt = 1; ; attempt++) {
      await page.keyboard.press('Control+.');
      if (await menu.waitFor({ timeout: 15_000 }).then(() => true, () => false)) break;
      if (attempt === 3) throw new Error('the quick fix menu did not open after Ctrl+. three times');
      log(`quick fix menu not open after Ctrl+. (attempt ${attempt}); pressing again`);
      await page.keyboard.press('Escape');
    }
    await page.locator('.action-widget').getByText('Disable raw-log for this line').first().waitFor();
    await shot('quick-fix-menu');
    const fix = page.locator('.action-widget .monaco-list-row').filter({ hasText: /logSoftmax|Clip to \[epsilon/ }).first();
    const fixTitle = (await fix.innerText()).trim();
    await fix.click();
    log(`applied "${fixTitle}"`);
    await page.waitForFunction(
      (n) => document.querySelectorAll('.monaco-editor .squiggly-warning, .monaco-editor .squiggly-error').length < n,
      before,
      { timeout: STEP_TIMEOUT },
    );
    await shot('after-fix');

    // The lens over the training site; click it.
    const lens = page.locator('.codelens-decoration a', { hasText: 'Run stability probe' }).first();
    await lens.waitFor();
    await lens.scrollIntoViewIfNeeded();
    await shot('lens');
    const clicked = Date.now();
    await lens.click();
    // The probe trains in a child process and answers with a notification: the verdict, and Apply
    // for the recommended verified fix (or, in a build without the probe, says it is not
    // available). Not the progress notification ("nanscope: stability probe") that comes first.
    const toast = page.locator('.notifications-toasts .notification-toast').filter({ hasText: /nanscope probe|not available/ }).first();
    await toast.waitFor();
    const answer = (await toast.locator('.notification-list-item-message').first().innerText()).trim();
    log(`probe answered in ${Date.now() - clicked} ms: ${answer}`);
    if (!/not available/.test(answer)) {
      // The results panel beside the editor: the verdict, and the charts its bundled script drew
      // under the panel's Content-Security-Policy.
      const panel = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
      const verdict = (await panel.locator('body[data-status="done"] #verdict').innerText()).trim();
      const charts = await panel.locator('.chart canvas').count();
      if (charts === 0 && (await panel.locator('.empty').count()) === 0) throw new Error('the results panel drew no chart');
      log(`results panel: ${verdict}, ${charts} charts`);
    }
    await shot('probe-result');
    const apply = toast.locator('.monaco-button', { hasText: /^Apply:/ }).first();
    if (await apply.count()) {
      const title = (await apply.innerText()).trim();
      const lines = page.locator('.monaco-editor .view-lines').first();
      const textBefore = await lines.textContent();
      await apply.click();
      log(`clicked "${title}"`);
      // The verified fix lands in the editor.
      await page.waitForFunction((before) => document.querySelector('.monaco-editor .view-lines')?.textContent !== before, textBefore);
      await shot('probe-fix-applied');
    } else if (!/not available/.test(answer)) {
      log('the probe verified no fix');
    }

    // The Problems panel lists what is left.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Shift+M');
    const rows = page.locator('.markers-panel .monaco-list-row');
    await rows.first().waitFor();
    log(`Problems panel: ${await rows.count()} rows`);
    await shot('problems');

    log(`passed in ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in ${OUT}`);
    return 0;
  } catch (error) {
    if (page) await shot('failure').catch(() => undefined);
    log(`FAILED: ${error && error.stack ? error.stack : error}`);
    log(`code-server log: ${server.logFile}`);
    return 1;
  } finally {
    if (browser) await browser.close().catch(() => undefined);
    server.stop();
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`${error && error.stack ? error.stack : error}\n`);
    process.exit(1);
  },
);
