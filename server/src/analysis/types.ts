// The analyzer's data model. Everything here is plain data (no TypeScript nodes, no functions), so
// findings, model specs and training sites can cross a process boundary (LSP server, CLI, probe
// worker) as JSON.

/**
 * A half-open range of UTF-16 offsets into the analyzed text, or, when `file` is set, into that
 * other module of the workspace (cross-file evidence: "the data comes from data.js, line 12").
 */
export interface Span {
  start: number;
  end: number;
  file?: string;
}

/** Zero-based line and character, as LSP counts them. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'info';

/** Severity as configured: a rule can also be switched off. */
export type SeverityLevel = Severity | 'off';

/** One text replacement; offsets refer to the text the analysis ran on. */
export interface TextEdit {
  span: Span;
  newText: string;
}

/**
 * A fix is *safe* when it keeps the program's meaning apart from removing the NaN risk (an epsilon
 * under a log); *unsafe* when it changes training behaviour (a new learning rate, clipping, input
 * normalization). `--fix` and fix-all apply only safe fixes.
 */
export type FixSafety = 'safe' | 'unsafe';

/** What a fix does, so the probe can verify exactly that remedy. */
export type RemedyKind =
  | 'epsilon'
  | 'learning-rate'
  | 'gradient-clipping'
  | 'normalize-inputs'
  | 'normalize-targets'
  | 'other';

export interface Fix {
  title: string;
  safety: FixSafety;
  remedy: RemedyKind;
  /** Non-overlapping edits, applied together. */
  edits: TextEdit[];
  /** The preferred fix among several for one finding. */
  preferred?: boolean;
}

/** A place that explains a finding ("the 300000 comes from here"), in this file or `span.file`. */
export interface RelatedLocation {
  span: Span;
  range: Range;
  message: string;
}

export interface Finding {
  ruleId: string;
  messageId: string;
  severity: Severity;
  message: string;
  span: Span;
  range: Range;
  /** Evidence, by name, as it was put into the message. */
  data: Record<string, string | number>;
  related: RelatedLocation[];
  fixes: Fix[];
  /** The training site this finding concerns, when there is one (for the probe). */
  siteId?: string;
}

/** An internal failure of one rule or analysis step: reported, never thrown. */
export interface InternalError {
  where: string;
  message: string;
}

// ---------------------------------------------------------------------------------------------
// Values

/**
 * What the analysis knows about the elements of a tensor or a number: bounds, whether an element
 * can be exactly 0, and whether that is proven (a literal holds a 0) rather than merely possible.
 */
export interface ValueRange {
  lo: number;
  hi: number;
  /** Some element can be exactly 0 (float32 underflow included). */
  mayBeZero: boolean;
  /** Some element is certainly 0 (a literal, a constant column's variance, 0 * x). */
  provenZero: boolean;
  /** Some element is certainly below 0. */
  provenNegative: boolean;
  /** The analysis knows nothing (an op it does not model, a value from I/O). */
  unknown: boolean;
  /**
   * Some element can be NaN because NaN entered the data: a `NaN` literal, `0 / 0`, or a parse
   * (`parseFloat`, `Number(...)`) of text the analysis cannot show is numeric and that nothing
   * validates. Absent means no such source reaches the value (not a proof that it is never NaN).
   */
  mayBeNaN?: boolean;
  /** Some element is certainly NaN (literal data holds one, or an exact parse gives one). */
  provenNaN?: boolean;
  /** Where the NaN comes from, for messages and related locations. */
  nanOrigin?: ValueOrigin;
}

/** Where a value's scale comes from, for messages ("x reaches 300000 at line 4"). */
export interface ValueOrigin {
  span: Span;
  description: string;
}

/** A tensor expression as it reaches a training call. */
export interface TensorFact {
  /** The expression text at the use site (e.g. `X`). */
  text: string;
  span: Span;
  range: ValueRange;
  /** Known shape; null entries are unknown dimensions. Undefined when the rank is unknown. */
  shape?: (number | null)[];
  /** Per-feature (last axis) ranges when the data is known column by column. */
  columns?: ValueRange[];
  /** Produced by a normalization pattern (z-score, min-max, division by a constant scale). */
  normalized: boolean;
  /** Mean of x² when it can be computed or estimated (drives the SGD divergence predictor). */
  meanSquare?: number;
  /** Inline literal data, when the analysis knows every element (the probe trains on it). */
  literal?: number[][];
  origin?: ValueOrigin;
}

