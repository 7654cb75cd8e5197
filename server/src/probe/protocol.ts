// The stability probe's data model and the messages between the runner (parent) and the worker
// (child process). Everything here is plain data: a ProbePlan crosses the process boundary, a
// ProbeReport comes back, and both can be written as JSON (the CLI does). The IPC channel uses
// Node's "advanced" serialization, so NaN and ±Infinity survive it; the CLI's JSON writer turns
// them into the strings "NaN", "Infinity" and "-Infinity".
//
// Nothing here imports TF.js: only `worker.ts` loads it.

import type { OptimizerKind, RemedyKind, Span, TextEdit } from '../analysis/types';

export const PROBE_PROTOCOL_VERSION = 1;

/** Execute mode: time the user's program gets beyond the training budget to reach and finish its fit (data loading, model building). */
export const EXECUTE_GRACE_MS = 5000;

/** The module names of TF.js a program may import: the umbrella, the native backends, core and layers. */
export const TFJS_PACKAGE = /^@tensorflow\/tfjs(-node(-gpu)?|-core|-layers)?$/;

/** Activations that pin at their bounds (±1, 0 / 1): the saturation check looks at layers with one. */
export const SATURATING_ACTIVATIONS: ReadonlySet<string> = new Set(['tanh', 'sigmoid', 'hardSigmoid', 'softsign']);

// ---------------------------------------------------------------------------------------------
// Plans: what to train

/**
 * `nan` / `inf`: the first non-finite value (loss, gradient or weight) was NaN / ±Infinity.
 * `diverging`: finite, but the loss grew by orders of magnitude. `saturated`: finite, but most units
 * of a hidden tanh/sigmoid layer are pinned at ±1 / 0 / 1. `not-learning`: finite, but the loss did
 * not decrease meaningfully. `stable`: finite and decreasing. `inconclusive`: the probe could not
 * decide (why is in `reason` and `failure`).
 */
export type ProbeVerdict = 'nan' | 'inf' | 'diverging' | 'saturated' | 'not-learning' | 'stable' | 'inconclusive';

export const NON_FINITE_VERDICTS: readonly ProbeVerdict[] = ['nan', 'inf'];
/** Verdicts that mean "this training is broken": the CLI exits 1 on them. */
export const FAILING_VERDICTS: readonly ProbeVerdict[] = ['nan', 'inf', 'diverging'];

/** A piece of the analyzed file that the worker's interpreter evaluates (offsets into the plan's text). */
export interface CodeRef {
  span: Span;
  /** 1-based line of `span.start`. */
  line: number;
  /** What it is, for messages: "the custom loss `logLoss`", "x (`X`)". */
  label: string;
}

export interface LayerPlan {
  /** The `tf.layers.*` factory name. */
  kind: string;
  /** The factory's config, without initializers (those are seeded by the worker). */
  config: Record<string, number | string | boolean | (number | null)[]>;
  /** Config key to initializer name (`kernelInitializer: 'glorotUniform'`); random ones get seeds. */
  initializers: Record<string, string>;
  /** For messages: "dense #1". */
  name: string;
  line: number;
  /** The layer's call in the analyzed text (fix edits that land inside it patch this layer). */
  span?: Span;
  /** One of SATURATING_ACTIVATIONS: the saturation check looks at this layer. */
  saturating: boolean;
}

export interface OptimizerPlan {
  kind: Exclude<OptimizerKind, 'unknown'>;
  /** Built exactly as `model.compile({optimizer: 'adam'})` builds it. */
  fromString: boolean;
  /** `null`: the rate is missing (`tf.train.sgd()`), which TF.js turns into NaN weights. */
  learningRate: number | null;
  epsilon?: number;
  momentum?: number;
  /** Global-norm gradient clipping applied by the probe (the user's own wrapper, or a remedy). */
  clipNorm?: number;
  line: number;
}

export type LossPlan =
  /** A layers loss by name (`'meanSquaredError'`, `'binaryCrossentropy'`). */
  | { kind: 'builtin'; name: string; line: number }
  /** `tf.losses.<name>(yTrue, yPred)`. */
  | { kind: 'tf-losses'; name: string; line: number }
  /** A user function, rebuilt by the interpreter. */
  | { kind: 'custom'; code: CodeRef; line: number };

/** Where a training tensor comes from; a plan lists candidates, the worker uses the first that works. */
export type TensorSource =
  | { kind: 'literal'; values: number[]; shape: number[]; label: string }
  | { kind: 'expression'; code: CodeRef }
  | {
      kind: 'synthetic';
      shape: number[];
      /** Per last-axis feature ranges (one entry means all features share it). */
      columns: { lo: number; hi: number }[];
      /** Draw integers (class labels, counts). */
      integer: boolean;
      /** One-hot rows (categorical targets). */
      oneHot?: boolean;
      label: string;
      /** Why these numbers ("inferred from `tf.randomUniform([100, 10]).mul(100)`"). */
      why: string;
    };

