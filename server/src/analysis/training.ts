// Derived training facts shared by several rules: how far a model's inputs are from unit scale,
// whether plain SGD on them is predicted to diverge, and where autodiff really differentiates (an
// op in a training function is differentiated unless it sits inside a `tf.customGrad`, whose
// gradient is hand-written, or depends only on data: targets, literal tensors).

import ts = require('typescript');
import type { Thresholds } from './config';
import type { FileFacts } from './facts';
import type { Positions } from './positions';
import * as R from './ranges';
import type { OptimizerSpec, Span } from './types';
import { SATURATING_ACTIVATIONS } from './types';
import { OPTIMIZER_DEFAULTS, span, type FitFact, type ModelFact, type TensorValue } from './values';

const NORMALIZING_LAYERS = new Set(['batchNormalization', 'layerNormalization', 'rescaling', 'normalization']);
/** First layers whose inputs are integer ids, not magnitudes: their "scale" is a vocabulary size. */
const INDEX_INPUT_LAYERS = new Set(['embedding']);
const MSE_LOSSES = new Set(['meanSquaredError', 'mse', 'MSE', 'mean_squared_error', 'losses.meanSquaredError']);

export interface InputScale {
  fit: FitFact;
  x: TensorValue;
  /** Largest |x| the analysis can show. */
  maxAbs: number;
  /** Ratio between the largest and smallest feature scale (columns), when known. */
  featureRatio?: number;
  /** Where the scale comes from, for messages and related locations. */
  originSpan: Span;
  /** `7`, or `5 of data.js` when the data comes from another module. */
  originLine: string;
  originDescription: string;
}

/** The scale of the data a model is fit on, when the analysis knows it and it is not normalized. */
export function inputScale(model: ModelFact, positions: Positions): InputScale | undefined {
  const first = model.layers[0];
  if (first && (NORMALIZING_LAYERS.has(first.spec.kind) || INDEX_INPUT_LAYERS.has(first.spec.kind))) return undefined;
  for (const fit of model.fits) {
    const x = fit.x;
    if (!x || !fit.xNode || x.range.unknown || x.normalized) continue;
    const maxAbs = R.maxAbs(x.range);
    if (!Number.isFinite(maxAbs)) continue;
    const scale: InputScale = {
      fit,
      x,
      maxAbs,
      originSpan: x.origin?.span ?? span(fit.xNode),
      originLine: '',
      originDescription: x.origin?.description ?? 'the data',
    };
    scale.originLine = positions.lineLabel(scale.originSpan);
    const ratio = featureRatio(x);
    if (ratio !== undefined) scale.featureRatio = ratio;
    return scale;
  }
  return undefined;
}

function featureRatio(x: TensorValue): number | undefined {
  const c = x.concrete;
  if (!c || c.shape.length < 2) return undefined;
  const cols = c.shape[c.shape.length - 1] as number;
  if (cols < 2) return undefined;
  const scales = new Array<number>(cols).fill(0);
  for (let i = 0; i < c.values.length; i++) {
    const col = i % cols;
    scales[col] = Math.max(scales[col] as number, Math.abs(c.values[i] as number));
  }
  const nonzero = scales.filter((s) => s > 0);
  if (nonzero.length < 2) return undefined;
  return Math.max(...nonzero) / Math.min(...nonzero);
}

/** Message data for an input scale: `{x}` reach {maxAbs} ({origin}, line {line}){features}. */
export function scaleEvidence(scale: InputScale, t: Thresholds): Record<string, string | number> {
  return {
    x: scale.fit.xNode?.getText() ?? 'x',
    maxAbs: R.formatNumber(scale.maxAbs),
    origin: scale.originDescription,
    line: scale.originLine,
    features: scale.featureRatio !== undefined && scale.featureRatio >= t.featureScaleRatio
      ? `; its features differ in scale by ${R.formatNumber(scale.featureRatio)}×`
      : '',
  };
}

/** Inputs far from unit scale for a first layer with the given saturation behaviour. */
export function isUnscaled(scale: InputScale, limit: number, t: Thresholds): boolean {
  return scale.maxAbs > limit || (scale.featureRatio !== undefined && scale.featureRatio >= t.featureScaleRatio && scale.maxAbs > 1);
}

