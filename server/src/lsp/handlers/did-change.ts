// textDocument/didChange (incremental): the text manager has applied the changes; schedule a
// debounced re-analysis. The manager also reports the opening as a change; the version tells.

import type { TextDocumentChangeEvent } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ServerContext } from '../context';

export function didChange(ctx: ServerContext) {
  return (event: TextDocumentChangeEvent<TextDocument>): void => {
    ctx.validator.documentChanged(event.document, 'change');
  };
}
