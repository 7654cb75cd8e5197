// textDocument/didClose: forget the document; in workspace scope its file on disk takes over.

import type { TextDocumentChangeEvent } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ServerContext } from '../context';

export function didClose(ctx: ServerContext) {
  return (event: TextDocumentChangeEvent<TextDocument>): void => {
    void ctx.validator.documentClosed(event.document.uri);
  };
}