export function isSaturating(activation: string): boolean {
  return SATURATING_ACTIVATIONS.includes(activation);
}

/** Every layer is linear (dense without activation): SGD on MSE behaves like linear regression. */
export function isLinearModel(model: ModelFact): boolean {
  return model.layers.length > 0 && model.layers.every((l) => l.spec.kind === 'dense' && l.spec.activation === 'linear');
}

export function usesMse(model: ModelFact): boolean {
  return model.lossName !== undefined && MSE_LOSSES.has(model.lossName);
}

/**
 * For a linear model under MSE and plain SGD, the per-step growth factor of the error is about
 * `lr · 2 · mean(|x|² + 1)` (the largest curvature, bias included). Above about 2 the weights
 * oscillate with growing amplitude: Infinity within a few epochs, NaN soon after.
 */
export function sgdGrowthFactor(model: ModelFact, scale: InputScale): number | undefined {
  const opt = model.optimizer?.spec;
  if (!opt || (opt.kind !== 'sgd' && opt.kind !== 'momentum') || opt.learningRate === undefined) return undefined;
  if (!isLinearModel(model) || !usesMse(model) || scale.x.meanSquare === undefined) return undefined;
  return opt.learningRate * 2 * (scale.x.meanSquare + 1);
}

export interface LearningRateBound {
  bound: number;
  /** Why the bound is what it is (" on normalized data", " for inputs reaching 100 ..."). */
  why: string;
  growth?: number;
  scale?: InputScale;
}

/** SGD-style optimizers take steps proportional to the gradient, so input scale tightens their bound. */
const SCALE_SENSITIVE = new Set(['sgd', 'momentum']);

/**
 * The largest stable learning rate for an optimizer: the per-optimizer bound on normalized data,
 * tightened for SGD-style optimizers by the input scale (exactly, from the growth factor, for a
 * linear model under MSE; by the square of the scale otherwise).
 */
export function learningRateBound(
  kind: string,
  learningRate: number,
  model: ModelFact | undefined,
  positions: Positions,
  t: Thresholds,
): LearningRateBound | undefined {
  const base = t.learningRate[kind];
  if (base === undefined) return undefined;
  const scale = model ? inputScale(model, positions) : undefined;
  const result: LearningRateBound = { bound: base, why: ' on normalized data' };
  if (scale) result.scale = scale;
  if (!model || !scale || !SCALE_SENSITIVE.has(kind)) return result;
  const growth = sgdGrowthFactor(model, scale);
  if (growth !== undefined) {
    result.growth = growth;
    result.bound = Math.min(base, (t.divergenceFactor / growth) * learningRate);
    result.why = ` for inputs reaching ${R.formatNumber(scale.maxAbs)}`;
  } else if (isUnscaled(scale, t.saturatingInputLimit, t)) {
    result.bound = base / Math.pow(scale.maxAbs / t.saturatingInputLimit, 2);
    result.why = ` for inputs reaching ${R.formatNumber(scale.maxAbs)} (the bound shrinks with the square of the input scale)`;
  }
  return result;
}

/**
 * Momentum SGD keeps adding past gradients: on a steady gradient its step converges to
 * lr / (1 - m), so momentum 0.9 multiplies the effective rate by 10. The per-optimizer bound for
 * `momentum` holds for moderate momentum; with a known coefficient the effective rate must also
 * stay under the plain SGD bound, scaled the same way as the rest of the bound (input scale).
 */
export function withMomentum(spec: OptimizerSpec, limits: LearningRateBound, bounds: Record<string, number>): LearningRateBound {
  const m = spec.momentum;
  const base = bounds[spec.kind];
  const sgd = bounds['sgd'];
  if (spec.kind !== 'momentum' || m === undefined || !(m > 0) || m >= 1 || base === undefined || sgd === undefined) return limits;
  const factor = (sgd * (1 - m)) / base;
  if (factor >= 1) return limits;
  const effective = spec.learningRate !== undefined ? spec.learningRate / (1 - m) : undefined;
  return {
    ...limits,
    bound: limits.bound * factor,
    why: `${limits.why} with momentum ${R.formatNumber(m)}${effective !== undefined ? ` (the effective step lr / (1 - momentum) is ${R.formatNumber(effective)}; plain SGD is stable up to ${R.formatNumber(sgd)})` : ''}`,
  };
}