export interface DataPlan {
  x: TensorSource[];
  y: TensorSource[];
  /** Remedies: z-score the inputs / targets (per feature, epsilon 1e-7) before training. */
  normalizeX?: boolean;
  normalizeY?: boolean;
}

/** `model.fit` / `model.fitDataset` of a reconstructed sequential model. */
export interface ModelTraining {
  kind: 'model';
  layers: LayerPlan[];
  loss: LossPlan;
  optimizer: OptimizerPlan;
  epochs: number;
  batchSize: number;
  data: DataPlan;
  /** Rough parameter count, computed before anything is allocated. */
  estimatedParams: number;
}

/** A custom loop: `optimizer.minimize(closure)` / `tf.variableGrads(closure)` repeated `steps` times. */
export interface LoopTraining {
  kind: 'loop';
  closure: CodeRef;
  optimizer: OptimizerPlan;
  steps: number;
}

export type Training = ModelTraining | LoopTraining;

/** One run: the text the interpreter reads and the training to do. */
export interface RunSpec {
  /** The (possibly fix-edited) file text; the worker parses it only when something must be interpreted. */
  text: string;
  training: Training;
}

export interface FixVariant {
  id: string;
  /** Several findings' fixes applied together (when no single one is enough). */
  combined?: boolean;
  ruleId: string;
  title: string;
  remedy: RemedyKind;
  /** The fix's edits, relative to the analyzed text: what "Apply" writes. */
  edits: TextEdit[];
  /** `edit`: the run trains the edited program itself; `equivalent`: the plan was changed the way the edit changes the program (e.g. the learning rate), without re-reading the edited text. */
  verification: 'edit' | 'equivalent';
  run: RunSpec;
}

/**
 * Which TF.js the worker loads. `auto` walks the ladder: the workspace's `@tensorflow/tfjs-node`
 * (only when `workspaceTfjsNode` is set, which the plan builder does only when loading workspace
 * code is allowed), else the bundled TF.js on WASM, else on the CPU backend.
 */
export interface BackendRequest {
  preference: 'auto' | 'wasm' | 'cpu';
  /** Absolute path of the workspace's `@tensorflow/tfjs-node` (or `-node-gpu`) entry point. */
  workspaceTfjsNode?: string;
}

export interface ProbeBudget {
  /** Wall time for the main training run (the probe stops there and says so). */
  trainMs: number;
  /** Wall time for each fix-verification run. */
  variantMs: number;
  /** Epochs (or loop steps) never exceed this, whatever the file says. */
  maxEpochs: number;
  /** Models above this many parameters are not built. */
  maxParams: number;
  /** Training tensors above this many elements are scaled down (fewer samples). */
  maxDataElements: number;
}

export interface ProbePlan {
  protocol: typeof PROBE_PROTOCOL_VERSION;
  id: string;
  fileName: string;
  siteId: string;
  /** 1-based line of the training call. */
  siteLine: number;
  /**
   * `reconstruct`: rebuild the model from the analysis (no workspace code runs). `execute`: run the
   * user's file as written, with fit instrumented; only for trusted workspaces that opted in (the
   * plan builder sets it only when told both). Fix verification always reconstructs.
   */
  mode: 'reconstruct' | 'execute';
  /** Execute mode: the file to run (absolute). */
  executeFile?: string;
  seed: number;
  budget: ProbeBudget;
  backend: BackendRequest;
  main: RunSpec;
  variants: FixVariant[];
  /** Replay the failing step with every kernel checked, to name the op (costs one more run). */
  localize: boolean;
  /** Notes from the plan builder (assumptions), copied into the report. */
  notes: string[];
}

/** A plan the builder could not make: the report is `inconclusive` without starting a worker. */
export interface UnbuildablePlan {
  unbuildable: true;
  fileName: string;
  siteId: string;
  siteLine: number;
  reason: string;
}

// ---------------------------------------------------------------------------------------------
// Reports: what happened

export interface BackendInfo {
  /** The TF.js backend name: `tensorflow` (tfjs-node), `wasm` or `cpu`. */
  name: string;
  /** The package that provided it, e.g. `@tensorflow/tfjs-node` (workspace) or `@tensorflow/tfjs` (bundled). */
  packageName: string;
  version: string;
  source: 'workspace' | 'bundled';
  /** Why not a better rung of the ladder ("@tensorflow/tfjs-node not found from src/"). */
  fallbackReason?: string;
}

