// One walk over the syntax tree collects what every rule needs: TF.js bindings, declarations,
// calls, models with their layers / optimizer / loss / fit data, training sites, and every TF.js
// op call with its training context. Rules read these facts; they never walk the tree themselves.

import ts = require('typescript');
import { collectBindings, usesTf as bindingsUseTf } from './bindings';
import type { ModuleGraph } from './modules';
import * as C from './concrete';
import type { NanscopeConfig } from './config';
import { Positions } from './positions';
import * as R from './ranges';
import { Scopes } from './scope';
import type { FitSpec, InternalError, LossSpec, ModelSpec, Span, TensorFact, TfBindings, TrainingSite } from './types';
import {
  Evaluator,
  joinValues,
  mayTestNaN,
  type ModuleLinker,
  modelSpec,
  UNKNOWN_VALUE,
  outputRange,
  propertyNode,
  span,
  toTensor,
  type FitFact,
  type FunctionNode,
  type ModelFact,
  type OptimizerFact,
  type TensorValue,
  type Value,
} from './values';

/** A call of a TF.js op, as `tf.log(x)` (function) or `x.log()` (method). */
export interface OpCall {
  node: ts.CallExpression;
  op: string;
  style: 'function' | 'method';
  /** The op's first operand: the receiver of a method call, else the first argument. */
  operand?: ts.Expression;
  /** The remaining operands. */
  rest: readonly ts.Expression[];
  /** Inside a loss, a training closure, a custom gradient, or a function they call. */
  training: boolean;
}

export interface SiteFact {
  site: Omit<TrainingSite, 'range'>;
  node: ts.CallExpression;
  model?: ModelFact;
  optimizer?: OptimizerFact;
  closure?: FunctionNode;
}

export interface FileFacts {
  sourceFile: ts.SourceFile;
  text: string;
  config: NanscopeConfig;
  positions: Positions;
  usesTf: boolean;
  bindings: TfBindings;
  evaluator: Evaluator;
  scopes: Scopes;
  /** Per-file memo for fix helpers (computed once per analysis, not once per finding). */
  memo: Map<string, unknown>;
  ops: OpCall[];
  models: { spec: ModelSpec; fact: ModelFact }[];
  sites: SiteFact[];
  /** Function nodes whose body runs while training (losses, closures, custom gradients). */
  trainingFunctions: Set<ts.Node>;
  /** Other workspace modules this file reaches through relative imports, by file name. */
  modules: Map<string, ts.SourceFile>;
  /**
   * Functions of other modules this file uses (the `loss:` naming an imported loss, a call of an
   * imported helper), with the place of that use: findings inside them are shown there.
   */
  moduleAnchors: { node: ts.Node; file: string; start: number; end: number; anchor: Span }[];
  internalErrors: InternalError[];
}

/** Tensor methods that also exist as `tf.*` ops and matter to the rules. */
const TENSOR_METHODS = new Set([
  'add', 'sub', 'mul', 'div', 'divNoNan', 'maximum', 'minimum', 'pow', 'squaredDifference', 'neg', 'abs', 'square',
  'sqrt', 'rsqrt', 'exp', 'expm1', 'log', 'log1p', 'sigmoid', 'tanh', 'relu', 'softmax', 'logSoftmax', 'clipByValue',
  'mean', 'sum', 'max', 'min', 'norm', 'reciprocal', 'matMul', 'dot', 'reshape', 'expandDims', 'squeeze', 'transpose',
  'toFloat', 'cast', 'asType', 'logSumExp', 'argMax', 'greater', 'less', 'equal', 'flatten', 'slice', 'gather',
]);
/** Method names distinctive enough to treat an untyped receiver as a tensor. */
const DISTINCTIVE_METHODS = new Set(['log', 'sqrt', 'rsqrt', 'exp', 'divNoNan', 'logSoftmax', 'softmax', 'sigmoid', 'square', 'clipByValue', 'log1p']);
const NON_TENSOR_RECEIVERS = new Set(['Math', 'console', 'JSON', 'Object', 'Array', 'Number', 'String', 'Promise', 'process', 'logger', 'log']);