/**
 * Whether the learning rate itself is a cause of instability: above its bound, and either chosen by
 * the user (explicit and not TF.js's usual default) or above the bound for normalized data. A
 * default rate that is too high only because the data is unscaled is the data's problem.
 */
export function rateIsTooHigh(spec: OptimizerSpec, limits: LearningRateBound, t: Thresholds): boolean {
  const lr = spec.learningRate;
  // A rate of 0 (or a bound a rate of 0 turned into 0 / 0) is no step at all, not a large one.
  if (lr === undefined || spec.kind === 'unknown' || !(lr > 0) || Number.isNaN(limits.bound) || lr <= limits.bound) return false;
  const base = t.learningRate[spec.kind] ?? Infinity;
  const usualDefault = OPTIMIZER_DEFAULTS[spec.kind].string;
  return lr > base || (spec.learningRateExplicit && lr !== usualDefault);
}

// ---------------------------------------------------------------------------------------------
// Differentiation

/** Inside a `tf.customGrad` callback (its forward value or its `gradFunc`). */
export function insideCustomGrad(node: ts.Node, facts: FileFacts): boolean {
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
    if ((ts.isArrowFunction(n) || ts.isFunctionExpression(n)) && ts.isCallExpression(n.parent) &&
      n.parent.arguments[0] === n && facts.evaluator.tfPath(n.parent.expression) === 'customGrad') return true;
  }
  return false;
}

/** Inside the hand-written `gradFunc` of a custom gradient: computing a gradient, not differentiated. */
export function insideGradFunc(node: ts.Node): boolean {
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
    if ((ts.isArrowFunction(n) || ts.isFunctionExpression(n)) && ts.isPropertyAssignment(n.parent) &&
      ts.isIdentifier(n.parent.name) && n.parent.name.text === 'gradFunc') return true;
  }
  return false;
}

const MAX_DEPTH = 6;

/**
 * Whether `expr` can carry a gradient: it mentions something other than data. Data is the targets
 * parameter of a compiled loss, literal or random tensors, numbers and TF.js itself; weights
 * (`tf.variable`), models and layers, predictions and any parameter the analysis cannot place
 * count as trainable. Conservative: when in doubt, trainable.
 */
export function mayCarryGradient(expr: ts.Expression, facts: FileFacts): boolean {
  const targets = new Set<ts.Node>();
  for (const m of facts.models) {
    const target = m.fact.lossFn?.parameters[0];
    if (target) targets.add(target);
  }
  const seen = new Set<ts.Node>();
  const visit = (node: ts.Node, depth: number): boolean => {
    if (ts.isIdentifier(node)) {
      if (ts.isPropertyAccessExpression(node.parent) && node.parent.name === node) return false;
      const v = facts.evaluator.value(node);
      if (v.kind === 'model' || v.kind === 'layer' || v.kind === 'symbolic') return true;
      if (v.kind === 'tf' || v.kind === 'number' || v.kind === 'string' || v.kind === 'function') return false;
      const decl = facts.scopes.resolve(node);
      if (!decl) return false;
      if (targets.has(decl)) return false;
      if (ts.isParameter(decl)) return true;
      if (seen.has(decl)) return false;
      seen.add(decl);
      if (ts.isVariableDeclaration(decl) && decl.initializer) {
        if (depth >= MAX_DEPTH) return true;
        if (facts.scopes.assignmentsTo(decl).length > 0) return true;
        return visit(decl.initializer, depth + 1);
      }
      return !(ts.isImportSpecifier(decl) || ts.isNamespaceImport(decl) || ts.isImportClause(decl) || ts.isFunctionDeclaration(decl));
    }
    if (ts.isCallExpression(node)) {
      const path = facts.evaluator.tfPath(node.expression);
      if (path === 'variable') return true;
      if (ts.isPropertyAccessExpression(node.expression) && ['predict', 'apply', 'execute', 'call'].includes(node.expression.name.text)) {
        const receiver = facts.evaluator.value(node.expression.expression);
        if (receiver.kind !== 'tf') return true;
      }
    }
    if (ts.isFunctionLike(node)) return false;
    let found = false;
    ts.forEachChild(node, (child) => {
      if (!found && visit(child, depth)) found = true;
    });
    return found;
  };
  return visit(expr, 0);
}
