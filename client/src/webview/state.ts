// What the probe results panel shows, as plain JSON: the extension builds it from the server's
// `nanscope.runProbe` result (client/src/panel/model.ts), renders it to HTML (client/src/panel/html.ts)
// and embeds the chart data for the webview script (main.ts). Types only: both sides import it.

export type PanelStatus = 'running' | 'done' | 'failed' | 'cancelled' | 'unavailable' | 'no-site';

export interface PanelState {
  status: PanelStatus;
  /** The file probed: its URI (for messages) and a short label for the title. */
  uri: string;
  fileLabel: string;
  siteId?: string;
  /** 1-based line of the training call, when known. */
  siteLine?: number;
  /** One sentence: what is happening or what went wrong. */
  message: string;
  /** The file was edited since this result: Apply is off until the probe runs again. */
  stale?: boolean;
  result?: PanelResult;
}

/** A series value: a finite number, or null where the value was NaN or ±Infinity. */
export type SeriesValue = number | null;

export interface ChartSeries {
  /** Training progress in epochs (or steps): epoch − 1 + batch / batchesPerEpoch. */
  x: number[];
  y: SeriesValue[];
  /** Logarithmic y when every finite value is positive and they span at least two decades. */
  scale: 'log' | 'linear';
}

export interface PanelCharts {
  /** `epoch` or `step`: the x axis unit. */
  unit: string;
  loss: ChartSeries;
  gradNorm: ChartSeries;
}

export interface PanelNonFinite {
  value: string;
  /** "the loss", "the gradients", "the weights", "the data". */
  where: string;
  epoch: number;
  batch: number;
  /** "epoch 3, batch 1" or "step 40". */
  at: string;
  /** Its place on the charts' x axis. */
  x: number;
  /** "Log (tf.log, forward pass)" when the probe localized the op. */
  op?: string;
  /** What the op belongs to ("the loss 'meanSquaredError'", "dense #1"). */
  part?: string;
  /** 1-based line to open. */
  line?: number;
}

export interface PanelFixRow {
  id: string;
  ruleId: string;
  title: string;
  safety: 'safe' | 'unsafe';
  preferred: boolean;
  combined: boolean;
  status: 'verified' | 'not-verified' | 'not-tried';
  /** The verification run's verdict and reason, for tried fixes. */
  verdict?: string;
  reason?: string;
}

export interface PanelResult {
  verdict: string;
  /** "NaN", "Infinity", "Diverging", "Stable", ... */
  verdictText: string;
  /** nan, inf or diverging: the training is broken. */
  failing: boolean;
  reason: string;
  mode: string;
  /** "wasm (@tensorflow/tfjs 4.22.0, bundled)", or null when no backend started. */
  backend: string | null;
  epochsRun: number;
  epochsPlanned: number;
  stepUnit: 'epoch' | 'step';
  /** Seconds, one decimal. */
  seconds: string;
  budgetExhausted: boolean;
  firstNonFinite: PanelNonFinite | null;
  /** Why the probe could not decide (timeout, crash, unsupported code), when it could not. */
  failure: { kind: string; message: string; line?: number } | null;
  charts: PanelCharts;
  fixes: PanelFixRow[];
  /** What data the probe trained on, one sentence per tensor. */
  data: string[];
  notes: string[];
}

/** Webview → extension. */
export type PanelRequest =
  | { type: 'openLine'; line: number }
  | { type: 'apply'; fixId: string }
  | { type: 'rerun' };

/** Extension → webview. */
export type PanelEvent =
  | { type: 'progress'; message: string; percentage?: number }
  | { type: 'applied'; fixId: string; applied: boolean; message?: string };
