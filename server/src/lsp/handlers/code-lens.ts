// textDocument/codeLens: "Run stability probe" above every training site of the current text.

import type { CancellationToken, CodeLens, CodeLensParams } from 'vscode-languageserver';
import type { ServerContext } from '../context';
import { toCodeLens } from '../to-lsp';

export function codeLens(ctx: ServerContext) {
  return async (params: CodeLensParams, token: CancellationToken): Promise<CodeLens[]> => {
    const analysis = await ctx.currentAnalysis(params.textDocument.uri);
    if (!analysis || token.isCancellationRequested) return [];
    return analysis.result.sites.map((site) => toCodeLens(site, analysis.uri));
  };
}
