// workspace/didChangeConfiguration: drop the cached settings and re-validate without a restart.
// Clients that pull settings send `settings: null`; others push the whole section here.

import { CodeLensRefreshRequest, type DidChangeConfigurationParams } from 'vscode-languageserver';
import type { ServerContext } from '../context';

export function didChangeConfiguration(ctx: ServerContext) {
  return async (params: DidChangeConfigurationParams): Promise<void> => {
    const raw: unknown = params.settings;
    const pushed = typeof raw === 'object' && raw !== null && 'nanscope' in raw ? (raw as { nanscope: unknown }).nanscope : undefined;
    ctx.settings.clear(ctx.client.configurationPull ? undefined : pushed);
    const window = await ctx.settings.forWindow();
    ctx.log.setLevel(window.logLevel);
    ctx.log.info('settings changed; re-analyzing');
    ctx.validator.revalidateOpen();
    if (ctx.client.codeLensRefresh) void ctx.connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
    await ctx.workspace.refresh();
  };
}
