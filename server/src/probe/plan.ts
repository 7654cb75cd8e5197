// From the analyzer's facts to a ProbePlan: which model to rebuild, with which optimizer, loss and
// data, for how long, and which fixes to verify. Runs in the server / CLI process (no TF.js).
//
// Where the analysis result lacks something the probe needs (the code span of a loss function, the
// number of iterations of a custom loop, the value a fix sets), it is derived here from the syntax
// tree, and assumptions are said in the plan's notes (which the report carries to the user).

import { createHash } from 'node:crypto';
import * as path from 'node:path';
import * as ts from 'typescript';
import type {
  AnalysisResult,
  Finding,
  Fix,
  FitSpec,
  LayerSpec,
  LossSpec,
  ModelSpec,
  OptimizerSpec,
  Span,
  TensorFact,
  TextEdit,
  TrainingSite,
} from '../analysis/types';
import { parse } from '../analysis/parse';
import { applyEdits } from '../fixes/apply';
import {
  PROBE_PROTOCOL_VERSION,
  SATURATING_ACTIVATIONS,
  type BackendRequest,
  type CodeRef,
  type FixVariant,
  type LayerPlan,
  type LossPlan,
  type ModelTraining,
  type OptimizerPlan,
  type ProbeBudget,
  type ProbePlan,
  type RunSpec,
  type TensorSource,
  type Training,
  type UnbuildablePlan,
} from './protocol';

export interface AnalyzeFunction {
  /** The result may carry its parse (the project's analyzer does), which the plan then reuses. */
  (input: { fileName: string; text: string }): AnalysisResult & { sourceFile?: ts.SourceFile };
}

export interface PlanOptions {
  /** The text the analysis ran on (every span refers to it). */
  text: string;
  /** Training time budget for the main run (default 5000 ms); each fix run gets half. */
  budgetMs?: number;
  backend?: 'auto' | 'wasm' | 'cpu';
  /**
   * Resolve the workspace's own `@tensorflow/tfjs-node` from the file's folder and let the worker
   * load it. Loading it runs workspace code, so only for trusted workspaces (and the CLI).
   */
  allowWorkspaceBackend?: boolean;
  seed?: number;
  /** Verify fixes: `true` (default) the findings of the result at this site, or an explicit list. */
  fixes?: boolean | Finding[];
  /** Replay the failing step to name its op (default true). */
  localize?: boolean;
  /**
   * Re-analyzes a fix-edited text, so the fix is verified on exactly the program it produces. The
   * default is the project's analyzer; `false` verifies fixes by their remedy kind only.
   */
  analyze?: AnalyzeFunction | false;
  /** A parse of `text`, when the caller has one. */
  sourceFile?: ts.SourceFile;
  /**
   * `execute` runs the user's file as written (its main training run; fixes are still verified by
   * reconstruction). Honoured only with `trusted: true`; otherwise the plan reconstructs and says why.
   */
  mode?: 'reconstruct' | 'execute';
  /** The workspace is trusted (VS Code workspace trust; the CLI user running it on their own code). */
  trusted?: boolean;
  /** Resolves a package from a folder (tests replace it). */
  resolvePackage?: (name: string, fromDir: string) => string | undefined;
}

export const DEFAULT_BUDGET: ProbeBudget = {
  trainMs: 5000,
  variantMs: 2500,
  maxEpochs: 500,
  maxParams: 20_000_000,
  maxDataElements: 4_000_000,
};

const DEFAULT_SEED = 1234;
const MAX_VARIANTS = 8;
const DEFAULT_LOOP_STEPS = 100;

/** Optimizer learning rates TF.js uses for string optimizers (and as a fallback when unknown). */
const DEFAULT_LEARNING_RATE: Record<string, number> = { sgd: 0.01, momentum: 0.01, adam: 0.001, adamax: 0.002, rmsprop: 0.001, adagrad: 0.01, adadelta: 1 };
const ACTIVATION_LAYERS = new Set(['dense', 'conv1d', 'conv2d', 'conv3d', 'conv2dTranspose', 'conv3dTranspose', 'separableConv2d', 'depthwiseConv2d', 'simpleRNN', 'lstm', 'gru', 'activation', 'locallyConnected1D', 'locallyConnected2D']);
const MERGE_LAYERS = new Set(['add', 'concatenate', 'multiply', 'average', 'maximum', 'minimum', 'dot', 'subtract']);
const INITIALIZER_KEYS: Record<string, Record<string, string>> = {
  dense: { kernelInitializer: 'glorotUniform' },
  conv1d: { kernelInitializer: 'glorotUniform' },
  conv2d: { kernelInitializer: 'glorotUniform' },
  conv3d: { kernelInitializer: 'glorotUniform' },
  conv2dTranspose: { kernelInitializer: 'glorotUniform' },
  simpleRNN: { kernelInitializer: 'glorotUniform', recurrentInitializer: 'orthogonal' },
  lstm: { kernelInitializer: 'glorotUniform', recurrentInitializer: 'orthogonal' },
  gru: { kernelInitializer: 'glorotUniform', recurrentInitializer: 'orthogonal' },
  embedding: { embeddingsInitializer: 'randomUniform' },
  separableConv2d: { depthwiseInitializer: 'glorotUniform', pointwiseInitializer: 'glorotUniform' },
  depthwiseConv2d: { depthwiseInitializer: 'glorotUniform' },
};
const BINARY_LOSSES = /binaryCrossentropy|binary_crossentropy|logLoss|sigmoidCrossEntropy|hinge/i;
const CATEGORICAL_LOSSES = /^(categoricalCrossentropy|categorical_crossentropy|softmaxCrossEntropy|kullbackLeiblerDivergence|kld)$/i;
const SPARSE_LOSSES = /sparseCategoricalCrossentropy|sparse_categorical_crossentropy/i;

