// The language server: one connection, its capabilities, and the handlers wired to it. Which
// transport the connection uses is the caller's choice: `bin.ts` (IPC from the VS Code client, or
// whatever the command line says) and `stdio.ts` (`nanscope --stdio`, for any editor).

import * as ts from 'typescript';
import {
  type ClientCapabilities,
  CodeActionKind,
  type Connection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  type InitializeParams,
  type InitializeResult,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { version } from '../version';
import { AnalysisStore } from './analyses';
import { type Analyzer, defaultAnalyzer } from './analyzer';
import type { ClientFeatures, ServerContext } from './context';
import { guard, guardNotification } from './guard';
import { codeAction, FIX_ALL_KIND } from './handlers/code-action';
import { codeLens } from './handlers/code-lens';
import { didChange } from './handlers/did-change';
import { didChangeConfiguration } from './handlers/did-change-configuration';
import { didChangeWatchedFiles } from './handlers/did-change-watched-files';
import { didChangeWorkspaceFolders } from './handlers/did-change-workspace-folders';
import { didChangeWorkspaceTrust } from './handlers/did-change-workspace-trust';
import { didClose } from './handlers/did-close';
import { didOpen } from './handlers/did-open';
import { didSave } from './handlers/did-save';
import { executeCommand } from './handlers/execute-command';
import { Logger } from './logger';
import { ProbeService, type RunnerModule } from './probe';
import { Commands, type InitializationOptions, workspaceTrustNotification } from './protocol';
import { SettingsSource } from './settings';
import { StatusReporter } from './status';
import { canonicalUri, isSupportedDocument, SUPPORTED_EXTENSIONS } from './uris';
import { Validator } from './validator';
import { WorkspaceFiles } from './workspace';

export interface ServerOptions {
  /** The analyzer to use (tests substitute a scripted one). Default: `../analysis`. */
  analyzer?: Analyzer;
  /** Finds the probe's runner (tests pass `() => null` for a build without the probe). */
  loadProbeRunner?: () => RunnerModule | null;
}

export function capabilities(): InitializeResult['capabilities'] {
  return {
    textDocumentSync: {
      openClose: true,
      change: TextDocumentSyncKind.Incremental,
      save: { includeText: false },
    },
    codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
    codeLensProvider: { resolveProvider: false },
    executeCommandProvider: { commands: [Commands.runProbe, Commands.fixAll, Commands.showDocumentation, Commands.applyProbeFix] },
    workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
  };
}

export function clientFeatures(caps: ClientCapabilities): ClientFeatures {
  const diagnostics = caps.textDocument?.publishDiagnostics;
  return {
    relatedInformation: diagnostics?.relatedInformation === true,
    codeDescription: diagnostics?.codeDescriptionSupport === true,
    diagnosticVersion: diagnostics?.versionSupport === true,
    configurationPull: caps.workspace?.configuration === true,
    configurationDynamicRegistration: caps.workspace?.didChangeConfiguration?.dynamicRegistration === true,
    watchedFilesDynamicRegistration: caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true,
    workDoneProgress: caps.window?.workDoneProgress === true,
    showDocument: caps.window?.showDocument?.support === true,
    documentChanges: caps.workspace?.workspaceEdit?.documentChanges === true,
    codeLensRefresh: caps.workspace?.codeLens?.refreshSupport === true,
    workspaceFolders: caps.workspace?.workspaceFolders === true,
    showsProbeResults: false,
  };
}

/** Wires a server onto `connection` and starts listening. */
export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const analyzer = options.analyzer ?? defaultAnalyzer;
  const documents = new TextDocuments(TextDocument);
  const log = new Logger(connection.console);
  const status = new StatusReporter(connection);
  // The context is completed in onInitialize, once the client's capabilities are known; no
  // handler runs before that.
  const ctx = { connection, documents, analyzer, log, status, trust: { trusted: false } } as Partial<ServerContext> as ServerContext;
  ctx.analyses = new AnalysisStore(analyzer, log);
  ctx.probe = new ProbeService(log, options.loadProbeRunner);

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const init = (params.initializationOptions ?? {}) as InitializationOptions;
    ctx.client = { ...clientFeatures(params.capabilities), showsProbeResults: init.showsProbeResults === true };
    ctx.trust.trusted = init.workspaceTrusted === true;
    ctx.settings = new SettingsSource({
      connection,
      log,
      analyzer,
      canPull: ctx.client.configurationPull,
      initial: init.settings,
    });
    ctx.validator = new Validator(ctx);
    ctx.workspace = new WorkspaceFiles(ctx);
    ctx.workspace.setFolders(params.workspaceFolders, params.rootUri);
    ctx.currentAnalysis = async (uri) => {
      const document = documents.get(uri);
      if (!document || !isSupportedDocument(uri, document.languageId)) return undefined;
      const settings = await ctx.settings.forUri(uri);
      const current = documents.get(uri);
      if (!settings.settings.enable || !current) return undefined;
      return ctx.analyses.analyze({
        key: canonicalUri(uri),
        uri,
        text: current.getText(),
        version: current.version,
        languageId: current.languageId,
        settings,
        keepParse: true,
      });
    };
    return { capabilities: capabilities(), serverInfo: { name: 'nanscope', version: version() } };
  });

  connection.onInitialized(
    guardNotification(ctx, 'initialized', async () => {
      const window = await ctx.settings.forWindow();
      log.setLevel(window.logLevel);
      log.info(
        `nanscope language server ${version()}; TypeScript ${ts.version}; Node ${process.version}; ` +
          `${analyzer.ruleIds.length} rules; workspace ${ctx.trust.trusted ? 'trusted' : 'not trusted'}`,
      );
      log.info(`TF.js is never loaded by the server; the stability probe is ${ctx.probe.available() ? 'available' : 'not available in this build'}`);
      if (ctx.client.configurationDynamicRegistration) {
        await connection.client.register(DidChangeConfigurationNotification.type, { section: 'nanscope' });
      }
      if (ctx.client.watchedFilesDynamicRegistration) {
        const sources = SUPPORTED_EXTENSIONS.map((e) => e.slice(1)).join(',');
        await connection.client.register(DidChangeWatchedFilesNotification.type, {
          watchers: [{ globPattern: `**/*.{${sources}}` }, { globPattern: '**/.nanscoperc.json' }, { globPattern: '**/package.json' }],
        });
      }
      if (ctx.client.workspaceFolders) {
        connection.workspace.onDidChangeWorkspaceFolders(
          guardNotification(ctx, 'workspace/didChangeWorkspaceFolders', didChangeWorkspaceFolders(ctx)),
        );
      }
      status.ready();
      await ctx.workspace.refresh();
    }),
  );

  // The text manager applies didOpen / didChange / didSave / didClose and then tells us.
  documents.onDidOpen(guardNotification(ctx, 'textDocument/didOpen', didOpen(ctx)));
  documents.onDidChangeContent(guardNotification(ctx, 'textDocument/didChange', didChange(ctx)));
  documents.onDidSave(guardNotification(ctx, 'textDocument/didSave', didSave(ctx)));
  documents.onDidClose(guardNotification(ctx, 'textDocument/didClose', didClose(ctx)));

  connection.onCodeAction(guard(ctx, 'textDocument/codeAction', [], codeAction(ctx)));
  connection.onCodeLens(guard(ctx, 'textDocument/codeLens', [], codeLens(ctx)));
  connection.onExecuteCommand(guard(ctx, 'workspace/executeCommand', null, executeCommand(ctx)));
  connection.onDidChangeConfiguration(guardNotification(ctx, 'workspace/didChangeConfiguration', didChangeConfiguration(ctx)));
  connection.onDidChangeWatchedFiles(guardNotification(ctx, 'workspace/didChangeWatchedFiles', didChangeWatchedFiles(ctx)));
  connection.onNotification(workspaceTrustNotification.method, guardNotification(ctx, workspaceTrustNotification.method, didChangeWorkspaceTrust(ctx)));

  connection.onShutdown(async () => {
    await ctx.probe.dispose();
  });

  documents.listen(connection);
  connection.listen();
}

/** Starts the server on the transport named on the command line (`--node-ipc`, `--stdio`, `--socket=`). */
export function main(): void {
  startServer(createConnection(ProposedFeatures.all));
}
