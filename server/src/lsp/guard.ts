// Isolation at the edge: one failing handler answers with an empty result and a status message,
// logs why, and never takes the server (or the other handlers) down.

import type { CancellationToken } from 'vscode-languageserver';
import type { ServerContext } from './context';

export function guard<P, R>(
  ctx: Pick<ServerContext, 'log' | 'status'>,
  name: string,
  fallback: R,
  handler: (params: P, token: CancellationToken) => R | Promise<R>,
): (params: P, token: CancellationToken) => Promise<R> {
  return async (params, token) => {
    try {
      const result = await handler(params, token);
      return token.isCancellationRequested ? fallback : result;
    } catch (error) {
      ctx.log.error(`${name} failed`, error);
      ctx.status.error(`${name} failed: ${error instanceof Error ? error.message : String(error)}`);
      return fallback;
    }
  };
}

/** The same for notifications, which have no result. */
export function guardNotification<P>(
  ctx: Pick<ServerContext, 'log' | 'status'>,
  name: string,
  handler: (params: P) => void | Promise<void>,
): (params: P) => void {
  return (params) => {
    Promise.resolve()
      .then(() => handler(params))
      .catch((error: unknown) => {
        ctx.log.error(`${name} failed`, error);
        ctx.status.error(`${name} failed: ${error instanceof Error ? error.message : String(error)}`);
      });
  };
}
