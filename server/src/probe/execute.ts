// Execute-as-written mode: runs the user's own file in the worker, to confirm a NaN on the real
// data. Opt-in and for trusted workspaces only — the plan builder sets `mode: 'execute'` only when
// the caller says both — because this, unlike reconstruct mode, runs workspace code.
//
// The file's TF.js imports (`@tensorflow/tfjs`, `-node`, `-core`, `-layers`) resolve to the worker's
// own instance, whose `LayersModel.prototype.fit` is instrumented (custom loops are probed in
// reconstruct mode, plan.ts): the fit at the site's line trains with an epoch cap, the time budget, per-batch
// loss / gradient norm / largest |weight|, and stops at the first non-finite value. The kernel
// guards record from the start (data preparation included), with the JavaScript stack, so the first
// non-finite op is named with the user's line. The worker is recycled afterwards: user code may
// leave timers, listeners or global state behind.
//
// Limits: every layer weight the program creates is counted before it is allocated, and a program
// whose layers exceed the budget's parameter limit is stopped there (`too-large`, with the count).
// An error the program throws or a promise it rejects, at any depth, ends the run as a
// `program-error` instead of taking the worker down. Endless loops and unbounded allocations
// cannot be stopped from inside: the runner's deadline and memory cap end those.

import * as fs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import type * as TfModule from '@tensorflow/tfjs';
import { EXECUTE_GRACE_MS, SATURATING_ACTIVATIONS, TFJS_PACKAGE, nonFiniteName, type LayerPlan, type ProbePart } from './protocol';
import { mulberry32 } from './random';
import { ProbeError, dataEvent, emptyRun, fitWatch, instrumentOptimizer, measureSaturation, messageOf, type RunResult, type TrainEnv } from './training';

type Tensor = TfModule.Tensor;

const VIRTUAL_ID = '\0nanscope-probe-tfjs';

interface ModuleInternals {
  _resolveFilename(request: string, parent: unknown, isMain: boolean, options?: unknown): string;
  _cache: Record<string, unknown>;
  _nodeModulePaths(dir: string): string[];
}

interface Session {
  siteLine: number;
  /** The analysis' layers, for names and lines in the saturation check (when they match the model). */
  layerPlans: LayerPlan[];
  started: boolean;
  /** The guards' hit when training started: a non-finite value born in the data preparation. */
  dataHit: RunResult['hit'];
  result: RunResult;
  /** Training finished or the run failed: later errors of the program are only noted. */
  settled: boolean;
  resolve(): void;
  fail(error: Error): void;
}

/** The execute run in progress, for the process-wide error handlers. */
let active: { session: Session; filePath: string } | null = null;
let handlersInstalled = false;

export async function executeAsWritten(env: TrainEnv, filePath: string, siteLine: number, budgetMs: number, layerPlans: LayerPlan[] = []): Promise<RunResult> {
  if (!fs.existsSync(filePath)) throw new ProbeError('program-error', `${filePath} does not exist on disk (execute mode runs the saved file)`);
  const result = emptyRun('epoch', 0, ['execute mode: your file ran as written, with model.fit instrumented']);
  let session!: Session;
  const done = new Promise<void>((resolve, reject) => {
    session = {
      siteLine,
      layerPlans,
      started: false,
      dataHit: null,
      result,
      settled: false,
      resolve: () => {
        session.settled = true;
        resolve();
      },
      fail: (error) => {
        session.settled = true;
        reject(error);
      },
    };
  });
  // A failure before `done` is awaited (the program throws while it loads) is not an unhandled rejection.
  done.catch(() => undefined);
  installErrorHandlers();
  active = { session, filePath };
  const restore = instrument(env, filePath, session, budgetMs);
  // A program that exits after training must not take the worker (and the report) with it. Not
  // restored: the program's callbacks may still run after the report, and the worker is recycled.
  process.exit = ((code?: number) => {
    result.notes.push(`the program called process.exit(${code ?? ''}); the probe ignored it`);
  }) as typeof process.exit;
  // The program's own randomness (Math.random, and TF.js random ops and initializers, which seed
  // themselves from it) follows the plan's seed: the same file gives the same verdict on every
  // run. Not restored, like process.exit: the worker is recycled after an execute run.
  Math.random = mulberry32(env.seed);
  env.guards.captureStacks = true;
  env.guards.arm('record');
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    try {
      load(filePath);
    } catch (error) {
      // The probe's own refusal (too many parameters) keeps its kind, even if the program caught it.
      if (error instanceof ProbeError) throw error;
      throw new ProbeError('program-error', `the program threw before training: ${messageOf(error)}`, lineIn(error instanceof Error ? error.stack : undefined, filePath) ?? undefined, error);
    }
    const deadline = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), budgetMs + EXECUTE_GRACE_MS);
    });
    const outcome = await Promise.race([done.then(() => 'done' as const), deadline]);
    if (outcome === 'timeout') {
      if (!session.started) throw new ProbeError('program-error', `the program did not reach the model.fit at line ${siteLine} within ${Math.round((budgetMs + EXECUTE_GRACE_MS) / 1000)} s`);
      result.budgetExhausted = true;
    }
  } finally {
    if (timer) clearTimeout(timer);
    if (active?.session === session) active = null;
    const hit = env.guards.disarm();
    env.guards.captureStacks = false;
    restore();
    if (hit) attribute(result, hit, filePath, session.dataHit === hit || !session.started, siteLine);
    result.trainMs = performance.now() - started;
  }
  return result;
}

