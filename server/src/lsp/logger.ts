// The server's one logger. stdout is the protocol, so nothing in the server may write to the
// console: every line goes to the client as `window/logMessage` (VS Code shows it in the
// "nanscope" output channel; other editors in their LSP log).

import type { RemoteConsole } from 'vscode-languageserver';

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

const ORDER: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

export function isLogLevel(value: unknown): value is LogLevel {
  return typeof value === 'string' && value in ORDER;
}

export class Logger {
  private level: LogLevel = 'info';

  constructor(private readonly sink: RemoteConsole) {}

  setLevel(level: LogLevel): void {
    this.level = level;
  }

  enabled(level: LogLevel): boolean {
    return ORDER[level] <= ORDER[this.level];
  }

  error(message: string, error?: unknown): void {
    this.sink.error(error === undefined ? message : `${message}: ${describeError(error)}`);
  }

  warn(message: string): void {
    if (this.enabled('warn')) this.sink.warn(message);
  }

  info(message: string): void {
    if (this.enabled('info')) this.sink.info(message);
  }

  /** Debug lines (per-file timings) are built lazily: they are off by default. */
  debug(message: () => string): void {
    if (this.enabled('debug')) this.sink.log(message());
  }
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}