export function buildProbePlan(result: AnalysisResult, siteId: string, options: PlanOptions): ProbePlan | UnbuildablePlan {
  const text = options.text;
  const lines = new LineTable(text);
  const site = result.sites.find((s) => s.id === siteId);
  const fileName = result.fileName;
  if (!site) return { unbuildable: true, fileName, siteId, siteLine: 0, reason: `no training site '${siteId}' in the analysis` };
  const siteLine = lines.line(site.span.start);
  const sourceFile = options.sourceFile?.text === text ? options.sourceFile : parse(fileName, text);
  const notes: string[] = [];
  const main = runSpecFor(result, site, text, sourceFile, lines, notes);
  if ('unbuildable' in main) return { unbuildable: true, fileName, siteId, siteLine, reason: main.unbuildable };

  const budgetMs = options.budgetMs ?? DEFAULT_BUDGET.trainMs;
  const budget: ProbeBudget = { ...DEFAULT_BUDGET, trainMs: budgetMs, variantMs: Math.max(500, budgetMs / 2) };
  const backend: BackendRequest = { preference: options.backend ?? 'auto' };
  if (options.allowWorkspaceBackend) {
    const resolved = resolveWorkspaceTfjsNode(fileName, options.resolvePackage);
    if (resolved) backend.workspaceTfjsNode = resolved;
  }
  const plan: ProbePlan = {
    protocol: PROBE_PROTOCOL_VERSION,
    id: `${path.basename(fileName)}#${site.id}@${hash(text).slice(0, 8)}`,
    fileName,
    siteId: site.id,
    siteLine,
    mode: 'reconstruct',
    seed: options.seed ?? DEFAULT_SEED,
    budget,
    backend,
    main,
    variants: [],
    localize: options.localize ?? true,
    notes,
  };
  if (options.mode === 'execute') {
    if (site.kind !== 'fit') {
      // Execute mode instruments `model.fit`; a custom loop (`minimize`, gradients) is rebuilt.
      notes.push(`execute mode runs model.fit sites; this ${site.kind} loop was reconstructed instead`);
    } else if (options.trusted) {
      plan.mode = 'execute';
      plan.executeFile = path.resolve(fileName);
    } else {
      notes.push('execute mode needs a trusted workspace; the model was reconstructed instead');
    }
  }
  if (options.fixes !== false) {
    const findings = Array.isArray(options.fixes) ? options.fixes : findingsAt(result, site);
    plan.variants = fixVariants(result, site, text, main, findings, options);
  }
  return plan;
}

/** The findings that concern a training site (by id; with one site in the file, all findings). */
export function findingsAt(result: AnalysisResult, site: TrainingSite): Finding[] {
  return result.findings.filter((f) => f.siteId === site.id || (!f.siteId && result.sites.length === 1));
}

// ---------------------------------------------------------------------------------------------
// The main run

type Built = RunSpec | { unbuildable: string };

function runSpecFor(result: AnalysisResult, site: TrainingSite, text: string, sourceFile: ts.SourceFile, lines: LineTable, notes: string[]): Built {
  if (site.kind === 'fit' || site.kind === 'fitDataset') {
    const model = result.models.find((m) => m.id === site.modelId) ?? result.models.find((m) => m.fits.some((f) => overlaps(f.span, site.span)));
    if (!model) return { unbuildable: 'the analysis could not tell which model is trained here' };
    const training = modelTraining(model, site, text, sourceFile, lines, notes);
    return 'unbuildable' in training ? training : { text, training };
  }
  const training = loopTraining(site, text, sourceFile, lines, notes);
  return 'unbuildable' in training ? training : { text, training };
}