export function buildFacts(
  sourceFile: ts.SourceFile,
  config: NanscopeConfig,
  positions = new Positions(sourceFile),
  graph?: ModuleGraph,
  /** Only these top-level statements (incremental analysis); the others are not looked at. */
  statements?: readonly ts.Statement[],
): FileFacts {
  const bindings = collectBindings(sourceFile);
  const scopes = new Scopes();
  // Cross-file: the modules this file reaches, each with its own TF.js bindings, in one scope table.
  const modules = new Map<string, ts.SourceFile>();
  const moduleBindings = new Map<ts.SourceFile, TfBindings>();
  if (graph) {
    graph.noteImports(sourceFile.fileName, sourceFile);
    for (const sf of graph.reachable(sourceFile.fileName, sourceFile)) {
      modules.set(sf.fileName, sf);
      moduleBindings.set(sf, collectBindings(sf));
    }
  }
  const linker: ModuleLinker | undefined = graph
    ? {
        resolve: (specifier, from) => {
          const target = graph.resolve(specifier, from.fileName);
          return target !== undefined ? modules.get(target) : undefined;
        },
        bindings: (file) => moduleBindings.get(file) ?? { namespaces: [], named: {} },
      }
    : undefined;
  positions.modules = modules;
  const evaluator = new Evaluator(sourceFile, scopes, bindings, linker);
  const facts: FileFacts = {
    sourceFile,
    text: sourceFile.text,
    config,
    positions,
    usesTf: bindingsUseTf(bindings),
    bindings,
    evaluator,
    scopes,
    memo: new Map(),
    ops: [],
    models: [],
    sites: [],
    trainingFunctions: new Set(),
    modules,
    moduleAnchors: [],
    internalErrors: [],
  };
  if (!facts.usesTf && ![...moduleBindings.values()].some(bindingsUseTf)) return facts;
  facts.usesTf = true;

  const calls: ts.CallExpression[] = [];
  /** Calls in imported modules: their model structure and helper calls count, their sites do not. */
  const moduleCalls: ts.CallExpression[] = [];
  const applyGradientsTargets: ts.Expression[] = [];
  let into = calls;
  let file = sourceFile;
  // The one walk over each file: declarations, assignments and updates (scopes), identifiers by
  // name, calls, and the places that may test a value for NaN. Nothing else walks the tree.
  const visit = (node: ts.Node): void => {
    switch (node.kind) {
      case ts.SyntaxKind.Identifier:
        scopes.use(file, node as ts.Identifier);
        return;
      case ts.SyntaxKind.CallExpression:
        into.push(node as ts.CallExpression);
        if (mayTestNaN(node)) evaluator.noteNaNTestCandidate(file, node);
        break;
      case ts.SyntaxKind.BinaryExpression: {
        const b = node as ts.BinaryExpression;
        if (b.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
          scopes.assignment(b);
          if (ts.isPropertyAccessExpression(b.left) && b.left.name.text === 'applyGradients') applyGradientsTargets.push(b.left.expression);
        } else {
          scopes.update(b);
          if (mayTestNaN(b)) evaluator.noteNaNTestCandidate(file, b);
        }
        break;
      }
      case ts.SyntaxKind.PrefixUnaryExpression:
      case ts.SyntaxKind.PostfixUnaryExpression:
        scopes.update(node);
        break;
      default:
        scopes.declare(node);
    }
    ts.forEachChild(node, visit);
  };
  if (statements) statements.forEach(visit);
  else visit(sourceFile);
  into = moduleCalls;
  for (const sf of modules.values()) {
    file = sf;
    visit(sf);
  }
  const allCalls = moduleCalls.length > 0 ? [...calls, ...moduleCalls] : calls;

  const guard = (where: string, f: () => void): void => {
    try {
      f();
    } catch (error) {
      facts.internalErrors.push({ where, message: error instanceof Error ? error.message : String(error) });
    }
  };

  // 1. Model structure: `model.add(layer)` and `model.compile({...})`, in document order.
  for (const call of allCalls) {
    guard('model structure', () => structureCall(call, evaluator));
  }
  // 2. Optimizers whose applyGradients the file replaces are clipped.
  for (const target of applyGradientsTargets) {
    guard('clipping', () => {
      const v = evaluator.value(target);
      if (v.kind === 'optimizer') v.optimizer.spec.clipped = true;
    });
  }
  // 3. Training sites.
  for (const call of calls) guard('training sites', () => siteCall(call, evaluator, facts));

  // 4. Losses see the fit's targets and the model's predictions.
  // Each step forgets values memoized before its bindings (helpers called from a loss see the
  // loss's bound parameters in their arguments).
  const bindStep = (step: () => void): number => {
    const boundBefore = new Set(evaluator.paramBindings.keys());
    step();
    const bound = [...evaluator.paramBindings.keys()].filter((p) => !boundBefore.has(p)).map((p) => p.parent);
    evaluator.invalidateWithin([...new Set(bound)]);
    return bound.length;
  };
  bindStep(() => {
    for (const model of evaluator.models) bindLossParameters(model, evaluator);
  });
  // A helper called by a helper (`euclidean(a, b)` inside `contrastiveLoss`) sees its arguments
  // once its caller's parameters are bound: a few rounds, until nothing new is bound.
  for (let round = 0; round < 4; round++) {
    if (bindStep(() => guard('call-site arguments', () => bindCallSiteArguments(allCalls, evaluator))) === 0) break;
  }
  for (const model of evaluator.models) guard('fit data', () => resolveFits(model, evaluator));

  // 5. Which functions run during training.
  collectTrainingFunctions(facts, allCalls, evaluator);

  // 6. Every TF.js op call.
  for (const call of calls) guard('ops', () => {
    const op = classifyOp(call, evaluator);
    if (op) facts.ops.push({ ...op, training: inTraining(call, facts.trainingFunctions) });
  });
  // Ops of another module's functions that this file uses (a loss imported from `./losses`, a
  // `minMaxScale` from `./prep` called on this file's data) see this file's model and data through
  // the bound parameters, so their findings are this file's, shown where it uses the function.
  if (moduleCalls.length > 0) {
    const anchor = (fn: ts.Node, at: ts.Node | Span): void => {
      if (fn.getSourceFile() === sourceFile || facts.moduleAnchors.some((a) => a.node === fn)) return;
      const where = 'kind' in at ? span(at) : at;
      facts.moduleAnchors.push({ node: fn, file: fn.getSourceFile().fileName, start: fn.pos, end: fn.end, anchor: where });
    };
    for (const m of evaluator.models) {
      if (m.lossFn && m.lossNode && m.lossNode.getSourceFile() === sourceFile) anchor(m.lossFn, m.lossNode);
    }
    for (const call of calls) {
      const callee = evaluator.value(call.expression);
      if (callee.kind === 'function') anchor(callee.node, call);
    }
    // Helpers those functions call in their own module (`euclidean` inside an imported
    // `contrastiveLoss`) are used from the same place.
    for (let round = 0; round < 4; round++) {
      const before = facts.moduleAnchors.length;
      for (const call of moduleCalls) {
        const file = call.getSourceFile().fileName;
        const holder = facts.moduleAnchors.find((a) => a.file === file && a.start <= call.pos && call.end <= a.end);
        if (!holder) continue;
        const callee = evaluator.value(call.expression);
        if (callee.kind === 'function') anchor(callee.node, holder.anchor);
      }
      if (facts.moduleAnchors.length === before) break;
    }
    for (const call of moduleCalls) guard('ops', () => {
      const file = call.getSourceFile().fileName;
      const inside = facts.moduleAnchors.some((a) => a.file === file && a.start <= call.pos && call.end <= a.end);
      if (!inside) return;
      const op = classifyOp(call, evaluator);
      if (op) facts.ops.push({ ...op, training: inTraining(call, facts.trainingFunctions) });
    });
  }

  // 7. Op operands, each after what it reads: by end, inner calls before the calls around them
  // (and earlier statements before later ones). From the outside, a deep nesting (a chain of a
  // thousand logs) is cut off at the evaluator's depth limit; from the inside out every operand is
  // one step from a value already computed.
  guard('ops', () => {
    const inner = [...facts.ops].sort((a, b) => a.node.end - b.node.end || b.node.getStart() - a.node.getStart());
    for (const op of inner) if (op.operand) evaluator.value(op.operand);
  });

  // A model built in another module belongs here only when this file compiles or trains it.
  const ours = (m: ModelFact): boolean =>
    m.node.getSourceFile() === sourceFile || m.fits.length > 0 || m.compile?.getSourceFile() === sourceFile;
  facts.models = evaluator.models.filter(ours).map((m) => ({ spec: finishSpec(m, sourceFile), fact: m }));
  return facts;
}

