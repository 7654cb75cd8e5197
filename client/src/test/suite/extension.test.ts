// The extension in a real VS Code (desktop, or code-server's workbench): what a user sees.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { NanscopeApi } from '../../extension';
import { activate, codeOf, nanscopeDiagnostics, open, revert, waitFor } from './helper';

describe('nanscope extension', () => {
  let api: NanscopeApi;

  before(async () => {
    // Short probes: the suite checks that the probe answers, not what it finds.
    await vscode.workspace.getConfiguration('nanscope').update('probe.budgetSeconds', 1, vscode.ConfigurationTarget.Global);
    await open('raw-log.js');
    api = await activate();
  });

  afterEach(async () => {
    await vscode.workspace.getConfiguration('nanscope').update('rules', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('registers its commands', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['nanscope.runProbe', 'nanscope.fixAll', 'nanscope.restart', 'nanscope.showOutput']) {
      assert.ok(commands.includes(id), `${id} is registered`);
    }
  });

  it('shows raw-log diagnostics with their doc link on the fixture', async () => {
    const editor = await open('raw-log.js');
    const diagnostics = await waitFor('raw-log diagnostics', () => {
      const found = nanscopeDiagnostics(editor.document.uri).filter((d) => codeOf(d) === 'raw-log');
      return found.length === 2 ? found : undefined;
    });
    assert.deepEqual(diagnostics.map((d) => d.range.start.line), [8, 8]);
    const code = diagnostics[0]!.code as { value: string; target: vscode.Uri };
    assert.match(code.target.toString(), /docs\/rules\/raw-log\.md$/);
    assert.equal(api.status()?.state === 'error', false);
  });

  it('a clean file has no warnings or errors', async () => {
    const editor = await open('clean.js');
    // Wait until the server has analyzed it (its lens appears), then check the diagnostics.
    await waitFor('the lens on clean.js', async () => {
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri);
      return lenses.length > 0 || undefined;
    });
    const serious = nanscopeDiagnostics(editor.document.uri).filter((d) => d.severity !== vscode.DiagnosticSeverity.Information);
    assert.deepEqual(serious.map((d) => `${codeOf(d)}: ${d.message}`), []);
  });

  it('applies the preferred quick fix through vscode.commands, and the finding goes away', async () => {
    const editor = await open('raw-log.js');
    const uri = editor.document.uri;
    const [first] = await waitFor('raw-log diagnostics', () => {
      const found = nanscopeDiagnostics(uri).filter((d) => codeOf(d) === 'raw-log');
      return found.length === 2 ? found : undefined;
    });
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, first!.range, vscode.CodeActionKind.QuickFix.value);
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('Disable raw-log for this line'), titles.join(' | '));
    assert.ok(titles.includes('Show documentation for raw-log'), titles.join(' | '));
    const preferred = actions.find((a) => a.isPreferred && a.edit);
    assert.ok(preferred, `a preferred fix among ${titles.join(' | ')}`);
    try {
      assert.equal(await vscode.workspace.applyEdit(preferred.edit!), true);
      await waitFor('one raw-log left', () => nanscopeDiagnostics(uri).filter((d) => codeOf(d) === 'raw-log').length === 1 || undefined);
    } finally {
      await revert(editor);
    }
  });

  it('fix-all (source.fixAll.nanscope) removes every raw log', async () => {
    const editor = await open('raw-log.js');
    const uri = editor.document.uri;
    await waitFor('raw-log diagnostics', () => nanscopeDiagnostics(uri).some((d) => codeOf(d) === 'raw-log') || undefined);
    const whole = new vscode.Range(0, 0, editor.document.lineCount, 0);
    const [fixAll] = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, whole, 'source.fixAll.nanscope');
    assert.equal(fixAll?.kind?.value, 'source.fixAll.nanscope');
    try {
      assert.equal(await vscode.workspace.applyEdit(fixAll.edit!), true);
      await waitFor('no raw-log left', () => !nanscopeDiagnostics(uri).some((d) => codeOf(d) === 'raw-log') || undefined);
    } finally {
      await revert(editor);
    }
  });

  it('puts a "Run stability probe" lens on the training site, and the command answers', async () => {
    const editor = await open('raw-log.js');
    const lenses = await waitFor('a code lens', async () => {
      const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri);
      return found.length > 0 ? found : undefined;
    });
    assert.deepEqual(lenses.map((l) => [l.range.start.line, l.command?.title, l.command?.command]), [[11, 'Run stability probe', 'nanscope.runProbe']]);
    const fromLens = await vscode.commands.executeCommand<{ status: string; message: string }>('nanscope.runProbe', ...(lenses[0]!.command!.arguments ?? []));
    assert.ok(fromLens.status === 'unavailable' || fromLens.status === 'done', JSON.stringify(fromLens));

    // From the palette: no arguments, the site at the cursor.
    editor.selection = new vscode.Selection(11, 2, 11, 2);
    const fromPalette = await vscode.commands.executeCommand<{ status: string; siteId?: string }>('nanscope.runProbe');
    assert.notEqual(fromPalette.status, 'no-site');
  });

  it('re-validates when a setting changes, without a restart', async () => {
    const editor = await open('raw-log.js');
    const uri = editor.document.uri;
    await waitFor('raw-log diagnostics', () => nanscopeDiagnostics(uri).some((d) => codeOf(d) === 'raw-log') || undefined);
    await vscode.workspace.getConfiguration('nanscope').update('rules', { 'raw-log': 'off' }, vscode.ConfigurationTarget.Global);
    await waitFor('raw-log switched off', () => !nanscopeDiagnostics(uri).some((d) => codeOf(d) === 'raw-log') || undefined);
    await vscode.workspace.getConfiguration('nanscope').update('rules', { 'raw-log': 'error' }, vscode.ConfigurationTarget.Global);
    await waitFor('raw-log as errors', () => {
      const found = nanscopeDiagnostics(uri).filter((d) => codeOf(d) === 'raw-log');
      return found.length === 2 && found.every((d) => d.severity === vscode.DiagnosticSeverity.Error) ? true : undefined;
    });
  });

  it('restarts the server on command and comes back with diagnostics', async () => {
    const editor = await open('raw-log.js');
    await vscode.commands.executeCommand('nanscope.restart');
    await waitFor('the server to run again', () => api.client.isRunning() || undefined);
    await waitFor('raw-log diagnostics after restart', () => nanscopeDiagnostics(editor.document.uri).some((d) => codeOf(d) === 'raw-log') || undefined);
  });
});