function modelTraining(model: ModelSpec, site: TrainingSite, text: string, sourceFile: ts.SourceFile, lines: LineTable, notes: string[]): ModelTraining | { unbuildable: string } {
  if (model.layers.length === 0) return { unbuildable: 'the analysis found no layers in this model' };
  const merge = model.layers.find((l) => MERGE_LAYERS.has(l.kind));
  if (merge) return { unbuildable: `the model joins branches (tf.layers.${merge.kind}); the probe rebuilds only chains of layers` };
  if (model.style === 'functional') notes.push('the functional model was rebuilt as the chain of its layers in source order');
  const nested = model.layers.find((l) => l.kind === 'bidirectional' || l.kind === 'timeDistributed');
  if (nested) return { unbuildable: `tf.layers.${nested.kind} wraps another layer, which the analysis does not describe` };

  const fit: FitSpec | undefined = model.fits.find((f) => f.span.start === site.span.start) ?? model.fits.find((f) => overlaps(f.span, site.span)) ?? model.fits[0];
  const optimizer = optimizerPlan(model.optimizer, lines, notes);
  if ('unbuildable' in optimizer) return optimizer;
  const loss = lossPlan(model.loss, text, sourceFile, lines);
  if ('unbuildable' in loss) return loss;

  const first = model.layers[0] as LayerSpec;
  const xShape = fit?.x?.shape ?? (first.inputShape ? [null, ...first.inputShape] : undefined);
  const inputDims = (first.inputShape ?? xShape?.slice(1) ?? []).map((d) => d ?? 1);
  const layers = model.layers.map((l, i) => layerPlan(l, i, lines, i === 0 ? inputDims : undefined));
  const outputUnits = [...model.layers].reverse().find((l) => l.units !== undefined)?.units ?? 1;

  let epochs = fit?.epochs;
  if (epochs === undefined) {
    epochs = 1;
    notes.push(site.kind === 'fitDataset' ? 'the number of epochs is not known; trained 1' : 'the file does not set epochs, and TF.js trains 1 by default');
  }
  const batchSize = fit?.batchSize ?? 32;
  const lossName = loss.kind === 'custom' ? '' : loss.name;
  const x = tensorSources(fit?.x, 'x', sourceFile, lines, { shape: xShape ?? [null, ...inputDims], role: 'x', lossName, outputUnits });
  const y = tensorSources(fit?.y, 'y', sourceFile, lines, { shape: fit?.y?.shape ?? [null, outputUnits], role: 'y', lossName, outputUnits });
  if (site.kind === 'fitDataset') notes.push('fitDataset: trained on synthetic batches of the inferred shape, since the dataset itself is not read');
  return {
    kind: 'model',
    layers,
    loss,
    optimizer,
    epochs,
    batchSize,
    data: { x, y },
    estimatedParams: estimateParams(model.layers, inputDims),
  };
}

function layerPlan(spec: LayerSpec, index: number, lines: LineTable, inputDims: number[] | undefined): LayerPlan {
  const config: LayerPlan['config'] = {};
  const initializers: Record<string, string> = { ...(INITIALIZER_KEYS[spec.kind] ?? {}) };
  for (const [key, value] of Object.entries(spec.options)) {
    if (key in initializers || /Initializer$/.test(key)) {
      if (typeof value === 'string') initializers[key] = value;
      continue;
    }
    if (key === 'inputShape' || key === 'batchInputShape' || key === 'activation' || key === 'units' || key === 'name') continue;
    config[key] = value;
  }
  if (spec.kernelInitializer) initializers['kernelInitializer'] = spec.kernelInitializer;
  if (spec.units !== undefined) config['units'] = spec.units;
  if (ACTIVATION_LAYERS.has(spec.kind) && spec.activation && (spec.activation !== 'linear' || spec.kind === 'activation')) config['activation'] = spec.activation;
  if (index === 0 && inputDims && inputDims.length > 0) config['inputShape'] = inputDims;
  const line = lines.line(spec.span.start);
  return {
    kind: spec.kind,
    config,
    initializers,
    name: `${spec.kind} #${index + 1}`,
    line,
    span: spec.span,
    saturating: SATURATING_ACTIVATIONS.has(spec.activation) && !spec.recurrent,
  };
}

function optimizerPlan(spec: OptimizerSpec | undefined, lines: LineTable, notes: string[]): OptimizerPlan | { unbuildable: string } {
  if (!spec) return { unbuildable: 'no compile() with an optimizer was found for this model' };
  if (spec.kind === 'unknown') return { unbuildable: 'the optimizer could not be identified' };
  const learningRate = spec.learningRateMissing ? null : (spec.learningRate ?? DEFAULT_LEARNING_RATE[spec.kind] ?? 0.01);
  if (!spec.learningRateMissing && spec.learningRate === undefined && !spec.fromString) {
    notes.push(`the learning rate is not known statically; assumed ${learningRate}`);
  }
  const plan: OptimizerPlan = { kind: spec.kind, fromString: spec.fromString, learningRate, line: lines.line(spec.span.start) };
  if (spec.epsilon !== undefined) plan.epsilon = spec.epsilon;
  if (spec.momentum !== undefined) plan.momentum = spec.momentum;
  if (spec.clipped) {
    plan.clipNorm = 1;
    notes.push("the file's gradient clipping was modeled as clipping by global norm 1.0");
  }
  return plan;
}

