// Everything the nanscope client and server say to each other beyond standard LSP: custom
// messages, command ids and the shapes of their arguments. This module has no runtime
// dependencies, so the client bundle can import it without pulling in the server.
//
// Each custom message is `nanscope/<name>`, with typed params and a comment saying who sends it
// and why. Both sides use the `method` string with their own JSON-RPC library.

/** A message spec: the method name, with the params type carried for the compiler only. */
export interface MessageSpec<P> {
  readonly method: string;
  /** Never set; makes `P` part of the type so senders and receivers agree on it. */
  readonly params?: P;
}

export type ServerState = 'starting' | 'ready' | 'analyzing' | 'error';

export interface StatusParams {
  state: ServerState;
  /** Files waiting for or under analysis. */
  pending: number;
  /** Why the state is `error`, or what is being done, in one sentence. */
  message?: string;
}

/**
 * Server → client. Sent when the server's state changes (ready, analyzing N files, a handler
 * failed), so the client can show it in the status bar without parsing the log.
 */
export const statusNotification: MessageSpec<StatusParams> = { method: 'nanscope/status' };

export interface WorkspaceTrustParams {
  trusted: boolean;
}

/**
 * Client → server. Sent when the user grants workspace trust after the server started. Until the
 * workspace is trusted the probe never runs in execute-as-written mode. The initial state comes
 * in `InitializationOptions.workspaceTrusted`.
 */
export const workspaceTrustNotification: MessageSpec<WorkspaceTrustParams> = {
  method: 'nanscope/didChangeWorkspaceTrust',
};

/** What the client may put in `initialize`'s `initializationOptions`. All optional. */
export interface InitializationOptions {
  /** The editor trusts the workspace (VS Code's workspace trust). Absent means untrusted. */
  workspaceTrusted?: boolean;
  /**
   * Settings for clients that cannot answer `workspace/configuration` (the `nanscope` section's
   * content, e.g. `{ "run": "onSave" }`).
   */
  settings?: unknown;
  /**
   * The client shows a finished probe's result itself (VS Code's results panel and notification),
   * from `nanscope.runProbe`'s result: the server then sends no message of its own for it.
   */
  showsProbeResults?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Commands the server executes (`workspace/executeCommand`). Code lenses and code actions refer to
// them, and any LSP client can call them.

export const Commands = {
  /** Run the stability probe for one training site. Arguments: `[RunProbeArgs]`. */
  runProbe: 'nanscope.runProbe',
  /** Apply every safe fix in a document. Arguments: `[{ uri }]`. */
  fixAll: 'nanscope.fixAll',
  /** Open a rule's documentation. Arguments: `[url]`. */
  showDocumentation: 'nanscope.showDocumentation',
  /**
   * Apply one fix of a probe report's fix table, to the text the probe ran on (refused when the
   * file changed since). Arguments: `[ApplyProbeFixArgs]`; result: `ApplyProbeFixResult`.
   */
  applyProbeFix: 'nanscope.applyProbeFix',
} as const;

/** Client-only commands, contributed by the extension. */
export const ClientCommands = {
  restart: 'nanscope.restart',
  showOutput: 'nanscope.showOutput',
  showProbeResults: 'nanscope.showProbeResults',
} as const;

/**
 * Which training site to probe: by id (what a code lens sends) or by position (what the command
 * palette sends: the site at or nearest above the cursor).
 */
export interface RunProbeArgs {
  uri: string;
  siteId?: string;
  position?: { line: number; character: number };
}

export type RunProbeStatus = 'unavailable' | 'no-site' | 'done' | 'cancelled' | 'failed';

export interface RunProbeResult {
  status: RunProbeStatus;
  /** One user-facing sentence. */
  message: string;
  siteId?: string;
  /** The probe's report, as the probe returns it, when it ran. */
  report?: unknown;
  /** Every fix offered at the site, with what the probe found when it tried it (when it ran). */
  fixTable?: ProbeFixRow[];
}

/** `verified`: the probe re-trained with the fix and training stayed finite and learned. */
export type ProbeFixStatus = 'verified' | 'not-verified' | 'not-tried';

/** One row of a probe's fix table. */
export interface ProbeFixRow {
  /** What `nanscope.applyProbeFix` takes. */
  id: string;
  /** The rule the fix belongs to (`a+b` for several fixes tried together). */
  ruleId: string;
  title: string;
  /** `unsafe`: the fix changes training behaviour (rate, clipping, normalization). */
  safety: 'safe' | 'unsafe';
  /** The rule's preferred fix for its finding. */
  preferred: boolean;
  /** Several findings' fixes applied together. */
  combined: boolean;
  status: ProbeFixStatus;
  /** For tried fixes: the verification run's verdict and why. */
  verdict?: string;
  reason?: string;
  /** For tried fixes: no NaN / Infinity in the verification run. */
  keepsFinite?: boolean;
}

export interface ApplyProbeFixArgs {
  uri: string;
  siteId: string;
  /** A `ProbeFixRow.id`. */
  fixId: string;
}

export interface ApplyProbeFixResult {
  applied: boolean;
  /** Why not, in one sentence, when not applied. */
  message?: string;
}

export interface FixAllArgs {
  uri: string;
}

export interface FixAllResult {
  /** Number of fixes applied (over all rounds). */
  applied: number;
}
