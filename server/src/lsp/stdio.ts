// `nanscope --stdio`: the language server for any editor (Neovim, Helix, Emacs, Zed). The CLI
// calls `main()`; this file can also be run directly with node.

import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer, type ServerOptions } from './main';

export function main(options: ServerOptions = {}): void {
  // stdout carries the protocol: anything a dependency prints must not end up there.
  protectStdout();
  startServer(createConnection(ProposedFeatures.all, process.stdin, process.stdout), options);
}

/** Sends stray console output to stderr, where editors show it as the server's log. */
function protectStdout(): void {
  const toStderr = (...args: unknown[]): void => {
    process.stderr.write(`${args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}\n`);
  };
  // Assignments, not calls: this is what keeps `console.*` from ever reaching the protocol stream.
  console.log = toStderr;
  console.info = toStderr;
  console.debug = toStderr;
  console.warn = toStderr;
}

if (require.main === module) main();
