// One training run inside the worker: rebuild the data and the model from a RunSpec, train with
// per-batch instrumentation (loss, global gradient norm, largest |weight|, non-finite checks), and
// optionally replay the failing step with the kernel guards armed. Deterministic: seeded
// initializers and data, no shuffling, random ops in interpreted code seeded by position.
//
// TF.js arrives as a parameter (the worker loads it); the import below is for types only.

import type * as TfModule from '@tensorflow/tfjs';
import { NonFiniteFound, firstNonFinite, type GuardHit, type KernelGuards, type OpContextStack } from './guards';
import type { Interpreter, InterpreterHost } from './interpreter';
import {
  nonFiniteName,
  type BatchRecord,
  type DataDescription,
  type FailureKind,
  type LayerPlan,
  type LoopTraining,
  type ModelTraining,
  type NonFiniteEvent,
  type OptimizerPlan,
  type ProbeBudget,
  type ProbePart,
  type RunSpec,
  type SaturationRecord,
  type TensorSource,
} from './protocol';
import { mulberry32 } from './random';

type Tf = typeof TfModule;
type Tensor = TfModule.Tensor;
type InterpreterModule = typeof import('./interpreter');

/** A failure with a kind the report can name ("unbuildable: tf.layers.conv2d needs kernelSize"). */
export class ProbeError extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    readonly line?: number,
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'ProbeError';
  }
}

export interface TrainEnv {
  tf: Tf;
  guards: KernelGuards;
  contexts: OpContextStack;
  fileName: string;
  seed: number;
  budget: ProbeBudget;
  /** Loads the interpreter (and the TypeScript parser) on first use. */
  interpreter(): InterpreterModule;
  progress?(epoch: number, epochs: number, loss: number | null): void;
}

export interface RunOptions {
  budgetMs: number;
  /** Arm the guards (throw mode) for this step: the localization replay. */
  replayAt?: { epoch: number; batch: number };
  measureSaturation: boolean;
}

export interface RunResult {
  batches: BatchRecord[];
  loss: number[];
  epochsPlanned: number;
  epochsRun: number;
  batchesPerEpoch: number;
  stepUnit: 'epoch' | 'step';
  firstNonFinite: NonFiniteEvent | null;
  /** The first non-finite kernel output while the data was prepared (interpreted expressions). */
  dataHit: GuardHit | null;
  /** The replay's guard hit. */
  hit: GuardHit | null;
  data: { x: DataDescription | null; y: DataDescription | null };
  saturation: SaturationRecord[];
  budgetExhausted: boolean;
  notes: string[];
  buildMs: number;
  trainMs: number;
}

interface NamedTensor {
  name: string;
  tensor: Tensor;
}

export interface StepStats {
  gradNorm: number;
  gradBad: number | null;
}

const SATURATION_SAMPLES = 256;

/** A run before its first step. */
export function emptyRun(stepUnit: RunResult['stepUnit'], epochsPlanned: number, notes: string[] = []): RunResult {
  return {
    batches: [],
    loss: [],
    epochsPlanned,
    epochsRun: 0,
    batchesPerEpoch: 1,
    stepUnit,
    firstNonFinite: null,
    dataHit: null,
    hit: null,
    data: { x: null, y: null },
    saturation: [],
    budgetExhausted: false,
    notes,
    buildMs: 0,
    trainMs: 0,
  };
}

