// What every handler gets: the server's parts, created once per connection in `main.ts`. There is
// no module-level state; a test can start two servers in one process.

import type { Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalysisStore, DocumentAnalysis } from './analyses';
import type { Analyzer } from './analyzer';
import type { Logger } from './logger';
import type { ProbeService } from './probe';
import type { SettingsSource } from './settings';
import type { StatusReporter } from './status';
import type { ConversionFeatures } from './to-lsp';
import type { Validator } from './validator';
import type { WorkspaceFiles } from './workspace';

/** What the client said it can do, reduced to the decisions the server makes. */
export interface ClientFeatures extends ConversionFeatures {
  configurationPull: boolean;
  configurationDynamicRegistration: boolean;
  watchedFilesDynamicRegistration: boolean;
  workDoneProgress: boolean;
  showDocument: boolean;
  documentChanges: boolean;
  codeLensRefresh: boolean;
  diagnosticVersion: boolean;
  workspaceFolders: boolean;
  /** The client shows probe results itself (`InitializationOptions.showsProbeResults`). */
  showsProbeResults: boolean;
}

export interface ServerContext {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  analyzer: Analyzer;
  log: Logger;
  settings: SettingsSource;
  analyses: AnalysisStore;
  validator: Validator;
  workspace: WorkspaceFiles;
  status: StatusReporter;
  probe: ProbeService;
  client: ClientFeatures;
  trust: { trusted: boolean };
  /** The analysis of an open document's current text (cached or fresh); undefined when disabled. */
  currentAnalysis(uri: string): Promise<DocumentAnalysis | undefined>;
}