function structureCall(call: ts.CallExpression, evaluator: Evaluator): void {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee)) return;
  const method = callee.name.text;
  if (method !== 'add' && method !== 'compile') return;
  const receiver = evaluator.value(callee.expression);
  if (receiver.kind !== 'model') return;
  const model = receiver.model;
  const arg = call.arguments[0];
  if (!arg) return;
  if (method === 'add') {
    const layer = evaluator.value(arg);
    if (layer.kind === 'layer') model.layers.push(layer.layer);
    return;
  }
  model.compile = call;
  const config = ts.isObjectLiteralExpression(arg) ? arg : undefined;
  const cfg = evaluator.value(arg);
  if (cfg.kind !== 'object') return;
  const optNode = config ? propertyNode(config, 'optimizer') : undefined;
  const opt = cfg.props.get('optimizer');
  if (optNode) model.optimizerNode = optNode;
  if (opt?.kind === 'optimizer') model.optimizer = opt.optimizer;
  // `'adam'`, or `OPT` with `const OPT = 'adam'`: TF.js's string optimizer with its default rate.
  else if (opt?.kind === 'string' && opt.value && optNode) model.optimizer = evaluator.stringOptimizer(optNode, opt.value);
  const lossNode = config ? propertyNode(config, 'loss') : undefined;
  if (lossNode) model.lossNode = lossNode;
  const loss = cfg.props.get('loss');
  if (loss?.kind === 'string') {
    if (loss.value) model.lossName = loss.value;
  } else if (loss?.kind === 'tf') model.lossName = loss.path;
  else if (loss?.kind === 'function') model.lossFn = loss.node;
  const metrics = cfg.props.get('metrics');
  if (metrics?.kind === 'array') {
    for (const m of metrics.elements) if (m.kind === 'string' && m.value) model.metrics.push(m.value);
  }
}