export async function executeRun(env: TrainEnv, spec: RunSpec, options: RunOptions): Promise<RunResult> {
  const { tf } = env;
  const result = spec.training.kind === 'model' ? emptyRun('epoch', spec.training.epochs) : emptyRun('step', spec.training.steps);
  const variables: TfModule.Variable[] = [];
  let interpreter: Interpreter | undefined;
  const host: InterpreterHost = {
    tf,
    isTensor: (value) => value instanceof tf.Tensor,
    enterCall: (line, label) => env.contexts.push({ line, label }),
    exitCall: () => env.contexts.pop(),
    onVariable: (value) => {
      if (value instanceof tf.Variable) variables.push(value);
    },
    seed: env.seed,
  };
  const getInterpreter = (): Interpreter => {
    interpreter ??= new (env.interpreter().Interpreter)(spec.text, env.fileName, host);
    return interpreter;
  };
  const disposables: { dispose(): void }[] = [];
  tf.engine().startScope();
  try {
    if (spec.training.kind === 'model') {
      await trainModel(env, spec.training, options, result, getInterpreter, disposables);
    } else {
      await trainLoop(env, spec.training, options, result, getInterpreter, variables, disposables);
    }
  } catch (error) {
    if (error instanceof NonFiniteFound) result.hit = error.hit;
    else throw translateError(error);
  } finally {
    if (interpreter) result.notes.push(...interpreter.notes);
    env.guards.disarm();
    env.contexts.reset();
    for (const d of disposables.reverse()) {
      try {
        d.dispose();
      } catch {
        // Already disposed with the model.
      }
    }
    tf.disposeVariables();
    tf.engine().endScope();
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// model.fit

async function trainModel(
  env: TrainEnv,
  training: ModelTraining,
  options: RunOptions,
  result: RunResult,
  getInterpreter: () => Interpreter,
  disposables: { dispose(): void }[],
): Promise<void> {
  const { tf } = env;
  const buildStart = performance.now();
  if (training.estimatedParams > env.budget.maxParams) {
    throw new ProbeError('too-large', `the model has about ${training.estimatedParams.toLocaleString('en-US')} parameters, above the probe's limit of ${env.budget.maxParams.toLocaleString('en-US')}`);
  }

  // Data first: the model's input shape may come from it.
  const x = buildTensor(env, training.data.x, 'x', undefined, getInterpreter, result);
  const y = buildTensor(env, training.data.y, 'y', x.tensor.shape[0], getInterpreter, result);
  let xs = x.tensor;
  let ys = y.tensor;
  if (training.data.normalizeX) {
    xs = zScore(tf, xs);
    result.notes.push('inputs z-scored per feature (the normalize-inputs remedy)');
  }
  if (training.data.normalizeY) {
    ys = zScore(tf, ys);
    result.notes.push('targets z-scored per feature (the normalize-targets remedy)');
  }
  result.data = { x: x.description, y: y.description };
  const dataBad = firstNonFinite(xs.dataSync()) ?? firstNonFinite(ys.dataSync());

  const { model, layers } = buildModel(env, training.layers, xs.shape);
  disposables.push(model);
  if (model.countParams() > env.budget.maxParams) {
    throw new ProbeError('too-large', `the model has ${model.countParams().toLocaleString('en-US')} parameters, above the probe's limit of ${env.budget.maxParams.toLocaleString('en-US')}`);
  }
  const optimizer = buildOptimizer(tf, training.optimizer);
  disposables.push(optimizer);
  const stats = instrumentOptimizer(env, optimizer, training.optimizer.clipNorm, { kind: 'optimizer', name: `the ${training.optimizer.kind} optimizer`, line: training.optimizer.line });

  const lossPart: ProbePart =
    training.loss.kind === 'custom'
      ? { kind: 'loss', name: training.loss.code.label, line: training.loss.line }
      : { kind: 'loss', name: `the loss '${training.loss.name}'`, line: training.loss.line };
  let loss: string | ((yTrue: Tensor, yPred: Tensor) => Tensor);
  if (training.loss.kind === 'builtin') {
    loss = training.loss.name;
  } else if (training.loss.kind === 'tf-losses') {
    const name = training.loss.name;
    const fn = (tf.losses as unknown as Record<string, unknown>)[name];
    if (typeof fn !== 'function') throw new ProbeError('unbuildable', `tf.losses.${name} does not exist`, training.loss.line);
    loss = (yTrue, yPred) => (fn as (a: Tensor, b: Tensor) => Tensor)(yTrue, yPred);
  } else {
    const code = training.loss.code;
    const custom = env.contexts.run({ part: lossPart, phase: 'data' }, () => getInterpreter().functionAt(code.span.start, code.span.end));
    loss = (yTrue, yPred) => {
      const out = custom(yTrue, yPred);
      if (!(out instanceof tf.Tensor)) throw new ProbeError('unsupported-code', `${code.label} did not return a tensor`, code.line);
      return out;
    };
  }
  try {
    model.compile({ optimizer, loss });
  } catch (error) {
    throw new ProbeError('unbuildable', `compile() rejected the loss: ${messageOf(error)}`, training.loss.line, error);
  }
  // Every op of the loss runs under the loss's context. A Sequential keeps its compiled LayersModel
  // in a private field; the loss functions are read from it at each batch.
  const compiled = (model as unknown as { model?: { lossFunctions?: ((a: Tensor, b: Tensor) => Tensor)[] } }).model ?? (model as unknown as { lossFunctions?: ((a: Tensor, b: Tensor) => Tensor)[] });
  const inner = compiled.lossFunctions?.[0];
  if (compiled.lossFunctions && inner) {
    compiled.lossFunctions[0] = (yTrue: Tensor, yPred: Tensor) => env.contexts.run({ part: lossPart, phase: 'forward' }, () => inner(yTrue, yPred));
  }
  result.buildMs = performance.now() - buildStart;

  const epochs = Math.min(training.epochs, env.budget.maxEpochs);
  if (epochs < training.epochs) result.notes.push(`trained at most ${epochs} of the ${training.epochs} epochs the file asks for`);
  result.epochsPlanned = epochs;
  const samples = xs.shape[0] ?? 0;
  result.batchesPerEpoch = Math.max(1, Math.ceil(samples / training.batchSize));
  const started = performance.now();
  await model.fit(xs, ys, {
    epochs,
    batchSize: training.batchSize,
    shuffle: false,
    verbose: 0,
    yieldEvery: 'never',
    callbacks: fitWatch(env, result, {
      model,
      weights: model.trainableWeights.map((w) => w.read()),
      stats,
      lossPart,
      epochs,
      batchSize: training.batchSize,
      started,
      budgetMs: options.budgetMs,
      progressEveryMs: 50,
      replayAt: options.replayAt,
    }),
  });
  result.trainMs = performance.now() - started;
  // The replayed step armed the guards; what follows (the saturation check) runs unguarded.
  if (options.replayAt) env.guards.disarm();
  if (result.budgetExhausted) {
    result.notes.push(`stopped at the time budget (${Math.round(options.budgetMs)} ms) after ${result.epochsRun} of ${epochs} epochs`);
  }

  if (dataBad !== null) attributeToData(result, dataBad, training);
  if (options.measureSaturation && !result.firstNonFinite) {
    result.saturation = measureSaturation(env, xs, layers, training.layers);
  }
}

/** Non-finite values in the prepared data: the loss shows them, but the data is where they start. */
function attributeToData(result: RunResult, value: number, training: ModelTraining): void {
  const hit = result.dataHit;
  const source = training.data.x[0]?.kind === 'expression' ? training.data.x[0].code : undefined;
  const event = result.firstNonFinite ?? dataEvent(value);
  result.firstNonFinite = {
    ...event,
    value: nonFiniteName(hit ? hit.value : value),
    where: 'data',
    op: hit?.kernel ?? null,
    opValue: hit ? nonFiniteName(hit.value) : null,
    opScope: hit?.context.label ?? hit?.scopes[0] ?? null,
    phase: 'data',
    part: hit?.context.part ?? { kind: 'data', name: source?.label ?? 'the training data', line: source?.line ?? null },
    line: hit?.context.line ?? source?.line ?? null,
  };
}

// ---------------------------------------------------------------------------------------------
// Custom loops: optimizer.minimize(closure) repeated

async function trainLoop(
  env: TrainEnv,
  training: LoopTraining,
  options: RunOptions,
  result: RunResult,
  getInterpreter: () => Interpreter,
  variables: TfModule.Variable[],
  disposables: { dispose(): void }[],
): Promise<void> {
  const { tf } = env;
  const buildStart = performance.now();
  const code = training.closure;
  const closurePart: ProbePart = { kind: 'custom-function', name: code.label, line: code.line };
  // Resolving the closure evaluates the declarations it uses (variables, data) once, with the
  // guards recording, so non-finite data is traced to its line.
  env.guards.arm('record');
  const closure = env.contexts.run({ part: { kind: 'data', name: 'the data the loop uses', line: code.line }, phase: 'data' }, () =>
    getInterpreter().functionAt(code.span.start, code.span.end),
  );
  result.dataHit = env.guards.disarm();
  const trainable = variables.filter((v) => v.trainable);
  if (trainable.length === 0) {
    throw new ProbeError('unsupported-code', `${code.label} uses no tf.variable the probe could rebuild`, code.line);
  }
  const optimizer = buildOptimizer(tf, training.optimizer);
  disposables.push(optimizer);
  const stats = instrumentOptimizer(env, optimizer, training.optimizer.clipNorm, { kind: 'optimizer', name: `the ${training.optimizer.kind} optimizer`, line: training.optimizer.line });
  result.buildMs = performance.now() - buildStart;

  const steps = Math.min(training.steps, env.budget.maxEpochs);
  if (steps < training.steps) result.notes.push(`ran at most ${steps} of the ${training.steps} steps the loop asks for`);
  result.epochsPlanned = steps;
  const started = performance.now();
  let lastYield = started;
  for (let step = 1; step <= steps; step++) {
    stats.gradNorm = 0;
    stats.gradBad = null;
    const replaying = options.replayAt?.epoch === step;
    if (replaying) env.guards.arm('throw');
    const cost = env.contexts.run({ part: closurePart, phase: 'forward' }, () =>
      optimizer.minimize(() => {
        const value = closure();
        if (!(value instanceof tf.Tensor) || value.rank !== 0) {
          throw new ProbeError('unsupported-code', `${code.label} must return a scalar tensor for minimize()`, code.line);
        }
        return value as TfModule.Scalar;
      }, true, trainable),
    );
    const loss = cost ? (cost.dataSync()[0] ?? NaN) : NaN;
    cost?.dispose();
    const event = recordStep(result, trainable, stats, step, 1, loss);
    result.loss.push(loss);
    result.epochsRun = step;
    if (event) {
      result.firstNonFinite = event;
      break;
    }
    if (replaying) break;
    const now = performance.now();
    if (now - started > options.budgetMs) {
      result.budgetExhausted = true;
      result.notes.push(`stopped at the time budget (${Math.round(options.budgetMs)} ms) after ${step} of ${steps} steps`);
      break;
    }
    if (now - lastYield > 50) {
      lastYield = now;
      env.progress?.(step, steps, loss);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  env.progress?.(result.epochsRun, steps, result.loss[result.loss.length - 1] ?? null);
  result.trainMs = performance.now() - started;
  if (result.dataHit && result.firstNonFinite) {
    const hit = result.dataHit;
    result.firstNonFinite = { ...result.firstNonFinite, where: 'data', op: hit.kernel, opValue: nonFiniteName(hit.value), opScope: hit.context.label ?? hit.scopes[0] ?? null, phase: 'data', part: hit.context.part ?? closurePart, line: hit.context.line ?? null };
  }
}

// ---------------------------------------------------------------------------------------------
// Building blocks

export interface FitWatch {
  /** The model being trained: setting `stopTraining` ends the fit after the current batch. */
  model: { stopTraining: boolean };
  /** Scanned after every batch for the largest |weight| and non-finite values. */
  weights: Tensor[];
  stats: StepStats;
  /** The context of the step's ops outside any layer and outside the update: the loss function, its mean over the batch, regularization penalties. */
  lossPart: ProbePart;
  epochs: number;
  /** What a batch's loss weighs in the epoch's mean when `fit`'s logs carry no size. */
  batchSize: number;
  /** When training started (`performance.now()`), and how long it may take. */
  started: number;
  budgetMs: number;
  /** Progress goes out at most this often, and at the last epoch. */
  progressEveryMs: number;
  /** The localization replay: the guards throw at this step, and training stops after it. */
  replayAt?: { epoch: number; batch: number } | undefined;
}

/**
 * The `fit` callbacks both modes train with (reconstruct mode's rebuilt model, execute mode's
 * instrumented `fit`): per batch, the loss, gradient norm and largest |weight|; per epoch, the mean
 * loss and progress; a stop at the first non-finite value, after the replayed step, or at the time
 * budget (`result.budgetExhausted`; the caller says so in a note).
 */
export function fitWatch(env: TrainEnv, result: RunResult, watch: FitWatch): TfModule.CustomCallbackArgs {
  const { model, stats, replayAt } = watch;
  let epoch = 0;
  let batch = 0;
  let lossSum = 0;
  let samples = 0;
  let lastProgress = 0;
  const replaying = (): boolean => replayAt?.epoch === epoch && replayAt.batch === batch;
  return {
    onEpochBegin: async (e: number) => {
      epoch = e + 1;
      lossSum = 0;
      samples = 0;
    },
    onBatchBegin: async (b: number) => {
      batch = b + 1;
      stats.gradNorm = 0;
      stats.gradBad = null;
      env.contexts.reset();
      env.contexts.push({ part: watch.lossPart, phase: 'forward' });
      if (replaying()) env.guards.arm('throw');
    },
    onBatchEnd: async (_b: number, logs?: TfModule.Logs) => {
      const loss = typeof logs?.['loss'] === 'number' ? logs['loss'] : NaN;
      const size = typeof logs?.['size'] === 'number' ? logs['size'] : watch.batchSize;
      lossSum += loss * size;
      samples += size;
      const event = recordStep(result, watch.weights, stats, epoch, batch, loss);
      if (event && !result.firstNonFinite) {
        result.firstNonFinite = event;
        model.stopTraining = true;
      }
      if (replaying()) model.stopTraining = true;
      if (performance.now() - watch.started > watch.budgetMs && !model.stopTraining) {
        result.budgetExhausted = true;
        model.stopTraining = true;
      }
    },
    onEpochEnd: async () => {
      const mean = samples > 0 ? lossSum / samples : NaN;
      result.loss.push(mean);
      result.epochsRun = epoch;
      const now = performance.now();
      if (env.progress && (now - lastProgress > watch.progressEveryMs || epoch === watch.epochs)) {
        lastProgress = now;
        env.progress(epoch, watch.epochs, mean);
      }
    },
  };
}

/** Records one step (its loss, gradient norm and largest |weight|); returns its non-finite value, if any. */
function recordStep(result: RunResult, weights: Tensor[], stats: StepStats, epoch: number, batch: number, loss: number): NonFiniteEvent | null {
  const scan = scanWeights(weights);
  result.batches.push({ epoch, batch, loss, gradNorm: stats.gradNorm, maxAbsWeight: scan.maxAbs });
  if (!Number.isFinite(loss)) return unlocated(epoch, batch, loss, 'loss', UNKNOWN_PART);
  if (stats.gradBad !== null) return unlocated(epoch, batch, stats.gradBad, 'gradients', UNKNOWN_PART);
  if (scan.bad !== null) return unlocated(epoch, batch, scan.bad, 'weights', UNKNOWN_PART);
  return null;
}

/** A non-finite value in the data, before anything names the op that made it. */
export function dataEvent(value: number): NonFiniteEvent {
  return unlocated(1, 1, value, 'data', { kind: 'data', name: 'the training data', line: null });
}

const UNKNOWN_PART: ProbePart = { kind: 'unknown', name: 'unknown', line: null };

function unlocated(epoch: number, batch: number, value: number, where: NonFiniteEvent['where'], part: ProbePart): NonFiniteEvent {
  return { epoch, batch, value: nonFiniteName(value), where, op: null, opValue: null, opScope: null, phase: null, part, line: null };
}

function scanWeights(weights: Tensor[]): { maxAbs: number; bad: number | null } {
  let maxAbs = 0;
  let bad: number | null = null;
  for (const w of weights) {
    const values = w.dataSync() as Float32Array;
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as number;
      if (v !== v || v === Infinity || v === -Infinity) {
        bad ??= v;
      } else {
        const a = v < 0 ? -v : v;
        if (a > maxAbs) maxAbs = a;
      }
    }
  }
  return { maxAbs, bad };
}

/**
 * Gradient statistics and optional global-norm clipping, by wrapping `applyGradients` on the
 * optimizer instance: `model.fit`, `minimize` and custom loops all go through it. The norm is
 * summed in float64, so it can report 1e25 where a float32 sum of squares would overflow.
 */
export function instrumentOptimizer(env: TrainEnv, optimizer: TfModule.Optimizer, clipNorm: number | undefined, part: ProbePart): StepStats {
  const { tf } = env;
  const stats: StepStats = { gradNorm: 0, gradBad: null };
  const original = optimizer.applyGradients.bind(optimizer);
  optimizer.applyGradients = (variableGradients: TfModule.NamedTensorMap | NamedTensor[]) => {
    const list: NamedTensor[] = Array.isArray(variableGradients)
      ? variableGradients
      : Object.keys(variableGradients).map((name) => ({ name, tensor: variableGradients[name] as Tensor }));
    let sumSquares = 0;
    let bad: number | null = null;
    for (const { tensor } of list) {
      const values = tensor.dataSync() as Float32Array;
      for (let i = 0; i < values.length; i++) {
        const v = values[i] as number;
        if (v !== v || v === Infinity || v === -Infinity) bad ??= v;
        else sumSquares += v * v;
      }
    }
    stats.gradNorm = Math.sqrt(sumSquares);
    stats.gradBad = bad;
    env.contexts.run({ part, phase: 'update' }, () => {
      if (clipNorm !== undefined && bad === null && stats.gradNorm > clipNorm) {
        const scale = clipNorm / stats.gradNorm;
        const clipped = tf.tidy(() => list.map((g) => ({ name: g.name, tensor: tf.mul(g.tensor, scale) })));
        try {
          original(clipped);
        } finally {
          tf.dispose(clipped.map((g) => g.tensor));
        }
      } else {
        original(variableGradients);
      }
    });
  };
  return stats;
}

const RANDOM_INITIALIZERS = new Set([
  'glorotUniform',
  'glorotNormal',
  'heNormal',
  'heUniform',
  'leCunNormal',
  'leCunUniform',
  'randomNormal',
  'randomUniform',
  'truncatedNormal',
  'orthogonal',
  'varianceScaling',
]);

function seededInitializer(tf: Tf, name: string, seed: number): unknown {
  const camel = name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()).replace(/^lecun/, 'leCun');
  if (!RANDOM_INITIALIZERS.has(camel)) return name;
  const factory = (tf.initializers as unknown as Record<string, (args: { seed: number }) => unknown>)[camel];
  return typeof factory === 'function' ? factory({ seed }) : name;
}

function buildModel(env: TrainEnv, plans: LayerPlan[], xShape: number[]): { model: TfModule.Sequential; layers: TfModule.layers.Layer[] } {
  const { tf } = env;
  if (plans.length === 0) throw new ProbeError('unbuildable', 'the model has no layers the analysis could read');
  const model = tf.sequential();
  const layers: TfModule.layers.Layer[] = [];
  plans.forEach((plan, index) => {
    const factory = (tf.layers as unknown as Record<string, unknown>)[plan.kind];
    if (typeof factory !== 'function') throw new ProbeError('unbuildable', `tf.layers.${plan.kind} is not a layer this TF.js has`, plan.line);
    const config: Record<string, unknown> = { ...plan.config };
    if (index === 0 && config['inputShape'] === undefined && config['batchInputShape'] === undefined) config['inputShape'] = xShape.slice(1);
    let k = 0;
    for (const [key, name] of Object.entries(plan.initializers)) config[key] = seededInitializer(tf, name, (env.seed + 7919 * (index + 1) + 104729 * ++k) % 2147483647);
    let layer: TfModule.layers.Layer;
    try {
      layer = (factory as (c: unknown) => TfModule.layers.Layer)(config);
      model.add(layer);
    } catch (error) {
      throw new ProbeError('unbuildable', `tf.layers.${plan.kind} (${plan.name}, line ${plan.line}) could not be rebuilt: ${messageOf(error)}`, plan.line);
    }
    const part: ProbePart = { kind: 'layer', name: `${plan.name}`, line: plan.line };
    const call = layer.call.bind(layer);
    // The engine calls `layer.call` from `apply`; an own property on the instance shadows the
    // prototype method, which is how every op of the layer gets this layer's context.
    (layer as unknown as { call: typeof call }).call = (inputs, kwargs) => env.contexts.run({ part, phase: 'forward' }, () => call(inputs, kwargs));
    layers.push(layer);
  });
  return { model, layers };
}

export function buildOptimizer(tf: Tf, plan: OptimizerPlan): TfModule.Optimizer {
  // `undefined` reproduces TF.js's own behaviour for a missing rate: NaN for sgd/adagrad, a throw for rmsprop.
  const lr = plan.learningRate === null ? (undefined as unknown as number) : plan.learningRate;
  const eps = plan.epsilon;
  try {
    switch (plan.kind) {
      case 'sgd':
        return tf.train.sgd(lr);
      case 'momentum':
        return tf.train.momentum(lr, plan.momentum as number);
      case 'adam':
        return plan.fromString ? tf.train.adam(lr ?? 0.001, 0.9, 0.999, eps ?? 1e-7) : tf.train.adam(lr, undefined, undefined, eps);
      case 'adamax':
        return plan.fromString ? tf.train.adamax(lr ?? 0.002, 0.9, 0.999, eps ?? 1e-7, 0) : tf.train.adamax(lr, undefined, undefined, eps);
      case 'rmsprop':
        return plan.fromString ? tf.train.rmsprop(lr ?? 0.001, 0.9, 0, eps ?? 1e-7) : tf.train.rmsprop(lr, undefined, plan.momentum, eps);
      case 'adagrad':
        return tf.train.adagrad(lr);
      case 'adadelta':
        return plan.fromString ? tf.train.adadelta(lr ?? 1, 0.95, eps ?? 1e-7) : tf.train.adadelta(lr, undefined, eps);
    }
  } catch (error) {
    throw new ProbeError('unbuildable', `the ${plan.kind} optimizer could not be created (TF.js throws here too): ${messageOf(error)}`, plan.line);
  }
}

function buildTensor(
  env: TrainEnv,
  sources: TensorSource[],
  role: 'x' | 'y',
  rows: number | undefined,
  getInterpreter: () => Interpreter,
  result: RunResult,
): { tensor: Tensor; description: DataDescription } {
  const { tf } = env;
  const failures: string[] = [];
  for (const source of sources) {
    try {
      let tensor: Tensor;
      let kind: DataDescription['kind'];
      let description: string;
      if (source.kind === 'literal') {
        tensor = tf.tensor(source.values, source.shape, 'float32');
        kind = 'literal';
        description = `the file's literal ${source.label}`;
      } else if (source.kind === 'expression') {
        const code = source.code;
        env.guards.arm('record');
        let value: unknown;
        try {
          value = env.contexts.run({ part: { kind: 'data', name: code.label, line: code.line }, phase: 'data' }, () => getInterpreter().evaluateAt(code.span.start, code.span.end));
        } finally {
          const hit = env.guards.disarm();
          if (hit && !result.dataHit) result.dataHit = hit;
        }
        if (value instanceof tf.Tensor) tensor = value.dtype === 'float32' ? value : value.toFloat();
        else if (Array.isArray(value)) tensor = tf.tensor(value as number[], undefined, 'float32');
        else throw new ProbeError('unsupported-code', `${code.label} is not a tensor`, code.line);
        kind = 'interpreted';
        description = `${code.label}, evaluated from the file (random ops seeded)`;
      } else {
        tensor = synthesize(tf, source, rows, env.seed + (role === 'x' ? 17 : 31));
        kind = 'synthetic';
        description = `seeded synthetic ${source.label}: ${source.why}`;
      }
      tensor = scaleDown(tf, tensor, env.budget.maxDataElements, role, result);
      if (rows !== undefined && tensor.shape[0] !== rows && source.kind !== 'synthetic') {
        if ((tensor.shape[0] ?? 0) > rows) tensor = tensor.slice(0, rows);
      }
      if (failures.length > 0) result.notes.push(`${role}: ${failures.join('; ')}; used ${kind} data instead`);
      const values = tensor.dataSync();
      let min = Infinity;
      let max = -Infinity;
      for (let i = 0; i < values.length; i++) {
        const v = values[i] as number;
        if (v < min) min = v;
        if (v > max) max = v;
      }
      return { tensor, description: { kind, shape: tensor.shape, min, max, description } };
    } catch (error) {
      if (error instanceof ProbeError && error.kind !== 'unsupported-code') throw error;
      const interp = error as { name?: string; line?: number | null; message?: string };
      if (interp.name === 'InterpretError' || error instanceof ProbeError) {
        failures.push(`${source.kind === 'expression' ? source.code.label : role} could not be rebuilt (line ${interp.line ?? '?'}: ${interp.message})`);
        continue;
      }
      throw error;
    }
  }
  throw new ProbeError('unsupported-code', `no way to rebuild ${role}: ${failures.join('; ') || 'the analysis knows nothing about it'}`);
}

function synthesize(tf: Tf, source: Extract<TensorSource, { kind: 'synthetic' }>, rows: number | undefined, seed: number): Tensor {
  const shape = [...source.shape];
  if (rows !== undefined) shape[0] = rows;
  if (!shape[0] || shape[0] <= 0) shape[0] = 64;
  const size = shape.reduce((a, b) => a * b, 1);
  const cols = shape[shape.length - 1] ?? 1;
  const values = new Float32Array(size);
  const rand = mulberry32(seed);
  if (source.oneHot) {
    for (let row = 0; row < size / cols; row++) values[row * cols + Math.floor(rand() * cols)] = 1;
  } else {
    for (let i = 0; i < size; i++) {
      const range = source.columns[(i % cols) % Math.max(1, source.columns.length)] ?? { lo: 0, hi: 1 };
      const v = range.lo + (range.hi - range.lo) * rand();
      values[i] = source.integer ? Math.min(range.hi, Math.floor(v + (range.hi > range.lo ? 0.5 : 0))) : v;
    }
  }
  return tf.tensor(values, shape, 'float32');
}

function scaleDown(tf: Tf, tensor: Tensor, maxElements: number, role: string, result: RunResult): Tensor {
  if (tensor.size <= maxElements || tensor.rank === 0) return tensor;
  const rowSize = tensor.size / (tensor.shape[0] ?? 1);
  const keep = Math.max(1, Math.floor(maxElements / rowSize));
  result.notes.push(`scaled down: ${role} trained on the first ${keep} of ${tensor.shape[0]} samples to stay within the probe's memory budget`);
  return tf.tidy(() => tensor.slice(0, keep));
}

function zScore(tf: Tf, t: Tensor): Tensor {
  return tf.tidy(() => {
    const { mean, variance } = tf.moments(t, 0);
    return t.sub(mean).div(variance.sqrt().add(1e-7));
  });
}

export function measureSaturation(env: TrainEnv, xs: Tensor, layers: TfModule.layers.Layer[], plans: LayerPlan[]): SaturationRecord[] {
  const { tf } = env;
  const out: SaturationRecord[] = [];
  if (!plans.some((p, i) => p.saturating && i < plans.length - 1)) return out;
  try {
    tf.tidy(() => {
      let h: Tensor = xs.slice(0, Math.min(SATURATION_SAMPLES, xs.shape[0] ?? 0));
      layers.forEach((layer, index) => {
        h = layer.apply(h, { training: false }) as Tensor;
        const plan = plans[index];
        if (!plan?.saturating || index === layers.length - 1) return;
        const activation = String(plan.config['activation'] ?? '');
        const pinned =
          activation === 'tanh' || activation === 'softsign' ? tf.greaterEqual(tf.abs(h), 0.99) : tf.logicalOr(tf.lessEqual(h, 0.01), tf.greaterEqual(h, 0.99));
        const fraction = pinned.toFloat().mean().dataSync()[0] ?? 0;
        out.push({ layer: plan.name, line: plan.line, activation, pinnedFraction: fraction });
      });
    });
  } catch {
    // A layer that cannot run on its own (needs more inputs): no saturation figure, no harm.
  }
  return out;
}

function translateError(error: unknown): Error {
  if (error instanceof ProbeError) return error;
  const e = error as { name?: string; line?: number | null; message?: string };
  if (e.name === 'InterpretError') return new ProbeError('unsupported-code', e.message ?? 'unsupported code', e.line ?? undefined);
  const message = messageOf(error);
  if (/out of memory|Array buffer allocation failed|Cannot allocate|RangeError: Invalid typed array length/i.test(message)) {
    return new ProbeError('out-of-memory', message, undefined, error);
  }
  return new ProbeError('unbuildable', `TF.js rejected the reconstructed model: ${message}`, undefined, error);
}

export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string') return (error as { message: string }).message;
  return String(error);
}