function lossPlan(spec: LossSpec | undefined, text: string, sourceFile: ts.SourceFile, lines: LineTable): LossPlan | { unbuildable: string } {
  if (!spec) return { unbuildable: 'no loss was found in compile()' };
  const line = lines.line(spec.span.start);
  if ((spec.kind === 'builtin' || spec.kind === 'tf-losses') && spec.name) {
    const name = spec.name.replace(/^(tf\.)?losses\./, '');
    return { kind: spec.kind, name, line };
  }
  if (spec.kind === 'custom' || spec.kind === 'tf-losses') {
    const span = functionSpan(spec, text, sourceFile);
    if (!span) return { unbuildable: 'the custom loss function could not be located in the file' };
    const codeLine = lines.line(span.start);
    const label = ts.isIdentifier(nodeAt(sourceFile, span) ?? sourceFile) ? `the custom loss \`${text.slice(span.start, span.end)}\`` : 'the custom loss';
    return { kind: 'custom', code: { span, line: codeLine, label }, line };
  }
  return { unbuildable: `the loss could not be identified${spec.name ? ` ('${spec.name}')` : ''}` };
}

/** The span of an expression that evaluates to the loss function (an identifier or a function). */
function functionSpan(spec: LossSpec, text: string, sourceFile: ts.SourceFile): Span | undefined {
  const atSpan = expressionSpan(sourceFile, spec.span);
  if (atSpan) {
    const node = nodeAt(sourceFile, atSpan);
    if (node && (ts.isIdentifier(node) || ts.isArrowFunction(node) || ts.isFunctionExpression(node) || ts.isPropertyAccessExpression(node) || ts.isCallExpression(node))) return atSpan;
    if (node && ts.isFunctionDeclaration(node)) return { start: node.getStart(sourceFile), end: node.getEnd() };
  }
  if (spec.source) {
    const at = text.indexOf(spec.source);
    if (at >= 0) return { start: at, end: at + spec.source.length };
  }
  return atSpan;
}

function loopTraining(site: TrainingSite, text: string, sourceFile: ts.SourceFile, lines: LineTable, notes: string[]): Training | { unbuildable: string } {
  if (!site.optimizer) return { unbuildable: 'this custom loop updates its variables without a TF.js optimizer, which the probe does not model' };
  const optimizer = optimizerPlan(site.optimizer, lines, notes);
  if ('unbuildable' in optimizer) return optimizer;
  const call = smallestCall(sourceFile, site.span);
  let closure: Span | undefined;
  if (site.lossSource) {
    let at = text.indexOf(site.lossSource, site.span.start);
    if (at < 0 || at > site.span.end) at = text.indexOf(site.lossSource);
    if (at >= 0) closure = { start: at, end: at + site.lossSource.length };
  }
  if (!closure && call && call.arguments[0]) closure = { start: call.arguments[0].getStart(sourceFile), end: call.arguments[0].getEnd() };
  if (!closure) return { unbuildable: 'the loss closure of this custom loop could not be located' };
  let steps = call ? loopIterations(call, sourceFile) : undefined;
  if (steps === undefined) {
    steps = DEFAULT_LOOP_STEPS;
    notes.push(`the number of iterations of the loop is not known statically; ran up to ${steps} steps`);
  }
  const code: CodeRef = { span: closure, line: lines.line(closure.start), label: `the loss closure passed to ${site.kind}` };
  return { kind: 'loop', closure: code, optimizer, steps };
}

interface TensorContext {
  shape: (number | null)[];
  role: 'x' | 'y';
  lossName: string;
  outputUnits: number;
}

function tensorSources(fact: TensorFact | undefined, role: 'x' | 'y', sourceFile: ts.SourceFile, lines: LineTable, context: TensorContext): TensorSource[] {
  const sources: TensorSource[] = [];
  const name = fact ? `\`${fact.text}\`` : role;
  const span = fact ? expressionSpan(sourceFile, fact.span) : undefined;
  const expression: TensorSource | undefined = span ? { kind: 'expression', code: { span, line: lines.line(span.start), label: `${role} (${name})` } } : undefined;
  if (fact?.literal && fact.literal.length > 0) {
    const values = fact.literal.flat();
    const shape = fact.shape && fact.shape.every((d): d is number => d !== null) && fact.shape.reduce((a, b) => a * b, 1) === values.length
      ? fact.shape
      : [fact.literal.length, (fact.literal[0] ?? []).length];
    // Data the analysis computed to NaN / Infinity is re-derived from its expression first, so the
    // probe can name the op and line that produce the non-finite value.
    if (expression && values.some((v) => !Number.isFinite(v))) sources.push(expression);
    sources.push({ kind: 'literal', values, shape, label: `${role} (${name})` });
  }
  if (expression && !sources.includes(expression)) sources.push(expression);
  sources.push(synthetic(fact, role, context));
  return sources;
}