export interface BatchRecord {
  /** 1-based. For custom loops, epoch = step and batch = 1. */
  epoch: number;
  batch: number;
  loss: number;
  /** Global L2 norm of the gradients (float64, so it does not overflow where float32 would). */
  gradNorm: number;
  /** Largest |weight| after the update. */
  maxAbsWeight: number;
}

export type NonFiniteValue = 'NaN' | 'Infinity' | '-Infinity';

/** The part of the program an op belongs to. */
export interface ProbePart {
  kind: 'layer' | 'loss' | 'optimizer' | 'custom-function' | 'data' | 'unknown';
  /** "dense #1", "loss 'meanSquaredError'", "custom gradient", ... */
  name: string;
  /** 1-based source line. */
  line: number | null;
}

export interface NonFiniteEvent {
  epoch: number;
  batch: number;
  value: NonFiniteValue;
  /** Where the training loop first saw it. */
  where: 'loss' | 'gradients' | 'weights' | 'data';
  /** The TF.js kernel that first produced a non-finite float (`Log`, `RealDiv`), when localized. */
  op: string | null;
  /** What that kernel produced (a `Log` may produce -Infinity that later becomes a NaN loss). */
  opValue: NonFiniteValue | null;
  /** The user-level op it ran under (`tf.log`, `meanSquaredError`), when known. */
  opScope: string | null;
  /** Forward pass, backward pass (gradient of `forwardOp`), optimizer update, or data preparation. */
  phase: 'forward' | 'backward' | 'update' | 'data' | null;
  /** For the backward phase: the forward kernel whose gradient produced it. */
  forwardOp?: string;
  part: ProbePart;
  /** 1-based line the op belongs to (the layer, the loss, the custom-function call), when known. */
  line: number | null;
}

export interface DataDescription {
  /** `literal`: the file's own numbers; `interpreted`: the file's expression, evaluated (random ops seeded); `synthetic`: seeded random data of the inferred shape and scale. */
  kind: 'literal' | 'interpreted' | 'synthetic';
  shape: number[];
  min: number;
  max: number;
  /** One sentence: what the data is and why. */
  description: string;
}

export interface SaturationRecord {
  layer: string;
  line: number;
  activation: string;
  /** Fraction of (sample, unit) activations pinned (|tanh| > 0.99, sigmoid < 0.01 or > 0.99). */
  pinnedFraction: number;
}

export interface RunSummary {
  verdict: ProbeVerdict;
  reason: string;
  epochsPlanned: number;
  epochsRun: number;
  stepUnit: 'epoch' | 'step';
  /** Loss per epoch (mean over the epoch's batches, weighted by batch size, as `History` reports it). */
  loss: number[];
  firstNonFinite: NonFiniteEvent | null;
  finalLoss: number | null;
  budgetExhausted: boolean;
}

export interface FixVerification {
  variantId: string;
  ruleId: string;
  title: string;
  remedy: RemedyKind;
  verification: 'edit' | 'equivalent';
  edits: TextEdit[];
  /** Finite and decreasing, with no divergence: the fix works on this model. */
  verified: boolean;
  /** No NaN / Infinity within the run (the fix removes the non-finite value, even if the loss does not fall). */
  keepsFinite: boolean;
  verdict: ProbeVerdict;
  reason: string;
  finalLoss: number | null;
  loss: number[];
  firstNonFinite: NonFiniteEvent | null;
}

export type FailureKind =
  | 'timeout'
  | 'cancelled'
  | 'crash'
  | 'out-of-memory'
  | 'unbuildable'
  | 'unsupported-code'
  | 'too-large'
  | 'no-backend'
  /** Execute mode: the user's program threw, or never reached the training site. */
  | 'program-error'
  /** Too many requests were already waiting; this one was refused. */
  | 'queue-full'
  | 'internal';

export interface ProbeFailure {
  kind: FailureKind;
  message: string;
  /** For unsupported code: the line the interpreter stopped at. */
  line?: number;
}

export interface ProbeTimings {
  /** Process start to TF.js ready (0 for a warm worker). */
  startupMs: number;
  /** Data preparation and model building. */
  buildMs: number;
  trainMs: number;
  localizeMs: number;
  fixesMs: number;
  /** Request to report, as the runner measured it (includes `queuedMs`). */
  totalMs: number;
  /** Waiting for a free worker. */
  queuedMs: number;
}