function siteCall(call: ts.CallExpression, evaluator: Evaluator, facts: FileFacts): void {
  const callee = call.expression;
  const closureOf = (arg: ts.Expression | undefined): FunctionNode | undefined => {
    if (!arg) return undefined;
    const v = evaluator.value(arg);
    return v.kind === 'function' ? v.node : undefined;
  };
  if (ts.isPropertyAccessExpression(callee)) {
    const method = callee.name.text;
    if (method === 'fit' || method === 'fitDataset') {
      const receiver = evaluator.value(callee.expression);
      if (receiver.kind !== 'model') return;
      const fit: FitFact = { node: call, kind: method };
      if (call.arguments[0]) fit.xNode = call.arguments[0];
      if (method === 'fit' && call.arguments[1]) fit.yNode = call.arguments[1];
      receiver.model.fits.push(fit);
      addSite(facts, call, method, { model: receiver.model });
      return;
    }
    if (method === 'minimize' || method === 'computeGradients') {
      const receiver = evaluator.value(callee.expression);
      const closure = closureOf(call.arguments[0]);
      if (receiver.kind !== 'optimizer' && !(receiver.kind === 'unknown' && closure)) return;
      addSite(facts, call, method, {
        ...(receiver.kind === 'optimizer' ? { optimizer: receiver.optimizer } : {}),
        ...(closure ? { closure } : {}),
      });
      return;
    }
  }
  const path = evaluator.tfPath(callee);
  if (path === 'variableGrads' || path === 'grads' || path === 'grad' || path === 'valueAndGrads' || path === 'valueAndGrad') {
    const closure = closureOf(call.arguments[0]);
    addSite(facts, call, 'variableGrads', closure ? { closure } : {});
  }
}

function addSite(
  facts: FileFacts,
  call: ts.CallExpression,
  kind: TrainingSite['kind'],
  extra: { model?: ModelFact; optimizer?: OptimizerFact; closure?: FunctionNode },
): void {
  const site: Omit<TrainingSite, 'range'> = { id: `site@${call.getStart()}`, kind, span: span(call) };
  if (extra.model) site.modelId = extra.model.id;
  if (extra.optimizer) site.optimizer = extra.optimizer.spec;
  if (extra.closure) site.lossSource = extra.closure.getText();
  facts.sites.push({ site, node: call, ...extra });
}