/** Maps TF.js imports to the worker's instance and wraps fit; returns the undo. */
function instrument(env: TrainEnv, filePath: string, session: Session, budgetMs: number): () => void {
  const { tf } = env;
  const M = Module as unknown as ModuleInternals;
  const resolveFilename = M._resolveFilename;
  M._resolveFilename = function resolve(this: unknown, request: string, ...rest: unknown[]) {
    if (TFJS_PACKAGE.test(request)) return VIRTUAL_ID;
    return resolveFilename.call(this, request, rest[0], rest[1] as boolean, rest[2]);
  };
  const virtual = new Module(VIRTUAL_ID);
  virtual.exports = tf;
  virtual.loaded = true;
  M._cache[VIRTUAL_ID] = virtual;

  // Layers allocate (and initialize) their weights in `addWeight`: a billion-parameter layer is
  // refused here, before its gigabytes exist.
  const layerProto = tf.layers.Layer.prototype as unknown as { addWeight: (this: { name: string }, name: string, shape: number[], ...rest: unknown[]) => unknown };
  const addWeight = layerProto.addWeight;
  const limit = env.budget.maxParams;
  let params = 0;
  layerProto.addWeight = function countedAddWeight(name, shape, ...rest) {
    const size = shape.reduce((n, d) => n * Math.max(1, d ?? 1), 1);
    params += size;
    if (params > limit) {
      const count = (n: number): string => n.toLocaleString('en-US');
      const error = new ProbeError(
        'too-large',
        `the program's model has at least ${count(params)} parameters (the ${name} of layer '${this.name}', shape [${shape.join(', ')}], has ${count(size)}), above the probe's limit of ${count(limit)}; it was stopped before allocating them`,
        lineIn(new Error().stack, filePath) ?? undefined,
      );
      session.fail(error);
      throw error;
    }
    return addWeight.call(this, name, shape, ...rest);
  };

  const proto = tf.LayersModel.prototype as unknown as { fit: (this: TfModule.LayersModel, x: unknown, y: unknown, args?: TfModule.ModelFitArgs) => Promise<TfModule.History> };
  const fit = proto.fit;
  proto.fit = async function instrumentedFit(this: TfModule.LayersModel, x: unknown, y: unknown, args: TfModule.ModelFitArgs = {}) {
    const line = lineIn(new Error().stack, filePath, 80);
    if (session.started || (line !== null && line !== session.siteLine && line !== session.siteLine + 1 && line !== session.siteLine - 1)) {
      return fit.call(this, x, y, args);
    }
    session.started = true;
    session.dataHit = env.guards.first;
    try {
      return await observedFit(env, this, fit, x, y, args, session, budgetMs);
    } catch (error) {
      session.fail(error instanceof Error ? error : new Error(String(error)));
      throw error;
    }
  };
  return () => {
    M._resolveFilename = resolveFilename;
    delete M._cache[VIRTUAL_ID];
    proto.fit = fit;
    layerProto.addWeight = addWeight;
  };
}