function synthetic(fact: TensorFact | undefined, role: 'x' | 'y', context: TensorContext): TensorSource {
  const shape = (fact?.shape ?? context.shape).map((d, i) => d ?? (i === 0 ? 0 : 1));
  const label = `${role} of shape [${shape.map((d, i) => (i === 0 && d === 0 ? 'N' : d)).join(', ')}]`;
  if (role === 'y' && (!fact || fact.range.unknown)) {
    if (SPARSE_LOSSES.test(context.lossName)) {
      return { kind: 'synthetic', shape: [shape[0] ?? 0, 1], columns: [{ lo: 0, hi: Math.max(0, context.outputUnits - 1) }], integer: true, label, why: 'class labels, as the sparse categorical loss expects' };
    }
    if (CATEGORICAL_LOSSES.test(context.lossName)) {
      return { kind: 'synthetic', shape: [shape[0] ?? 0, context.outputUnits], columns: [{ lo: 0, hi: 1 }], integer: true, oneHot: true, label, why: 'one-hot rows, as the categorical loss expects' };
    }
    if (BINARY_LOSSES.test(context.lossName)) {
      return { kind: 'synthetic', shape, columns: [{ lo: 0, hi: 1 }], integer: true, label, why: 'labels 0 and 1, as the binary loss expects' };
    }
  }
  if (!fact || fact.range.unknown) {
    return { kind: 'synthetic', shape, columns: [{ lo: 0, hi: 1 }], integer: false, label, why: 'the analysis does not know its scale; assumed uniform in [0, 1]' };
  }
  if (fact.normalized) {
    return { kind: 'synthetic', shape, columns: [{ lo: -1.7320508, hi: 1.7320508 }], integer: false, label, why: 'normalized by the file; drawn with mean 0 and variance 1' };
  }
  const columns = fact.columns && fact.columns.length > 0 ? fact.columns.map((c) => bounded(c.lo, c.hi)) : [bounded(fact.range.lo, fact.range.hi)];
  const why = `in the range the analysis inferred (${columns.map((c) => `[${c.lo}, ${c.hi}]`).join(', ')})${fact.origin ? `: ${fact.origin.description}` : ''}`;
  return { kind: 'synthetic', shape, columns, integer: false, label, why };
}

function bounded(lo: number, hi: number): { lo: number; hi: number } {
  const clamp = (v: number): number => (Number.isFinite(v) ? v : v > 0 ? 3e38 : -3e38);
  return { lo: clamp(lo), hi: clamp(hi) };
}

function estimateParams(layers: LayerSpec[], inputDims: number[]): number {
  let features = inputDims[inputDims.length - 1] ?? 1;
  let channels = features;
  let total = 0;
  for (const layer of layers) {
    const units = layer.units ?? numberOption(layer, 'filters') ?? numberOption(layer, 'outputDim');
    switch (layer.kind) {
      case 'dense':
        total += (features + 1) * (units ?? 1);
        features = units ?? features;
        break;
      case 'lstm':
        total += 4 * (units ?? 1) * (features + (units ?? 1) + 1);
        features = units ?? features;
        break;
      case 'gru':
        total += 3 * (units ?? 1) * (features + (units ?? 1) + 2);
        features = units ?? features;
        break;
      case 'simpleRNN':
        total += (units ?? 1) * (features + (units ?? 1) + 1);
        features = units ?? features;
        break;
      case 'embedding':
        total += (numberOption(layer, 'inputDim') ?? 1) * (units ?? 1);
        features = units ?? features;
        break;
      case 'conv1d':
      case 'conv2d':
      case 'conv3d': {
        const k = numberOption(layer, 'kernelSize') ?? 3;
        const dims = layer.kind === 'conv1d' ? 1 : layer.kind === 'conv2d' ? 2 : 3;
        total += (k ** dims * channels + 1) * (units ?? 1);
        channels = units ?? channels;
        features = channels;
        break;
      }
      case 'batchNormalization':
        total += 4 * features;
        break;
      default:
        break;
    }
  }
  return total;
}

function numberOption(layer: LayerSpec, key: string): number | undefined {
  const v = layer.options[key];
  return typeof v === 'number' ? v : undefined;
}

// ---------------------------------------------------------------------------------------------
// Fix verification

