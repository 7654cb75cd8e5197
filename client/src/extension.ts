// The VS Code extension: starts the nanscope language server over IPC and stays thin. Everything
// about analysis, fixes and the probe is the server's; the client adds only what needs the editor:
// the "nanscope" output channel, a status bar item, the restart command, workspace trust, the
// cursor position for `nanscope.runProbe` run from the palette, and the probe's results panel
// (./probe-command.ts, ./panel/).

import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  type ExecuteCommandSignature,
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
  State,
  TransportKind,
} from 'vscode-languageclient/node';
import {
  ClientCommands,
  Commands,
  type InitializationOptions,
  type RunProbeArgs,
  type StatusParams,
  statusNotification,
  workspaceTrustNotification,
} from '../../server/src/lsp/protocol';
import type { ProbePanelSnapshot } from './panel/probe-panel';
import { ProbeController } from './probe-command';

const LANGUAGES = ['javascript', 'typescript', 'javascriptreact', 'typescriptreact'];

/** What `activate` returns: the extension-host tests use it to wait for the server. */
export interface NanscopeApi {
  readonly client: LanguageClient;
  /** The last status the server reported. */
  status(): StatusParams | undefined;
  /** The open probe results panels and what they show. */
  probePanels(): ProbePanelSnapshot[];
}

let client: LanguageClient | undefined;
/** Set once the client exists; the middleware sends `nanscope.runProbe` through it. */
let probes: ProbeController | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<NanscopeApi> {
  const output = vscode.window.createOutputChannel('nanscope', { log: true });
  const statusItem = new StatusItem();
  context.subscriptions.push(output, statusItem);

  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const initializationOptions: InitializationOptions = { workspaceTrusted: vscode.workspace.isTrusted, showsProbeResults: true };
  const clientOptions: LanguageClientOptions = {
    documentSelector: LANGUAGES.flatMap((language) => [
      { scheme: 'file', language },
      { scheme: 'untitled', language },
    ]),
    diagnosticCollectionName: 'nanscope',
    outputChannel: output,
    traceOutputChannel: output,
    initializationOptions,
    middleware: { executeCommand: fillFromEditor },
  };

  const languageClient = new LanguageClient('nanscope', 'nanscope', serverOptions, clientOptions);
  client = languageClient;
  const controller = new ProbeController(languageClient, context.extensionUri);
  probes = controller;
  languageClient.onDidChangeState((event) => {
    if (event.newState === State.Starting) statusItem.show({ state: 'starting', pending: 0 });
    if (event.newState === State.Stopped) statusItem.show({ state: 'error', pending: 0, message: 'the server stopped; see the output' });
  });

  context.subscriptions.push(
    vscode.commands.registerCommand(ClientCommands.showOutput, () => output.show(true)),
    vscode.commands.registerCommand(ClientCommands.restart, async () => {
      output.appendLine('restarting the nanscope server');
      await languageClient.restart();
      await sendTrust(languageClient);
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => sendTrust(languageClient)),
    vscode.commands.registerCommand(ClientCommands.showProbeResults, (arg?: unknown) => controller.showResultsCommand(arg)),
    controller,
    { dispose: () => void languageClient.stop() },
  );

  statusItem.show({ state: 'starting', pending: 0 });
  // Awaited, so a command that activated the extension (`nanscope.runProbe` from the palette) finds
  // the server's commands registered when VS Code runs it.
  await languageClient.start();
  context.subscriptions.push(languageClient.onNotification(statusNotification.method, (params: StatusParams) => statusItem.show(params)));
  // The first status may have been sent before the handler above existed.
  if (statusItem.current?.state === 'starting') statusItem.show({ state: 'ready', pending: 0 });

  return { client: languageClient, status: () => statusItem.current, probePanels: () => controller.results.snapshot() };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
  probes = undefined;
}

async function sendTrust(languageClient: LanguageClient): Promise<void> {
  if (languageClient.isRunning()) {
    await languageClient.sendNotification(workspaceTrustNotification.method, { trusted: vscode.workspace.isTrusted });
  }
}

/**
 * Server commands run from the palette or the context menu carry no arguments: `nanscope.runProbe`
 * then means the site at the cursor, `nanscope.fixAll` the active file. From a code lens they
 * carry their own. `nanscope.runProbe` then goes through the probe controller (progress, results
 * panel, notification).
 */
async function fillFromEditor(command: string, args: unknown[], next: ExecuteCommandSignature): Promise<unknown> {
  if (command === Commands.runProbe && args.length > 0 && probes && isProbeArgs(args[0])) return probes.run(args[0]);
  if ((command !== Commands.runProbe && command !== Commands.fixAll) || args.length > 0) return next(command, args);
  const editor = vscode.window.activeTextEditor;
  if (!editor || !LANGUAGES.includes(editor.document.languageId)) {
    void vscode.window.showInformationMessage('nanscope: open a TF.js training file first.');
    return undefined;
  }
  const uri = editor.document.uri.toString();
  if (command === Commands.fixAll) return next(command, [{ uri }]);
  const position = editor.selection.active;
  const site: RunProbeArgs = { uri, position: { line: position.line, character: position.character } };
  return probes ? probes.run(site) : next(command, [site]);
}

function isProbeArgs(value: unknown): value is RunProbeArgs {
  return typeof value === 'object' && value !== null && typeof (value as { uri?: unknown }).uri === 'string';
}

class StatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('nanscope.status', vscode.StatusBarAlignment.Right, 100);
  current: StatusParams | undefined;

  constructor() {
    this.item.name = 'nanscope';
    this.item.command = ClientCommands.showOutput;
  }

  show(status: StatusParams): void {
    this.current = status;
    switch (status.state) {
      case 'starting':
        this.item.text = '$(loading~spin) nanscope';
        this.item.tooltip = 'nanscope: starting the server';
        this.item.backgroundColor = undefined;
        break;
      case 'analyzing':
        this.item.text = `$(loading~spin) nanscope: analyzing ${status.pending} ${status.pending === 1 ? 'file' : 'files'}`;
        this.item.tooltip = 'nanscope is analyzing; click for the log';
        this.item.backgroundColor = undefined;
        break;
      case 'ready':
        this.item.text = '$(check) nanscope';
        this.item.tooltip = 'nanscope is ready; click for the log';
        this.item.backgroundColor = undefined;
        break;
      case 'error':
        this.item.text = '$(error) nanscope';
        this.item.tooltip = `nanscope: ${status.message ?? 'an error occurred'}; click for the log`;
        this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
        break;
    }
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