/**
 * An error the program throws from a callback or timer, or a promise it rejects without a handler
 * (an `async main()` that throws), would otherwise end the worker and lose the report: it ends the
 * run as a program error instead. Installed once and never removed: the worker is recycled after
 * an execute run, and until then the program's leftovers may still throw.
 */
function installErrorHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  const onError = (error: unknown): void => {
    const run = active;
    if (!run) {
      console.warn(`the program failed after the probe finished with it: ${messageOf(error)}`);
      return;
    }
    if (run.session.settled) {
      run.session.result.notes.push(`the program failed after training: ${messageOf(error)}`);
      return;
    }
    if (error instanceof ProbeError) {
      run.session.fail(error);
      return;
    }
    const line = lineIn(error instanceof Error ? error.stack : undefined, run.filePath) ?? undefined;
    const when = run.session.started ? 'during training' : 'before training';
    run.session.fail(new ProbeError('program-error', `the program threw ${when}: ${messageOf(error)}`, line, error));
  };
  // The WASM backend's Emscripten glue rethrows from handlers of its own, which would still end the process.
  process.removeAllListeners('uncaughtException');
  process.removeAllListeners('unhandledRejection');
  process.on('uncaughtException', onError);
  process.on('unhandledRejection', onError);
}

async function observedFit(
  env: TrainEnv,
  model: TfModule.LayersModel,
  fit: (this: TfModule.LayersModel, x: unknown, y: unknown, args?: TfModule.ModelFitArgs) => Promise<TfModule.History>,
  x: unknown,
  y: unknown,
  args: TfModule.ModelFitArgs,
  session: Session,
  budgetMs: number,
): Promise<TfModule.History> {
  const { tf } = env;
  const result = session.result;
  const epochs = Math.min(args.epochs ?? 1, env.budget.maxEpochs);
  if (epochs < (args.epochs ?? 1)) result.notes.push(`trained at most ${epochs} of the ${args.epochs} epochs`);
  result.epochsPlanned = epochs;
  const optimizer = model.optimizer;
  const stats = optimizer ? instrumentOptimizer(env, optimizer, undefined, { kind: 'optimizer', name: 'the optimizer', line: null }) : { gradNorm: 0, gradBad: null };
  const weights = model.trainableWeights.map((w) => w.read());
  const lossPart: ProbePart = { kind: 'loss', name: 'the loss', line: null };
  // `fit` runs on a Sequential's inner model, whose first layer is its InputLayer.
  const layers = model.layers.filter((layer) => layer.getClassName() !== 'InputLayer');
  layers.forEach((layer, index) => {
    const part: ProbePart = { kind: 'layer', name: `${layer.getClassName()} #${index + 1} ('${layer.name}')`, line: null };
    const call = layer.call.bind(layer);
    (layer as unknown as { call: typeof call }).call = (inputs, kwargs) => env.contexts.run({ part, phase: 'forward' }, () => call(inputs, kwargs));
  });
  const ours = new tf.CustomCallback(
    fitWatch(env, result, { model, weights, stats, lossPart, epochs, batchSize: 1, started: performance.now(), budgetMs, progressEveryMs: 0 }),
  );
  const user = args.callbacks === undefined ? [] : Array.isArray(args.callbacks) ? args.callbacks : [args.callbacks];
  const callbacks = [ours, ...user.map((c) => (c instanceof tf.Callback || c instanceof tf.CustomCallback ? c : new tf.CustomCallback(c as TfModule.CustomCallbackArgs)))];
  result.batchesPerEpoch = Math.max(1, Math.ceil(((x as Tensor | undefined)?.shape?.[0] ?? 1) / (args.batchSize ?? 32)));
  try {
    // Every entry is a callback object now, the form `fit` passes through unchanged.
    const history = await fit.call(model, x, y, { ...args, epochs, callbacks: callbacks as unknown as TfModule.ModelFitArgs['callbacks'] });
    if (!result.firstNonFinite && x instanceof tf.Tensor) result.saturation = measureSaturation(env, x, layers, layerPlansFor(layers, session));
    return history;
  } finally {
    if (result.budgetExhausted) result.notes.push(`stopped at the time budget (${Math.round(budgetMs)} ms)`);
    env.contexts.reset();
    session.resolve();
  }
}