function fixVariants(result: AnalysisResult, site: TrainingSite, text: string, main: RunSpec, findings: Finding[], options: PlanOptions): FixVariant[] {
  const out: FixVariant[] = [];
  const seen = new Set<string>();
  const analyze = options.analyze === false ? undefined : (options.analyze ?? loadAnalyzer());
  const add = (fixes: Fix[], meta: { ruleId: string; title: string; remedy: Fix['remedy']; combined?: boolean }): void => {
    const edits = mergeEdits(fixes.flatMap((f) => f.edits));
    const key = JSON.stringify([fixes.map((f) => f.remedy), edits.map((e) => [e.span.start, e.span.end, e.newText])]);
    if (seen.has(key) || out.length >= MAX_VARIANTS) return;
    seen.add(key);
    const variant: FixVariant = { id: `fix-${out.length + 1}`, ruleId: meta.ruleId, title: meta.title, remedy: meta.remedy, edits, verification: 'edit', run: main };
    if (meta.combined) variant.combined = true;
    const reanalyzed = analyze ? reanalyzedRun(result, site, text, edits, analyze) : undefined;
    if (reanalyzed) {
      variant.run = reanalyzed;
    } else {
      const patched = patchedRun(main, text, fixes);
      variant.run = patched.run;
      variant.verification = patched.verification;
    }
    out.push(variant);
  };
  for (const finding of findings) {
    for (const fix of finding.fixes) add([fix], { ruleId: finding.ruleId, title: fix.title, remedy: fix.remedy });
  }
  // When findings each have a fix, also try them together: a NaN often has two causes (c7's inputs
  // and targets, a raw log on unscaled logits), and no single fix is enough.
  const firstFixes = findings
    .map((f) => ({ finding: f, fix: f.fixes.find((x) => x.preferred) ?? f.fixes[0] }))
    .filter((x): x is { finding: Finding; fix: Fix } => x.fix !== undefined);
  const editsKey = (fix: Fix): string => JSON.stringify(fix.edits.map((e) => [e.span.start, e.span.end, e.newText]));
  const distinct = firstFixes.filter((x, i) => firstFixes.findIndex((y) => editsKey(y.fix) === editsKey(x.fix)) === i);
  if (distinct.length >= 2) {
    add(
      distinct.map((x) => x.fix),
      { ruleId: distinct.map((x) => x.finding.ruleId).join('+'), title: `All together: ${distinct.map((x) => x.fix.title).join('; ')}`, remedy: 'other', combined: true },
    );
  }
  return out;
}

/** Edits from several fixes, without duplicates or overlaps (the later of two overlapping edits is dropped). */
function mergeEdits(edits: TextEdit[]): TextEdit[] {
  const out: TextEdit[] = [];
  for (const edit of edits) {
    if (out.some((e) => e.span.start === edit.span.start && e.span.end === edit.span.end && e.newText === edit.newText)) continue;
    if (out.some((e) => e.span.start < edit.span.end && edit.span.start < e.span.end)) continue;
    out.push(edit);
  }
  return out;
}

/**
 * The fixes applied to the plan without re-analysis: edits inside code the worker interprets (a
 * custom loss, the data) by substituting the text; remedies that change what the plan holds (the
 * learning rate, clipping, normalization, a layer's activation) by changing the plan.
 */
function patchedRun(main: RunSpec, text: string, fixes: Fix[]): { run: RunSpec; verification: 'edit' | 'equivalent' } {
  const planLevel = fixes.filter((f) => PLAN_REMEDIES.has(f.remedy) || activationEdits(main, f).length > 0);
  const textual = fixes.filter((f) => !planLevel.includes(f));
  const run: RunSpec = textual.length > 0 ? textualRun(main, text, mergeEdits(textual.flatMap((f) => f.edits))) : { text: main.text, training: structuredClone(main.training) };
  for (const fix of planLevel) applyRemedy(run, main, fix);
  return { run, verification: planLevel.length > 0 ? 'equivalent' : 'edit' };
}

const PLAN_REMEDIES = new Set<Fix['remedy']>(['learning-rate', 'gradient-clipping', 'normalize-inputs', 'normalize-targets']);

function applyRemedy(run: RunSpec, main: RunSpec, fix: Fix): void {
  const training = run.training;
  switch (fix.remedy) {
    case 'learning-rate': {
      const rate = numberIn(fix.edits);
      const current = training.optimizer.learningRate;
      training.optimizer.learningRate = rate ?? (current !== null ? current / 10 : DEFAULT_LEARNING_RATE[training.optimizer.kind] ?? 0.01);
      training.optimizer.fromString = false;
      return;
    }
    case 'gradient-clipping':
      training.optimizer.clipNorm = numberIn(fix.edits, (v) => v > 0 && v <= 100) ?? 1;
      training.optimizer.fromString = false;
      return;
    case 'normalize-inputs':
      if (training.kind === 'model') training.data.normalizeX = true;
      return;
    case 'normalize-targets':
      if (training.kind === 'model') training.data.normalizeY = true;
      return;
    default:
      if (training.kind !== 'model') return;
      for (const { index, activation } of activationEdits(main, fix)) {
        const layer = training.layers[index];
        if (!layer) continue;
        layer.config['activation'] = activation;
        layer.saturating = SATURATING_ACTIVATIONS.has(activation);
      }
  }
}

