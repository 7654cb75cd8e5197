// textDocument/didSave: in `run: onSave` mode this is when analysis happens; in `onType` mode the
// analysis of this version is cached, so it costs nothing.

import type { TextDocumentChangeEvent } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ServerContext } from '../context';

export function didSave(ctx: ServerContext) {
  return (event: TextDocumentChangeEvent<TextDocument>): void => {
    ctx.validator.documentChanged(event.document, 'save');
  };
}