function bindLossParameters(model: ModelFact, evaluator: Evaluator): void {
  const fn = model.lossFn;
  if (!fn) return;
  const [yTrue, yPred] = fn.parameters;
  const fit = model.fits[0];
  if (yTrue) {
    const y = fit?.yNode ? toTensor(evaluator.value(fit.yNode)) : undefined;
    evaluator.paramBindings.set(yTrue, { kind: 'tensor', t: y ? { ...y, concrete: undefined } : { range: R.UNKNOWN, normalized: false } } as Value);
  }
  if (yPred) {
    evaluator.paramBindings.set(yPred, { kind: 'tensor', t: { range: outputRange(model), normalized: false } });
  }
}

/** A parameter a call site's argument can be bound to: a plain name, not bound yet. */
function bindable(param: ts.ParameterDeclaration, evaluator: Evaluator): boolean {
  return ts.isIdentifier(param.name) && !param.dotDotDotToken && !evaluator.paramBindings.has(param);
}

/**
 * A helper function called from this file sees the join of the arguments of all its call sites, so
 * `binaryLogLoss(labels, predictions)` checks the log inside against the real predictions.
 * Functions whose parameters are already bound (losses) keep those bindings.
 */
function bindCallSiteArguments(calls: ts.CallExpression[], evaluator: Evaluator): void {
  const sites = new Map<FunctionNode, Value[][]>();
  for (const call of calls) {
    const callee = evaluator.value(call.expression);
    if (callee.kind !== 'function' || callee.customGrad) continue;
    // Arguments are evaluated only for a function with a parameter left to bind (later rounds).
    if (!callee.node.parameters.some((p) => bindable(p, evaluator))) continue;
    const args = call.arguments.map((a) => (ts.isSpreadElement(a) ? UNKNOWN_VALUE : evaluator.value(a)));
    const list = sites.get(callee.node);
    if (list) list.push(args);
    else sites.set(callee.node, [args]);
  }
  for (const [fn, argLists] of sites) {
    fn.parameters.forEach((param, i) => {
      if (!bindable(param, evaluator)) return;
      const values = argLists.map((args) => args[i] ?? UNKNOWN_VALUE);
      const joined = values.reduce(joinValues);
      if (joined.kind !== 'unknown') evaluator.paramBindings.set(param, joined);
    });
  }
}

function resolveFits(model: ModelFact, evaluator: Evaluator): void {
  for (const fit of model.fits) {
    if (fit.xNode && fit.kind === 'fit') {
      const x = toTensor(evaluator.value(fit.xNode));
      if (x) fit.x = x;
    }
    if (fit.yNode) {
      const y = toTensor(evaluator.value(fit.yNode));
      if (y) fit.y = y;
    }
    const optionsNode = fit.kind === 'fit' ? fit.node.arguments[2] : fit.node.arguments[1];
    if (optionsNode) {
      const options = evaluator.value(optionsNode);
      if (options.kind === 'object') {
        const epochs = options.props.get('epochs');
        const batchSize = options.props.get('batchSize');
        if (epochs?.kind === 'number' && epochs.value !== undefined) fit.epochs = epochs.value;
        if (batchSize?.kind === 'number' && batchSize.value !== undefined) fit.batchSize = batchSize.value;
      }
    }
  }
}

function collectTrainingFunctions(facts: FileFacts, calls: ts.CallExpression[], evaluator: Evaluator): void {
  const set = facts.trainingFunctions;
  for (const m of evaluator.models) if (m.lossFn) set.add(m.lossFn);
  for (const s of facts.sites) if (s.closure) set.add(s.closure);
  for (const call of calls) {
    // Custom gradients run in the backward pass of whatever calls them.
    if (evaluator.tfPath(call.expression) === 'customGrad' && call.arguments[0]) {
      const v = evaluator.value(call.arguments[0]);
      if (v.kind === 'function') set.add(v.node);
    }
  }
  // Functions called from a training function train too (bounded fixpoint).
  for (let round = 0; round < 4; round++) {
    let grew = false;
    for (const call of calls) {
      if (!inTraining(call, set)) continue;
      const callee = evaluator.value(call.expression);
      if (callee.kind === 'function' && !set.has(callee.node)) {
        set.add(callee.node);
        grew = true;
      }
    }
    if (!grew) break;
  }
}