// ---------------------------------------------------------------------------------------------
// Models

export const RECURRENT_LAYERS: readonly string[] = ['lstm', 'gru', 'simpleRNN', 'rnn', 'convLstm2d', 'bidirectional'];
export const SATURATING_ACTIVATIONS: readonly string[] = ['tanh', 'sigmoid', 'softmax', 'hardSigmoid', 'softsign'];

export interface LayerSpec {
  /** The `tf.layers.*` factory name: `dense`, `lstm`, `conv2d`, `batchNormalization`, ... */
  kind: string;
  span: Span;
  units?: number;
  /** The activation name; `linear` when none is given for layers that default to it. */
  activation: string;
  activationSpan?: Span;
  inputShape?: (number | null)[];
  kernelInitializer?: string;
  recurrent: boolean;
  /** Scalar config entries the analysis could read (rate, filters, kernelSize, ...). */
  options: Record<string, number | string | boolean>;
}

export type OptimizerKind =
  | 'sgd'
  | 'momentum'
  | 'adam'
  | 'adamax'
  | 'rmsprop'
  | 'adagrad'
  | 'adadelta'
  | 'unknown';

export interface OptimizerSpec {
  kind: OptimizerKind;
  span: Span;
  /** `'adam'` given as a string to `compile`. */
  fromString: boolean;
  /** The rate in effect (explicit or TF.js's default); undefined when unknown or missing. */
  learningRate?: number;
  /** The rate was written by the user (not a default). */
  learningRateExplicit: boolean;
  learningRateSpan?: Span;
  /** `tf.train.sgd()` without a rate: TF.js has no default and produces NaN. */
  learningRateMissing: boolean;
  epsilon?: number;
  epsilonSpan?: Span;
  momentum?: number;
  /** The arguments' span inside the constructor call (for inserting a rate). */
  argsSpan?: Span;
  /** Gradients are clipped before they are applied (a wrapper, or clipping in a custom loop). */
  clipped: boolean;
}

export type LossKind = 'builtin' | 'tf-losses' | 'custom' | 'unknown';

export interface LossSpec {
  kind: LossKind;
  span: Span;
  /** `meanSquaredError`, `binaryCrossentropy`, `logLoss`, ... */
  name?: string;
  /** For custom losses: the function's source text, for the probe's interpreter. */
  source?: string;
}

export interface FitSpec {
  kind: 'fit' | 'fitDataset';
  span: Span;
  epochs?: number;
  batchSize?: number;
  x?: TensorFact;
  y?: TensorFact;
}

export interface ModelSpec {
  id: string;
  /** Where the model is built: `tf.sequential(...)` or `tf.model(...)`. */
  span: Span;
  name?: string;
  style: 'sequential' | 'functional';
  layers: LayerSpec[];
  optimizer?: OptimizerSpec;
  loss?: LossSpec;
  metrics: string[];
  compileSpan?: Span;
  fits: FitSpec[];
}

export type TrainingSiteKind = 'fit' | 'fitDataset' | 'minimize' | 'variableGrads' | 'computeGradients';

export interface TrainingSite {
  id: string;
  kind: TrainingSiteKind;
  span: Span;
  range: Range;
  /** The model trained here, for fit / fitDataset. */
  modelId?: string;
  /** The optimizer used, for minimize / computeGradients loops. */
  optimizer?: OptimizerSpec;
  /** For custom loops: the loss closure's source text. */
  lossSource?: string;
}

/** How the file refers to TF.js. */
export interface TfBindings {
  /** Local names bound to the whole TF.js namespace (`tf` in `import * as tf`). */
  namespaces: string[];
  /** Local name to TF.js export path, e.g. `dense` to `layers.dense`, `train` to `train`. */
  named: Record<string, string>;
  /** The TF.js package the file imports (for generated imports). */
  packageName?: string;
}

export interface AnalysisResult {
  fileName: string;
  /** The file refers to TF.js at all; when false, the analysis stopped after the parse. */
  usesTf: boolean;
  /** Syntax errors the parser reported (the analysis still runs on what parsed). */
  syntaxErrors: { span: Span; range: Range; message: string }[];
  bindings: TfBindings;
  findings: Finding[];
  models: ModelSpec[];
  sites: TrainingSite[];
  internalErrors: InternalError[];
  /** Set when the file was not analyzed (too large, binary); the reason is user-facing. */
  skipped?: string;
}
