// The server's state for the client's status bar. Quiet by design: a keystroke's analysis takes
// milliseconds, so "analyzing" is only announced when work is still going on after a moment, and
// "ready" only follows an announcement.

import type { Connection } from 'vscode-languageserver';
import { statusNotification, type ServerState, type StatusParams } from './protocol';

const ANNOUNCE_AFTER_MS = 250;

export class StatusReporter {
  private readonly busy = new Set<string>();
  private sent: StatusParams | undefined;
  private timer: NodeJS.Timeout | undefined;
  private errorMessage: string | undefined;

  constructor(private readonly connection: Connection) {}

  begin(key: string): void {
    this.busy.add(key);
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.update();
    }, ANNOUNCE_AFTER_MS);
  }

  end(key: string): void {
    this.busy.delete(key);
    if (this.busy.size === 0 && this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    // After an announcement, every change of the count is worth showing.
    if (this.sent && this.sent.state !== 'ready') this.update();
  }

  /** A handler or an analysis failed: say so until the next success. */
  error(message: string): void {
    this.errorMessage = message;
    this.update();
  }

  ok(): void {
    if (this.errorMessage === undefined) return;
    this.errorMessage = undefined;
    this.update();
  }

  /** Announce the current state now (used once the server is initialized). */
  ready(): void {
    this.update(true);
  }

  get pending(): number {
    return this.busy.size;
  }

  private update(force = false): void {
    let state: ServerState = this.busy.size > 0 ? 'analyzing' : 'ready';
    if (this.errorMessage !== undefined) state = 'error';
    const params: StatusParams = { state, pending: this.busy.size };
    if (state === 'error' && this.errorMessage) params.message = this.errorMessage;
    if (!force && this.sent && this.sent.state === params.state && this.sent.pending === params.pending && this.sent.message === params.message) return;
    this.sent = params;
    void this.connection.sendNotification(statusNotification.method, params).catch(() => undefined);
  }
}
