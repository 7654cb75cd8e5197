// The stability probe's results panel in a real VS Code: run the probe on a seed, the panel opens
// with the verdict, the diagnostics at the site say "confirmed by probe", a verified fix applies
// through the server's apply path, and the panel is reused and restored.

import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { NanscopeApi } from '../../extension';
import { activate, nanscopeDiagnostics, waitFor } from './helper';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..', '..');
const SEED = path.join(ROOT, 'test-fixtures', 'seeds', 'c1-unscaled-features-sgd.js');

interface ProbeAnswer {
  status: string;
  message: string;
  siteId?: string;
  report?: { verdict: string; firstNonFinite: { epoch: number; value: string } | null };
  fixTable?: { id: string; status: string; title: string }[];
}

describe('probe results panel', () => {
  let api: NanscopeApi;
  let editor: vscode.TextEditor;
  let lensArgs: { uri: string; siteId: string };

  before(async () => {
    const config = vscode.workspace.getConfiguration('nanscope');
    await config.update('probe.budgetSeconds', 3, vscode.ConfigurationTarget.Global);
    await config.update('probe.openResults', 'panel', vscode.ConfigurationTarget.Global);
    api = await activate();
    editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(SEED));
    const lenses = await waitFor('the lens on c1', async () => {
      const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri);
      return found.length > 0 ? found : undefined;
    });
    lensArgs = lenses[0]!.command!.arguments![0] as { uri: string; siteId: string };
  });

  after(async () => {
    await vscode.workspace.getConfiguration('nanscope').update('probe.openResults', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  const panelsFor = (siteId: string) => api.probePanels().filter((p) => p.state.uri === lensArgs.uri && p.state.siteId === siteId);

  it('opens the panel with the verdict, charts, the first non-finite value and the fix table', async () => {
    const answer = await vscode.commands.executeCommand<ProbeAnswer>('nanscope.runProbe', lensArgs);
    assert.equal(answer.status, 'done', answer.message);
    assert.equal(answer.siteId, lensArgs.siteId);
    const [panel] = panelsFor(lensArgs.siteId);
    assert.ok(panel, `a panel for the site; panels: ${api.probePanels().map((p) => p.key).join(', ')}`);
    assert.equal(panel.state.status, 'done');
    const result = panel.state.result!;
    // The seed's truth: Infinity at epoch 3.
    assert.equal(answer.report!.verdict, 'inf');
    assert.equal(result.verdictText, 'Infinity');
    assert.equal(panel.title, 'Probe: c1-unscaled-features-sgd.js:22');
    assert.match(panel.html, /id="verdict">Infinity</);
    assert.match(panel.html, /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; script-src /);
    assert.equal(result.firstNonFinite?.epoch, 3);
    assert.equal(typeof result.firstNonFinite?.line, 'number');
    assert.match(panel.html, new RegExp(`data-line="${result.firstNonFinite!.line}"`));
    assert.ok(result.charts.loss.y.length > 0 && result.charts.loss.y.includes(null), 'the loss chart has a non-finite point');
    assert.ok(result.charts.gradNorm.y.length > 0);
    assert.ok(answer.fixTable && answer.fixTable.length > 0);
    assert.deepEqual(result.fixes.map((f) => f.id), answer.fixTable.map((f) => f.id));
    for (const fix of answer.fixTable) assert.match(panel.html, new RegExp(`data-fix-id="${fix.id}"`));
  });

  it('annotates the diagnostics at the site: "confirmed by probe: Infinity at epoch 3"', async () => {
    await waitFor('a confirmed diagnostic', () => nanscopeDiagnostics(editor.document.uri).some((d) => d.message.includes('[confirmed by probe: Infinity at epoch 3]')) || undefined);
  });

  it('applies a verified fix through the server, then marks the panel stale', async () => {
    const [panel] = panelsFor(lensArgs.siteId);
    const verified = panel!.state.result!.fixes.find((f) => f.status === 'verified');
    assert.ok(verified, `a verified fix among ${panel!.state.result!.fixes.map((f) => `${f.title}: ${f.status}`).join(' | ')}`);
    const before = editor.document.getText();
    try {
      const applied = await vscode.commands.executeCommand<{ applied: boolean; message?: string }>('nanscope.applyProbeFix', { ...lensArgs, fixId: verified.id });
      assert.deepEqual(applied, { applied: true });
      assert.notEqual(editor.document.getText(), before);
      const stale = await waitFor('the panel to say the file changed', () => panelsFor(lensArgs.siteId).find((p) => p.state.stale));
      assert.match(stale.html, /The file changed since this run/);
      assert.match(stale.html, new RegExp(`data-fix-id="${verified.id}" disabled>Apply`));
      // The result describes the earlier text: the server refuses to apply it again.
      const again = await vscode.commands.executeCommand<{ applied: boolean; message?: string }>('nanscope.applyProbeFix', { ...lensArgs, fixId: verified.id });
      assert.equal(again.applied, false);
      assert.match(again.message ?? '', /no probe result for the current text/);
    } finally {
      await vscode.window.showTextDocument(editor.document);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  });

  it('reuses the panel when the probe runs again from the palette at the site', async () => {
    editor = await vscode.window.showTextDocument(editor.document, vscode.ViewColumn.One);
    editor.selection = new vscode.Selection(21, 2, 21, 2);
    const answer = await vscode.commands.executeCommand<ProbeAnswer>('nanscope.runProbe');
    assert.equal(answer.status, 'done', answer.message);
    assert.equal(answer.siteId, lensArgs.siteId);
    const panels = panelsFor(lensArgs.siteId);
    assert.equal(panels.length, 1, api.probePanels().map((p) => p.key).join(', '));
    assert.equal(panels[0]!.state.stale, undefined);
    assert.deepEqual(api.probePanels().filter((p) => p.state.siteId?.startsWith('pending-')), []);
  });

  it('opens the last result again with "Show Stability Probe Results"', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitFor('the panel to close', () => panelsFor(lensArgs.siteId).length === 0 || undefined);
    editor = await vscode.window.showTextDocument(editor.document);
    assert.equal(await vscode.commands.executeCommand('nanscope.showProbeResults'), true);
    const [panel] = panelsFor(lensArgs.siteId);
    assert.equal(panel?.state.status, 'done');
    assert.match(panel!.html, /id="verdict">Infinity</);
  });
});
