// A minimal LSP client for the protocol tests: spawns a server over stdio and speaks JSON-RPC with
// `vscode-languageserver-protocol`, keeping its own copy of each open document, as an editor does.

import { type ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  ApplyWorkspaceEditRequest,
  type ClientCapabilities,
  type CodeAction,
  CodeActionRequest,
  type CodeLens,
  CodeLensRefreshRequest,
  CodeLensRequest,
  ConfigurationRequest,
  createProtocolConnection,
  type Diagnostic,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DidSaveTextDocumentNotification,
  ExecuteCommandRequest,
  ExitNotification,
  type FileEvent,
  InitializedNotification,
  InitializeRequest,
  type InitializeResult,
  LogMessageNotification,
  type LogMessageParams,
  type ProtocolConnection,
  PublishDiagnosticsNotification,
  type PublishDiagnosticsParams,
  type Range,
  RegistrationRequest,
  type RegistrationParams,
  ShowDocumentRequest,
  type ShowDocumentParams,
  type MessageActionItem,
  ShowMessageNotification,
  type ShowMessageParams,
  ShowMessageRequest,
  type ShowMessageRequestParams,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type TextEdit,
  type WorkDoneProgressBegin,
  type WorkDoneProgressEnd,
  type WorkDoneProgressReport,
  WorkDoneProgressCreateRequest,
  type WorkspaceEdit,
  type WorkspaceFolder,
} from 'vscode-languageserver-protocol/node';

/** Compiled test files live in out/server/test; the server entries next to them. */
export const FAKE_SERVER = path.join(__dirname, 'lsp-fake-server.js');
export const REAL_SERVER = path.join(__dirname, '..', 'src', 'lsp', 'stdio.js');

export interface StartOptions {
  server?: string;
  /** More arguments for the server (after `--stdio`). */
  serverArgs?: string[];
  /** The `nanscope` settings section served on `workspace/configuration`. */
  settings?: Record<string, unknown>;
  /** Leave capabilities out to act like a minimal client (no configuration pull, no versions). */
  minimalClient?: boolean;
  initializationOptions?: unknown;
  workspaceFolders?: WorkspaceFolder[];
}

export interface StatusParams {
  state: string;
  pending: number;
  message?: string;
}

export interface ProgressMessage {
  token: string | number;
  value: WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd;
}

type Waiter = { check: () => boolean; resolve: () => void };

export class TestClient {
  readonly diagnostics = new Map<string, PublishDiagnosticsParams[]>();
  readonly logs: LogMessageParams[] = [];
  readonly messages: ShowMessageParams[] = [];
  /** `window/showMessageRequest`s; answered with `answerMessage` (default: dismissed). */
  readonly messageRequests: ShowMessageRequestParams[] = [];
  answerMessage: (params: ShowMessageRequestParams) => MessageActionItem | null = () => null;
  readonly shownDocuments: ShowDocumentParams[] = [];
  readonly registrations: RegistrationParams[] = [];
  readonly statuses: StatusParams[] = [];
  readonly progress: ProgressMessage[] = [];
  readonly appliedEdits: WorkspaceEdit[] = [];
  readonly documents = new Map<string, TextDocument>();
  codeLensRefreshes = 0;
  settings: Record<string, unknown>;
  /**
   * Milliseconds to hold each `workspace/configuration` answer (read when the request arrives, as
   * an editor does), so answers race the messages sent meanwhile. Default: answer at once.
   */
  configurationDelay: (() => number) | undefined;
  private configurationHold: Promise<void> | undefined;
  stderr = '';
  initializeResult!: InitializeResult;
  private readonly waiters = new Set<Waiter>();

  private constructor(
    readonly process: ChildProcess,
    readonly connection: ProtocolConnection,
    settings: Record<string, unknown>,
  ) {
    this.settings = settings;
  }