export interface ProbeReport extends RunSummary {
  protocol: typeof PROBE_PROTOCOL_VERSION;
  planId: string;
  fileName: string;
  siteId: string;
  siteLine: number;
  mode: 'reconstruct' | 'execute';
  backend: BackendInfo | null;
  data: { x: DataDescription | null; y: DataDescription | null };
  /** Per batch, capped at MAX_BATCH_RECORDS (evenly thinned beyond that; the last is always kept). */
  batches: BatchRecord[];
  batchesPerEpoch: number;
  saturation: SaturationRecord[];
  fixes: FixVerification[];
  timings: ProbeTimings;
  /** Assumptions and scale-downs, in sentences. */
  notes: string[];
  failure: ProbeFailure | null;
  /** The worker served this from an already-running process. */
  warm: boolean;
}

export const MAX_BATCH_RECORDS = 2000;

/** Which plan a report answers. */
export type ReportOrigin = Pick<ProbeReport, 'planId' | 'fileName' | 'siteId' | 'siteLine' | 'mode'>;

export function originOf(plan: ProbePlan): ReportOrigin {
  return { planId: plan.id, fileName: plan.fileName, siteId: plan.siteId, siteLine: plan.siteLine, mode: plan.mode };
}

/**
 * A report of nothing trained yet: `inconclusive`, no backend, zero timings. The worker fills it in
 * as the probe runs; the runner sends it for runs that never got that far.
 */
export function emptyReport(origin: ReportOrigin, reason: string, failure: ProbeFailure | null): ProbeReport {
  return {
    protocol: PROBE_PROTOCOL_VERSION,
    ...origin,
    verdict: 'inconclusive',
    reason,
    epochsPlanned: 0,
    epochsRun: 0,
    stepUnit: 'epoch',
    loss: [],
    firstNonFinite: null,
    finalLoss: null,
    budgetExhausted: false,
    backend: null,
    data: { x: null, y: null },
    batches: [],
    batchesPerEpoch: 0,
    saturation: [],
    fixes: [],
    timings: { startupMs: 0, buildMs: 0, trainMs: 0, localizeMs: 0, fixesMs: 0, totalMs: 0, queuedMs: 0 },
    notes: [],
    failure,
    warm: false,
  };
}

export interface ProbeProgress {
  planId: string;
  phase: 'starting' | 'training' | 'localizing' | 'verifying';
  epoch: number;
  epochs: number;
  loss: number | null;
  /** 0-100 over the whole probe (training, localization, fix runs). */
  percentage: number;
  message: string;
}

// ---------------------------------------------------------------------------------------------
// IPC messages

/** Parent → worker. */
export type ParentMessage =
  /** Train one plan. One at a time: the runner never sends a second before the first's result. */
  | { type: 'run'; requestId: number; plan: ProbePlan }
  /** Finish and exit (a kept-warm worker being retired). */
  | { type: 'exit' };

/** Worker → parent. */
export type WorkerMessage =
  /** TF.js is loaded and its backend initialized; the worker accepts `run`. */
  | { type: 'ready'; backend: BackendInfo; startupMs: number }
  /** No backend could be initialized; the worker exits after this. */
  | { type: 'fatal'; message: string }
  | { type: 'progress'; requestId: number; progress: ProbeProgress }
  /** Library output (TF.js warnings) and worker diagnostics; the worker never writes to stdout. */
  | { type: 'log'; level: 'debug' | 'info' | 'warn' | 'error'; message: string }
  /** `recycle`: the worker leaked tensors or memory and wants to be replaced after this run. */
  | { type: 'result'; requestId: number; report: ProbeReport; recycle: boolean };

/**
 * The worker's command line: `--backend <auto|wasm|cpu>`, optionally `--tfjs-node <path>`, and
 * `--memory-mb <n>`, the resident memory at which the worker stops itself.
 */
export function workerArgs(request: BackendRequest, memoryMb?: number): string[] {
  const args = ['--backend', request.preference];
  if (request.workspaceTfjsNode) args.push('--tfjs-node', request.workspaceTfjsNode);
  if (memoryMb !== undefined) args.push('--memory-mb', String(memoryMb));
  return args;
}

/** Workers are shared between plans that ask for the same backend. */
export function backendKey(request: BackendRequest): string {
  return request.workspaceTfjsNode ? `node:${request.workspaceTfjsNode}` : request.preference;
}

export function isUnbuildable(plan: ProbePlan | UnbuildablePlan): plan is UnbuildablePlan {
  return (plan as UnbuildablePlan).unbuildable === true;
}

/** `NaN`, `Infinity`, `-Infinity` for non-finite numbers, the number itself otherwise. */
export function nonFiniteName(value: number): NonFiniteValue {
  if (Number.isNaN(value)) return 'NaN';
  return value > 0 ? 'Infinity' : '-Infinity';
}
