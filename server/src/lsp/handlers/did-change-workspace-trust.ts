// nanscope/didChangeWorkspaceTrust (custom, client → server): the user trusted the workspace.
// Only the probe's execute-as-written mode depends on it.

import type { ServerContext } from '../context';
import type { WorkspaceTrustParams } from '../protocol';

export function didChangeWorkspaceTrust(ctx: ServerContext) {
  return (params: WorkspaceTrustParams): void => {
    ctx.trust.trusted = params.trusted === true;
    ctx.log.info(`workspace trust: ${ctx.trust.trusted ? 'trusted' : 'not trusted'}`);
  };
}
