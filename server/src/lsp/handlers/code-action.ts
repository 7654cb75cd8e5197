// textDocument/codeAction. For each nanscope diagnostic in the request: its fixes as quick fixes
// (the preferred one `isPreferred`), "disable for this line", "disable for this file" and "show
// documentation". On request of the `source.fixAll.nanscope` kind (editor.codeActionsOnSave):
// every safe fix at once.
//
// Actions are computed on the document's current text. A request made for an older version (the
// user kept typing) gets nothing rather than edits at stale positions.

import {
  type CancellationToken,
  type CodeAction,
  CodeActionKind,
  type CodeActionParams,
  type Diagnostic,
} from 'vscode-languageserver';
import type { Finding } from '../../analysis/types';
import type { DocumentAnalysis } from '../analyses';
import type { ServerContext } from '../context';
import { computeFixAll, hasSafeFix } from '../fix-all';
import { Commands } from '../protocol';
import { disableForFileEdit, disableForLineEdit } from '../suppress';
import { SOURCE, sameProblem, toTextEdits, toWorkspaceEdit } from '../to-lsp';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.${SOURCE}`;

export function codeAction(ctx: ServerContext) {
  return async (params: CodeActionParams, token: CancellationToken): Promise<CodeAction[]> => {
    const uri = params.textDocument.uri;
    const analysis = await ctx.currentAnalysis(uri);
    if (!analysis || token.isCancellationRequested) return [];
    if (analysis.version !== ctx.documents.get(uri)?.version) return [];

    const only = params.context.only;
    const actions: CodeAction[] = [];
    if (wants(only, CodeActionKind.QuickFix, false)) actions.push(...quickFixes(ctx, analysis, params.context.diagnostics));
    if (wants(only, FIX_ALL_KIND, true) && hasSafeFix(analysis)) {
      const outcome = computeFixAll(ctx.analyzer, analysis);
      if (outcome.edit) {
        actions.push({
          title: `Fix all safe nanscope problems (${outcome.applied})`,
          kind: FIX_ALL_KIND,
          edit: toWorkspaceEdit(uri, analysis.version, [outcome.edit], ctx.client.documentChanges),
        });
      }
    }
    return actions;
  };
}

/**
 * Whether the client asked for `kind`. Source actions are only computed when asked for by kind:
 * the light bulb asks with no kind on every cursor move and must stay cheap.
 */
function wants(only: string[] | undefined, kind: string, explicitOnly: boolean): boolean {
  if (!only) return !explicitOnly;
  return only.some((o) => kind === o || kind.startsWith(`${o}.`));
}

function quickFixes(ctx: ServerContext, analysis: DocumentAnalysis, diagnostics: Diagnostic[]): CodeAction[] {
  const uri = analysis.uri;
  const versioned = ctx.client.documentChanges;
  const fixes: CodeAction[] = [];
  const disables: CodeAction[] = [];
  const docs: CodeAction[] = [];
  const seenDisables = new Set<string>();
  for (const diagnostic of diagnostics) {
    const finding = analysis.result.findings.find((f) => sameProblem(diagnostic, f));
    if (!finding) continue;

    const preferred = preferredFix(finding);
    for (const fix of finding.fixes) {
      const action: CodeAction = {
        title: fix.safety === 'unsafe' ? `${fix.title} (unsafe: changes training)` : fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        edit: toWorkspaceEdit(uri, analysis.version, toTextEdits(fix.edits, analysis.lines), versioned),
      };
      if (fix === preferred) action.isPreferred = true;
      fixes.push(action);
    }

    const line = finding.range.start.line;
    const lineKey = `line:${finding.ruleId}:${line}`;
    if (!seenDisables.has(lineKey)) {
      seenDisables.add(lineKey);
      disables.push({
        title: `Disable ${finding.ruleId} for this line`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        edit: toWorkspaceEdit(uri, analysis.version, [disableForLineEdit(analysis.lines, line, finding.ruleId)], versioned),
      });
    }
    const fileKey = `file:${finding.ruleId}`;
    if (!seenDisables.has(fileKey)) {
      seenDisables.add(fileKey);
      disables.push({
        title: `Disable ${finding.ruleId} for this file`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        edit: toWorkspaceEdit(uri, analysis.version, [disableForFileEdit(analysis.lines, finding.ruleId)], versioned),
      });
      docs.push({
        title: `Show documentation for ${finding.ruleId}`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        command: { title: `Show documentation for ${finding.ruleId}`, command: Commands.showDocumentation, arguments: [ctx.analyzer.docUrl(finding.ruleId)] },
      });
    }
  }
  return [...fixes, ...disables, ...docs];
}

/** The analyzer's preferred fix; else the first safe one. Unsafe fixes are never auto-preferred. */
function preferredFix(finding: Finding): Finding['fixes'][number] | undefined {
  return finding.fixes.find((f) => f.preferred) ?? finding.fixes.find((f) => f.safety === 'safe');
}
