// workspace/didChangeWatchedFiles: source files changed on disk (workspace scope) and
// configuration files (`.nanscoperc.json`, package.json) changed anywhere.

import type { DidChangeWatchedFilesParams } from 'vscode-languageserver';
import type { ServerContext } from '../context';

export function didChangeWatchedFiles(ctx: ServerContext) {
  return (params: DidChangeWatchedFilesParams): Promise<void> => ctx.workspace.filesChanged(params.changes);
}
