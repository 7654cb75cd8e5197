// Every seed fixture in a real VS Code: the expected squiggles appear, every fix offered applies and
// resolves its finding, and every training site has its lens. The analyzer, run in this process on
// the same text, is the reference for what the server must show.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { analyze } from '../../../../server/src/analysis';
import { ruleIds } from '../../../../server/src/rules';
import { parseFixtureHeaders } from '../../../../server/test/helpers/fixture-headers';
import { activate, codeOf, nanscopeDiagnostics, waitFor } from './helper';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..', '..');
const SEEDS = path.join(ROOT, 'test-fixtures', 'seeds');
const files = fs.existsSync(SEEDS) ? fs.readdirSync(SEEDS).filter((f) => /\.[cm]?[jt]sx?$/.test(f)).sort() : [];

const sameStart = (a: vscode.Range, b: { line: number; character: number }): boolean =>
  a.start.line === b.line && a.start.character === b.character;

describe('seed fixtures in the editor', () => {
  before(async () => {
    await activate();
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  for (const file of files) {
    it(file, async function () {
      const filePath = path.join(SEEDS, file);
      const text = fs.readFileSync(filePath, 'utf8');
      const headers = parseFixtureHeaders(text);
      const reference = analyze({ fileName: filePath, text });
      const document = await vscode.workspace.openTextDocument(filePath);
      const editor = await vscode.window.showTextDocument(document);
      const uri = document.uri;

      // Every training site has its lens.
      const lenses = await waitFor(`${reference.sites.length} lenses`, async () => {
        const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
        return found.length === reference.sites.length ? found : undefined;
      });
      assert.deepEqual(
        lenses.map((l) => [l.range.start.line, l.command?.title]),
        reference.sites.map((s) => [s.range.start.line, 'Run stability probe']),
      );

      // The squiggles are the analyzer's findings, and they satisfy the header.
      const diagnostics = await waitFor(`${reference.findings.length} diagnostics`, () => {
        const found = nanscopeDiagnostics(uri);
        return found.length === reference.findings.length ? found : undefined;
      });
      assert.deepEqual(
        diagnostics.map((d) => [codeOf(d), d.range.start.line, d.range.start.character]).sort(),
        reference.findings.map((f) => [f.ruleId, f.range.start.line, f.range.start.character]).sort(),
      );
      const shown = new Set(diagnostics.map(codeOf));
      const expect = headers.expect;
      if (expect?.kind === 'clean') {
        const serious = diagnostics.filter((d) => d.severity !== vscode.DiagnosticSeverity.Information);
        assert.deepEqual(serious.map(codeOf), [], 'expected clean');
      } else if (expect?.kind === 'rules') {
        for (const group of expect.groups) {
          // A group only rules of the catalogue that do not exist yet can satisfy is a to-do.
          if (!group.some((r) => ruleIds.includes(r))) continue;
          assert.ok(group.some((r) => shown.has(r)), `expected one of ${group.join('|')}; shown: ${[...shown].join(', ')}`);
        }
      }
      for (const rule of headers.forbid) assert.ok(!shown.has(rule), `${rule} is forbidden here`);

      // Every fix offered applies, and resolves (at least) its own finding.
      for (const finding of reference.findings) {
        const diagnostic = diagnostics.find((d) => codeOf(d) === finding.ruleId && sameStart(d.range, finding.range.start));
        assert.ok(diagnostic);
        const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
        const titles = finding.fixes.map((f) => f.title);
        const fixes = actions.filter((a) => a.edit && titles.some((t) => a.title === t || a.title.startsWith(`${t} (unsafe`)));
        assert.equal(fixes.length, finding.fixes.length, `fixes for ${finding.ruleId}: ${actions.map((a) => a.title).join(' | ')}`);
        for (const fix of fixes) {
          const before = nanscopeDiagnostics(uri).filter((d) => codeOf(d) === finding.ruleId).length;
          const version = editor.document.version;
          assert.equal(await vscode.workspace.applyEdit(fix.edit!), true, `${fix.title} applies`);
          assert.notEqual(editor.document.version, version);
          await waitFor(`"${fix.title}" to resolve a ${finding.ruleId} finding`, () => nanscopeDiagnostics(uri).filter((d) => codeOf(d) === finding.ruleId).length < before || undefined, 10_000);
          await vscode.commands.executeCommand('workbench.action.files.revert');
          await waitFor('the original diagnostics after revert', () => nanscopeDiagnostics(uri).length === reference.findings.length || undefined);
        }
      }
    });
  }
});
