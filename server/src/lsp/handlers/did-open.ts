// textDocument/didOpen: analyze at once (no debounce), and start incremental parsing.

import type { TextDocumentChangeEvent } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ServerContext } from '../context';

export function didOpen(ctx: ServerContext) {
  return (event: TextDocumentChangeEvent<TextDocument>): void => {
    ctx.validator.documentChanged(event.document, 'open');
  };
}