/** The analysis' layer plans when they describe this model, else plans read from the model itself. */
function layerPlansFor(layers: TfModule.layers.Layer[], session: Session): LayerPlan[] {
  if (session.layerPlans.length === layers.length) return session.layerPlans;
  return layers.map((layer, index) => {
    const activation = String((layer.getConfig() as { activation?: unknown }).activation ?? 'linear');
    return {
      kind: layer.getClassName(),
      config: { activation },
      initializers: {},
      name: `${layer.getClassName()} #${index + 1} ('${layer.name}')`,
      line: session.siteLine,
      saturating: SATURATING_ACTIVATIONS.has(activation),
    };
  });
}

/** Loads the file as CommonJS; ESM and TypeScript are transpiled first (line numbers mostly survive). */
function load(filePath: string): void {
  const text = fs.readFileSync(filePath, 'utf8');
  const plainCommonJs = /\.(c?js)$/.test(filePath) && !/^\s*(import|export)\s/m.test(text);
  if (plainCommonJs) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(filePath);
    return;
  }
  // The interpreter module carries TypeScript (one copy in the bundle, loaded only when needed).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ts = (require('./interpreter') as typeof import('./interpreter')).typescript;
  // TypeScript's emitted helpers shift every line; an inline source map, with Node's source-map
  // support on, keeps the stack (and so the lines the probe reports) in the user's coordinates.
  // (.mjs / .mts always compile to ES modules, so the transpile sees the file as .js / .ts, and the
  // map is pointed back at the real name.)
  const asCommonJs = filePath.replace(/\.m([jt]s)$/, '.$1').replace(/\.c([jt]s)$/, '.$1');
  const output = ts.transpileModule(text, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, sourceMap: true, inlineSources: false },
    fileName: asCommonJs,
  });
  const map = JSON.parse(output.sourceMapText ?? '{}') as { sources?: string[]; file?: string };
  map.sources = [path.basename(filePath)];
  map.file = path.basename(filePath);
  const js = `${output.outputText.replace(/\/\/# sourceMappingURL=.*$/m, '')}\n//# sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify(map)).toString('base64')}\n`;
  process.setSourceMapsEnabled(true);
  const mod = new Module(filePath);
  mod.filename = filePath;
  mod.paths = (Module as unknown as ModuleInternals)._nodeModulePaths(path.dirname(filePath));
  // Execute mode runs the user's program: that is its purpose, and why it needs trust and opt-in.
  (mod as unknown as { _compile(code: string, file: string): void })._compile(js, filePath);
}

/** The first stack frame in `file`, as a 1-based line. */
function lineIn(stack: string | undefined, file: string, limit = 200): number | null {
  if (!stack) return null;
  for (const frame of stack.split('\n').slice(1, limit)) {
    const at = frame.lastIndexOf(file);
    if (at < 0) continue;
    const match = /:(\d+):\d+\)?\s*$/.exec(frame.slice(at + file.length));
    if (match?.[1]) return Number(match[1]);
  }
  return null;
}

function attribute(result: RunResult, hit: NonNullable<RunResult['hit']>, filePath: string, beforeTraining: boolean, siteLine: number): void {
  let line = lineIn(hit.stack, filePath);
  // Inside fit, a stack that reaches the user's file only at the fit call says nothing about the op.
  if (!beforeTraining && line !== null && Math.abs(line - siteLine) <= 1) line = null;
  const event = result.firstNonFinite ?? dataEvent(hit.value);
  // A hit before the first batch is in the data preparation; during training, the kernel guards'
  // first hit is the first op of the failing step only if nothing non-finite came earlier.
  if (!result.firstNonFinite && !beforeTraining) return;
  result.firstNonFinite = {
    ...event,
    where: beforeTraining ? 'data' : event.where,
    op: hit.kernel,
    opValue: nonFiniteName(hit.value),
    opScope: hit.scopes[0] ?? null,
    phase: beforeTraining ? 'data' : (hit.context.phase ?? 'forward'),
    part: beforeTraining ? { kind: 'data', name: 'the data preparation', line } : (hit.context.part ?? { kind: 'unknown', name: 'the training step', line }),
    line: line ?? hit.context.part?.line ?? null,
  };
}