/** Edits that set `activation: '<name>'` inside a layer's call (the loss-activation-mismatch fix). */
function activationEdits(main: RunSpec, fix: Fix): { index: number; activation: string }[] {
  if (main.training.kind !== 'model') return [];
  const out: { index: number; activation: string }[] = [];
  main.training.layers.forEach((layer, index) => {
    const span = layer.span;
    if (!span) return;
    for (const edit of fix.edits) {
      if (edit.span.start < span.start || edit.span.end > span.end) continue;
      const match = /activation\s*:\s*['"](\w+)['"]/.exec(edit.newText);
      if (match?.[1]) out.push({ index, activation: match[1] });
    }
  });
  return out;
}

let analyzer: AnalyzeFunction | undefined;
/** The project's analyzer, loaded on first use (the plan builder itself does not need it). */
function loadAnalyzer(): AnalyzeFunction {
  if (!analyzer) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const module = require('../analysis/analyze') as { analyze: AnalyzeFunction };
    analyzer = (input) => module.analyze(input);
  }
  return analyzer;
}

/** Applies the fix, re-analyzes, and plans the same site in the edited program. */
function reanalyzedRun(result: AnalysisResult, site: TrainingSite, text: string, edits: TextEdit[], analyze: AnalyzeFunction): RunSpec | undefined {
  try {
    const edited = applyEdits(text, edits);
    const next = analyze({ fileName: result.fileName, text: edited });
    const start = mapOffset(site.span.start, edits);
    const candidates = next.sites.filter((s) => s.kind === site.kind);
    const match = candidates.find((s) => s.span.start === start) ?? (candidates.length === 1 && result.sites.filter((s) => s.kind === site.kind).length === 1 ? candidates[0] : undefined);
    if (!match) return undefined;
    const sourceFile = next.sourceFile?.text === edited ? next.sourceFile : parse(result.fileName, edited);
    const built = runSpecFor(next, match, edited, sourceFile, new LineTable(edited), []);
    return 'unbuildable' in built ? undefined : built;
  } catch {
    return undefined;
  }
}

/** The edited text, with the plan's code spans moved through the edits: the worker interprets the edited code. */
function textualRun(main: RunSpec, text: string, edits: TextEdit[]): RunSpec {
  const edited = applyEdits(text, edits);
  const lines = new LineTable(edited);
  const training = structuredClone(main.training);
  const move = (code: CodeRef): CodeRef => {
    const span = { start: mapOffset(code.span.start, edits), end: mapOffset(code.span.end, edits, true) };
    return { ...code, span, line: lines.line(span.start) };
  };
  if (training.kind === 'loop') {
    training.closure = move(training.closure);
  } else {
    if (training.loss.kind === 'custom') training.loss = { ...training.loss, code: move(training.loss.code) };
    // Prefer the (edited) expressions over literal data the analysis computed from the unedited text.
    const reorder = (sources: TensorSource[]): TensorSource[] =>
      [...sources.filter((s) => s.kind === 'expression'), ...sources.filter((s) => s.kind !== 'expression')].map((s) => (s.kind === 'expression' ? { ...s, code: move(s.code) } : s));
    training.data.x = reorder(training.data.x);
    training.data.y = reorder(training.data.y);
  }
  return { text: edited, training };
}

function numberIn(edits: TextEdit[], accept: (v: number) => boolean = (v) => v > 0 && v < 10): number | undefined {
  for (const edit of edits) {
    for (const match of edit.newText.matchAll(/(?<![\w.])(\d+\.?\d*(?:e-?\d+)?|\.\d+(?:e-?\d+)?)(?![\w.])/gi)) {
      const value = Number(match[1]);
      if (Number.isFinite(value) && accept(value)) return value;
    }
  }
  return undefined;
}

/** Where an offset of the old text lands after the edits. */
export function mapOffset(offset: number, edits: readonly TextEdit[], isEnd = false): number {
  let delta = 0;
  for (const edit of [...edits].sort((a, b) => a.span.start - b.span.start)) {
    if (edit.span.end <= offset && !(isEnd && edit.span.start === edit.span.end && edit.span.start === offset)) {
      delta += edit.newText.length - (edit.span.end - edit.span.start);
    } else if (edit.span.start < offset) {
      // Inside an edited range: the start of the replacement (or its end, for a range end).
      return edit.span.start + delta + (isEnd ? edit.newText.length : 0);
    }
  }
  return offset + delta;
}

// ---------------------------------------------------------------------------------------------
// Syntax helpers

/** The smallest node covering the span. */
function nodeAt(sourceFile: ts.SourceFile, span: Span): ts.Node | undefined {
  let best: ts.Node | undefined;
  const visit = (node: ts.Node): void => {
    if (node.getStart(sourceFile) > span.start || node.getEnd() < span.end) return;
    best = node;
    node.forEachChild(visit);
  };
  sourceFile.forEachChild(visit);
  return best;
}

/** The expression a span designates: a property's value, a declaration's initializer, or the expression itself. */
function expressionSpan(sourceFile: ts.SourceFile, span: Span): Span | undefined {
  const node = nodeAt(sourceFile, span);
  if (!node) return undefined;
  let target: ts.Node = node;
  if (ts.isPropertyAssignment(node)) target = node.initializer;
  else if (ts.isShorthandPropertyAssignment(node)) target = node.name;
  else if (ts.isVariableDeclaration(node) && node.initializer) target = node.initializer;
  else if (!ts.isExpression(node) && !ts.isFunctionDeclaration(node)) return undefined;
  return { start: target.getStart(sourceFile), end: target.getEnd() };
}

