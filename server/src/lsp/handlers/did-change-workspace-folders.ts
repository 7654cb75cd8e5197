// workspace/didChangeWorkspaceFolders: in workspace scope, a new folder is scanned.

import type { WorkspaceFoldersChangeEvent } from 'vscode-languageserver';
import type { ServerContext } from '../context';

export function didChangeWorkspaceFolders(ctx: ServerContext) {
  return async (event: WorkspaceFoldersChangeEvent): Promise<void> => {
    ctx.workspace.addFolders(event.added, event.removed);
    await ctx.workspace.refresh();
  };
}
