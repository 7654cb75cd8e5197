// Helpers for the extension-host tests: open fixtures, wait for what the user would see (polling
// with a deadline, never a fixed sleep), and put documents back as they were.

import * as path from 'node:path';
import * as vscode from 'vscode';
import type { NanscopeApi } from '../../extension';

export const FIXTURES = path.resolve(__dirname, '..', '..', '..', '..', '..', 'client', 'testFixture');

export function fixtureUri(name: string): vscode.Uri {
  return vscode.Uri.file(path.join(FIXTURES, name));
}

export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Activates the extension (by id from package.json) and waits until its server runs. */
export async function activate(): Promise<NanscopeApi> {
  const extension = vscode.extensions.getExtension<NanscopeApi>('nanscope.nanscope');
  if (!extension) throw new Error('the nanscope extension is not installed in this host');
  const api = await extension.activate();
  await waitFor('the language server to run', () => api.client.isRunning() || undefined);
  return api;
}

export async function open(name: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(fixtureUri(name));
  return vscode.window.showTextDocument(document);
}

export function nanscopeDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'nanscope');
}

export function codeOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  if (typeof code === 'object' && code !== null) return String(code.value);
  return code === undefined ? undefined : String(code);
}

/** Undoes unsaved edits: fixtures are never saved. */
export async function revert(editor: vscode.TextEditor): Promise<void> {
  await vscode.window.showTextDocument(editor.document);
  await vscode.commands.executeCommand('workbench.action.files.revert');
}