function smallestCall(sourceFile: ts.SourceFile, span: Span): ts.CallExpression | undefined {
  let best: ts.CallExpression | undefined;
  const visit = (node: ts.Node): void => {
    if (node.getStart(sourceFile) > span.start || node.getEnd() < span.end) return;
    if (ts.isCallExpression(node)) best = node;
    node.forEachChild(visit);
  };
  sourceFile.forEachChild(visit);
  if (!best) {
    // The site's span may be the callee (`optimizer.minimize`): take the call around it.
    let node = nodeAt(sourceFile, span);
    while (node && !ts.isCallExpression(node)) node = node.parent;
    best = node;
  }
  return best;
}

/** The product of the iteration counts of the `for (let i = a; i < b; i++)` loops around a call. */
function loopIterations(call: ts.Node, sourceFile: ts.SourceFile): number | undefined {
  let total = 1;
  let found = false;
  for (let node: ts.Node | undefined = call.parent; node && !ts.isSourceFile(node); node = node.parent) {
    if (ts.isFunctionLike(node)) break;
    if (ts.isWhileStatement(node) || ts.isDoStatement(node) || ts.isForOfStatement(node) || ts.isForInStatement(node)) return undefined;
    if (!ts.isForStatement(node)) continue;
    const count = forCount(node, sourceFile);
    if (count === undefined) return undefined;
    total *= count;
    found = true;
  }
  return found ? total : 1;
}

function forCount(loop: ts.ForStatement, sourceFile: ts.SourceFile): number | undefined {
  const init = loop.initializer;
  if (!init || !ts.isVariableDeclarationList(init) || init.declarations.length !== 1) return undefined;
  const declaration = init.declarations[0] as ts.VariableDeclaration;
  if (!ts.isIdentifier(declaration.name) || !declaration.initializer) return undefined;
  const name = declaration.name.text;
  const from = numericValue(declaration.initializer, sourceFile);
  const cond = loop.condition;
  if (from === undefined || !cond || !ts.isBinaryExpression(cond) || !ts.isIdentifier(cond.left) || cond.left.text !== name) return undefined;
  const to = numericValue(cond.right, sourceFile);
  if (to === undefined) return undefined;
  const inc = loop.incrementor;
  const stepsByOne = inc && ((ts.isPostfixUnaryExpression(inc) || ts.isPrefixUnaryExpression(inc)) && inc.operator === ts.SyntaxKind.PlusPlusToken);
  if (!stepsByOne) return undefined;
  if (cond.operatorToken.kind === ts.SyntaxKind.LessThanToken) return Math.max(0, Math.ceil(to - from));
  if (cond.operatorToken.kind === ts.SyntaxKind.LessThanEqualsToken) return Math.max(0, Math.floor(to - from) + 1);
  return undefined;
}

/** A number literal, or a const initialized with one. */
function numericValue(node: ts.Expression, sourceFile: ts.SourceFile): number | undefined {
  if (ts.isNumericLiteral(node)) return Number(node.text);
  if (ts.isIdentifier(node)) {
    let value: number | undefined;
    const visit = (n: ts.Node): void => {
      if (value !== undefined) return;
      if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.name.text === node.text && n.initializer && ts.isNumericLiteral(n.initializer) && ts.isVariableDeclarationList(n.parent) && n.parent.flags & ts.NodeFlags.Const) {
        value = Number(n.initializer.text);
      }
      n.forEachChild(visit);
    };
    sourceFile.forEachChild(visit);
    return value;
  }
  return undefined;
}

function overlaps(a: Span, b: Span): boolean {
  return a.start <= b.end && b.start <= a.end;
}

function resolveWorkspaceTfjsNode(fileName: string, resolvePackage: PlanOptions['resolvePackage']): string | undefined {
  const dir = path.dirname(path.resolve(fileName));
  const resolve = resolvePackage ?? ((name: string, from: string) => {
    try {
      return require.resolve(name, { paths: [from] });
    } catch {
      return undefined;
    }
  });
  return resolve('@tensorflow/tfjs-node-gpu', dir) ?? resolve('@tensorflow/tfjs-node', dir);
}

function hash(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

/** Line numbers as the parser, the diagnostics and V8's stack traces count them (\r\n, \r, U+2028 too). */
class LineTable {
  /** The parser caches its line map on this object on first use. */
  private readonly file: ts.SourceFileLike;
  constructor(text: string) {
    const file: ts.SourceFileLike = {
      text,
      getLineAndCharacterOfPosition: (pos) => ts.getLineAndCharacterOfPosition(file, pos),
    };
    this.file = file;
  }

  /** 1-based line of an offset. */
  line(offset: number): number {
    return ts.getLineAndCharacterOfPosition(this.file, offset).line + 1;
  }
}