  static async start(options: StartOptions = {}): Promise<TestClient> {
    const child = spawn(process.execPath, [options.server ?? FAKE_SERVER, '--stdio', ...(options.serverArgs ?? [])], { stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new TestClient(child, connection, options.settings ?? {});
    child.stderr!.on('data', (chunk: Buffer) => (client.stderr += chunk.toString()));
    client.wire(options);
    connection.listen();
    const capabilities: ClientCapabilities = options.minimalClient
      ? {}
      : {
          textDocument: {
            synchronization: { didSave: true, dynamicRegistration: false },
            publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
            codeAction: {
              codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } },
              isPreferredSupport: true,
              dataSupport: true,
            },
            codeLens: {},
          },
          workspace: {
            configuration: true,
            applyEdit: true,
            workspaceEdit: { documentChanges: true },
            didChangeConfiguration: { dynamicRegistration: true },
            didChangeWatchedFiles: { dynamicRegistration: true },
            workspaceFolders: true,
            codeLens: { refreshSupport: true },
            executeCommand: {},
          },
          window: { workDoneProgress: true, showDocument: { support: true } },
        };
    client.initializeResult = await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      capabilities,
      workspaceFolders: options.workspaceFolders ?? null,
      initializationOptions: options.initializationOptions,
    });
    await connection.sendNotification(InitializedNotification.type, {});
    return client;
  }

  private wire(options: StartOptions): void {
    const c = this.connection;
    c.onNotification(PublishDiagnosticsNotification.type, (params) => {
      const list = this.diagnostics.get(params.uri) ?? [];
      list.push(params);
      this.diagnostics.set(params.uri, list);
      this.poke();
    });
    c.onNotification(LogMessageNotification.type, (params) => {
      this.logs.push(params);
      this.poke();
    });
    c.onNotification(ShowMessageNotification.type, (params) => {
      this.messages.push(params);
      this.poke();
    });
    c.onNotification('nanscope/status', (params: StatusParams) => {
      this.statuses.push(params);
      this.poke();
    });
    c.onNotification('$/progress', (params: ProgressMessage) => {
      this.progress.push(params);
      this.poke();
    });
    c.onRequest(ConfigurationRequest.type, async (params) => {
      if (options.minimalClient) throw new Error('not supported');
      const answer = params.items.map(() => this.settings);
      const delay = this.configurationDelay?.() ?? 0;
      await this.configurationHold;
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      return answer;
    });
    c.onRequest(RegistrationRequest.type, (params) => {
      this.registrations.push(params);
      this.poke();
    });
    c.onRequest(WorkDoneProgressCreateRequest.type, () => undefined);
    c.onRequest(CodeLensRefreshRequest.type, () => {
      this.codeLensRefreshes++;
    });
    c.onRequest(ShowDocumentRequest.type, (params) => {
      this.shownDocuments.push(params);
      this.poke();
      return { success: true };
    });
    c.onRequest(ShowMessageRequest.type, (params) => {
      this.messageRequests.push(params);
      this.poke();
      return this.answerMessage(params);
    });
    c.onRequest(ApplyWorkspaceEditRequest.type, async (params) => {
      this.appliedEdits.push(params.edit);
      const applied = await this.applyEdit(params.edit);
      this.poke();
      return { applied };
    });
  }

  private poke(): void {
    for (const w of [...this.waiters]) {
      if (w.check()) {
        this.waiters.delete(w);
        w.resolve();
      }
    }
  }

  /** Resolves once `check` holds (checked now and after every message), or rejects at the deadline. */
  waitFor(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { check, resolve: () => { clearTimeout(timer); resolve(); } };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}\nserver stderr:\n${this.stderr}\nlogs:\n${this.logs.map((l) => l.message).join('\n')}`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  /** The diagnostics published for `uri` for exactly `version` (or the latest, for disk files). */
  async diagnosticsFor(uri: string, version?: number, timeoutMs?: number): Promise<Diagnostic[]> {
    let found: PublishDiagnosticsParams | undefined;
    await this.waitFor(
      `diagnostics for ${uri}${version === undefined ? '' : ` v${version}`}`,
      () => {
        const list = this.diagnostics.get(uri) ?? [];
        found = version === undefined ? list[list.length - 1] : list.find((p) => p.version === version);
        return found !== undefined;
      },
      timeoutMs,
    );
    return found!.diagnostics;
  }

  /** Waits for a publish after `count` publishes for `uri` that satisfies `check`. */
  async nextDiagnostics(uri: string, after: number, check: (d: Diagnostic[]) => boolean = () => true, timeoutMs?: number): Promise<Diagnostic[]> {
    let found: PublishDiagnosticsParams | undefined;
    await this.waitFor(`a new publish for ${uri}`, () => {
      const list = this.diagnostics.get(uri) ?? [];
      found = list.slice(after).reverse().find((p) => check(p.diagnostics));
      return found !== undefined;
    }, timeoutMs);
    return found!.diagnostics;
  }

  publishCount(uri: string): number {
    return this.diagnostics.get(uri)?.length ?? 0;
  }

  async open(uri: string, text: string, languageId = 'javascript', version = 1): Promise<TextDocument> {
    const document = TextDocument.create(uri, languageId, version, text);
    this.documents.set(uri, document);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version, text } });
    return document;
  }

  /** Sends one incremental change; returns the new version. */
  change(uri: string, range: Range, text: string): Promise<number> {
    return this.changes(uri, [{ range, text }]);
  }

  /** Sends several incremental changes in one notification (applied in order); returns the new version. */
  async changes(uri: string, changes: { range: Range; text: string }[]): Promise<number> {
    const document = this.documents.get(uri);
    if (!document) throw new Error(`${uri} is not open`);
    const version = document.version + 1;
    TextDocument.update(document, changes, version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: changes,
    });
    return version;
  }

  async replaceAll(uri: string, text: string): Promise<number> {
    const document = this.documents.get(uri)!;
    const range = { start: { line: 0, character: 0 }, end: document.positionAt(document.getText().length) };
    return this.change(uri, range, text);
  }

  async save(uri: string): Promise<void> {
    await this.connection.sendNotification(DidSaveTextDocumentNotification.type, { textDocument: { uri } });
  }

  async close(uri: string): Promise<void> {
    this.documents.delete(uri);
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  text(uri: string): string {
    return this.documents.get(uri)?.getText() ?? '';
  }

  /** Applies a workspace edit to the open documents as an editor would (refusing a stale version). */
  async applyEdit(edit: WorkspaceEdit): Promise<boolean> {
    const perDocument: [string, number | null | undefined, TextEdit[]][] = [];
    for (const change of edit.documentChanges ?? []) {
      if ('textDocument' in change) perDocument.push([change.textDocument.uri, change.textDocument.version, change.edits as TextEdit[]]);
    }
    for (const [uri, edits] of Object.entries(edit.changes ?? {})) perDocument.push([uri, undefined, edits]);
    for (const [uri, version, edits] of perDocument) {
      const document = this.documents.get(uri);
      if (!document || (typeof version === 'number' && version !== document.version)) return false;
      await this.replaceAll(uri, TextDocument.applyEdits(document, edits));
    }
    return true;
  }

  codeActions(uri: string, range: Range, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
    return this.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range,
      context: { diagnostics, ...(only ? { only } : {}) },
    }) as Promise<CodeAction[]>;
  }

  codeLenses(uri: string): Promise<CodeLens[]> {
    return this.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } }) as Promise<CodeLens[]>;
  }

  executeCommand(command: string, args: unknown[]): Promise<unknown> {
    return this.connection.sendRequest(ExecuteCommandRequest.type, { command, arguments: args });
  }

  /**
   * Holds every `workspace/configuration` answer until the returned function is called, so the
   * messages sent meanwhile reach the server while it waits for its settings.
   */
  holdConfiguration(): () => void {
    let release!: () => void;
    this.configurationHold = new Promise<void>((resolve) => (release = resolve));
    return () => {
      this.configurationHold = undefined;
      release();
    };
  }

  async changeSettings(settings: Record<string, unknown>, push = false): Promise<void> {
    this.settings = settings;
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: push ? { nanscope: settings } : null });
  }

  async filesChanged(changes: FileEvent[]): Promise<void> {
    await this.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes });
  }

  async stop(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => {
      if (this.process.exitCode !== null) resolve(this.process.exitCode);
      else this.process.once('exit', (code) => resolve(code));
    });
    try {
      await Promise.race([this.connection.sendRequest(ShutdownRequest.type), new Promise((r) => setTimeout(r, 2000))]);
      await this.connection.sendNotification(ExitNotification.type);
    } catch {
      // The server is gone already.
    }
    const timer = setTimeout(() => this.process.kill(), 3000);
    const code = await exited;
    clearTimeout(timer);
    this.connection.dispose();
    return code;
  }
}

/** Ranges of every match of `pattern`'s first group in `text` (what the scripted analyzer flags). */
export function rangesOf(text: string, pattern: RegExp, prefix: string): Range[] {
  const document = TextDocument.create('file:///x', 'javascript', 1, text);
  return [...text.matchAll(pattern)].map((m) => {
    const start = (m.index ?? 0) + prefix.length;
    return { start: document.positionAt(start), end: document.positionAt(start + (m[1] ?? '').length) };
  });
}

/** The seed article's log loss on probabilities that are exactly 0 or 1, trained by a model. */
export const HAND_BCE = [
  "const tf = require('@tensorflow/tfjs');",
  '',
  'const model = tf.sequential();',
  "model.add(tf.layers.dense({ units: 8, activation: 'relu', inputShape: [4] }));",
  "model.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));",
  '',
  'const bce = (yTrue, yPred) =>',
  '  yTrue.mul(yPred.log()).add(tf.scalar(1).sub(yTrue).mul(tf.scalar(1).sub(yPred).log())).mean().neg();',
  '',
  "model.compile({ optimizer: 'adam', loss: bce });",
  'model.fit(tf.randomUniform([32, 4]), tf.randomUniform([32, 1]).round(), { epochs: 3 });',
  '',
].join('\n');

/** A TF.js file of about `lines` lines: helper functions, then a model trained on a raw log loss. */
export function generatedFile(lines: number): string {
  const out = ["const tf = require('@tensorflow/tfjs');", ''];
  for (let i = 0; out.length < lines - 12; i++) {
    out.push(
      `// block ${i}`,
      `function block${i}(x) {`,
      `  const w${i} = tf.variable(tf.randomNormal([4, 4]));`,
      `  const h${i} = tf.relu(x.matMul(w${i}));`,
      `  return h${i}.add(tf.scalar(${i}));`,
      '}',
      '',
    );
  }
  out.push(...HAND_BCE.split('\n').slice(1));
  return out.join('\n');
}