function inTraining(node: ts.Node, set: Set<ts.Node>): boolean {
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) if (set.has(n)) return true;
  return false;
}

function classifyOp(call: ts.CallExpression, evaluator: Evaluator): Omit<OpCall, 'training'> | undefined {
  const callee = call.expression;
  if (ts.isPropertyAccessExpression(callee)) {
    const base = evaluator.value(callee.expression);
    if (base.kind === 'tf') {
      const op = base.path ? `${base.path}.${callee.name.text}` : callee.name.text;
      return functionOp(op, call);
    }
    const method = callee.name.text;
    if (!TENSOR_METHODS.has(method)) return undefined;
    const isTensor = base.kind === 'tensor' ||
      (base.kind === 'unknown' && DISTINCTIVE_METHODS.has(method) && !isNonTensorReceiver(callee.expression));
    if (!isTensor) return undefined;
    return { node: call, op: method, style: 'method', operand: callee.expression, rest: call.arguments };
  }
  const path = evaluator.tfPath(callee);
  return path !== undefined ? functionOp(path, call) : undefined;
}

function functionOp(op: string, call: ts.CallExpression): Omit<OpCall, 'training'> {
  const [first, ...rest] = call.arguments;
  return { node: call, op, style: 'function', ...(first ? { operand: first } : {}), rest };
}

function isNonTensorReceiver(expr: ts.Expression): boolean {
  return ts.isIdentifier(expr) && NON_TENSOR_RECEIVERS.has(expr.text);
}

function tensorFact(node: ts.Expression, t: TensorValue, sourceFile: ts.SourceFile): TensorFact {
  const fact: TensorFact = { text: node.getText(sourceFile), span: span(node), range: t.range, normalized: t.normalized };
  if (t.shape) fact.shape = t.shape;
  if (t.meanSquare !== undefined) fact.meanSquare = t.meanSquare;
  if (t.origin) fact.origin = t.origin;
  if (t.concrete) {
    const cols = C.columns(t.concrete);
    if (cols) fact.columns = cols.map((c) => R.fromValues(c));
    if (t.concrete.values.length <= 10_000) fact.literal = C.toRows(t.concrete);
  }
  return fact;
}

function finishSpec(model: ModelFact, sourceFile: ts.SourceFile): ModelSpec {
  const spec = modelSpec(model);
  if (model.lossNode) {
    const loss: LossSpec = { kind: 'unknown', span: span(model.lossNode) };
    if (model.lossFn) {
      loss.kind = 'custom';
      loss.source = model.lossFn.getText();
    } else if (model.lossName?.startsWith('losses.')) {
      loss.kind = 'tf-losses';
      loss.name = model.lossName.slice('losses.'.length);
    } else if (model.lossName) {
      loss.kind = 'builtin';
      loss.name = model.lossName;
    }
    spec.loss = loss;
  }
  spec.fits = model.fits.map((f) => {
    const fit: FitSpec = { kind: f.kind, span: span(f.node) };
    if (f.epochs !== undefined) fit.epochs = f.epochs;
    if (f.batchSize !== undefined) fit.batchSize = f.batchSize;
    if (f.x && f.xNode) fit.x = tensorFact(f.xNode, f.x, sourceFile);
    if (f.y && f.yNode) fit.y = tensorFact(f.yNode, f.y, sourceFile);
    return fit;
  });
  return spec;
}

/** Each optimizer this file constructs with a `tf.train.*` call, once, with that call. */
export function constructedOptimizers(facts: FileFacts): { op: OpCall; optimizer: OptimizerFact }[] {
  const out: { op: OpCall; optimizer: OptimizerFact }[] = [];
  const seen = new Set<OptimizerFact>();
  for (const op of facts.ops) {
    if (op.style !== 'function' || !op.op.startsWith('train.')) continue;
    const v = facts.evaluator.value(op.node);
    if (v.kind !== 'optimizer' || seen.has(v.optimizer)) continue;
    seen.add(v.optimizer);
    out.push({ op, optimizer: v.optimizer });
  }
  return out;
}
