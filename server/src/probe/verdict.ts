// From what a training run recorded to a verdict and one sentence saying why. Pure functions: the
// thresholds are here, in one place, and unit-tested without TF.js.

import type { BatchRecord, NonFiniteEvent, ProbeVerdict, SaturationRecord } from './protocol';

export interface RunObservation {
  /** Per epoch (or per step, for custom loops). */
  loss: number[];
  batches: BatchRecord[];
  firstNonFinite: NonFiniteEvent | null;
  saturation: SaturationRecord[];
  stepUnit: 'epoch' | 'step';
  budgetExhausted: boolean;
}

export const THRESHOLDS = {
  /** Final loss this many times the first: diverging. */
  divergenceGrowth: 100,
  /** Global gradient norm grew by this factor while the loss rose: diverging. */
  gradientGrowth: 1e6,
  /** Share of a hidden saturating layer's activations pinned at its bounds: saturated. */
  saturatedFraction: 0.5,
  /** Relative change below this over the run: the loss is flat. */
  flatChange: 1e-3,
  /** A loss at least this large (an error of 10 or more per output under MSE) that falls by less than `slowDecrease` is not learning. */
  largeLoss: 100,
  slowDecrease: 0.1,
  /** Final loss above the first by this factor (without diverging): not learning. */
  risingFactor: 1.05,
  /** A flat loss below this, with a gradient norm below `convergedGradient`, is a minimum, not a stall. */
  convergedLoss: 1e-2,
  convergedGradient: 1e-6,
} as const;

export interface Judgement {
  verdict: ProbeVerdict;
  reason: string;
  /** Finite, flat, with (almost) no gradient at a small loss: already at a minimum. */
  converged?: boolean;
}

export function judge(run: RunObservation): Judgement {
  const unit = run.stepUnit;
  if (run.firstNonFinite) {
    const e = run.firstNonFinite;
    const verdict: ProbeVerdict = e.value === 'NaN' ? 'nan' : 'inf';
    const at = unit === 'step' ? `step ${e.epoch}` : `epoch ${e.epoch}, batch ${e.batch}`;
    const where =
      e.where === 'data'
        ? 'in the training data'
        : e.where === 'loss'
          ? 'in the loss'
          : e.where === 'gradients'
            ? 'in the gradients (the loss was still finite)'
            : 'in the weights after the update (the loss was still finite)';
    return { verdict, reason: `${e.value} ${where} at ${at}${describeOrigin(e)}${describeGrowth(run.batches)}.` };
  }
  const losses = trend(run);
  if (losses.length === 0) {
    return { verdict: 'inconclusive', reason: run.budgetExhausted ? 'the time budget ran out before the first batch finished' : 'no batch was trained' };
  }
  const first = losses[0] as number;
  const last = losses[losses.length - 1] as number;
  const min = Math.min(...losses);
  const scale = Math.max(Math.abs(first), Number.MIN_VALUE);
  const n = losses.length;
  const span = `${n} ${unit}${n === 1 ? '' : 's'}`;

  const grads = run.batches.map((b) => b.gradNorm).filter((g) => Number.isFinite(g) && g > 0);
  const gradGrowth = grads.length >= 2 ? (grads[grads.length - 1] as number) / (grads[0] as number) : 1;
  const risingTail = n >= 3 && (losses[n - 1] as number) > (losses[n - 2] as number) && (losses[n - 2] as number) > (losses[n - 3] as number);
  if (
    (first > 0 && last >= THRESHOLDS.divergenceGrowth * first) ||
    (risingTail && last > 10 * Math.max(min, Number.MIN_VALUE) && last > first) ||
    (gradGrowth >= THRESHOLDS.gradientGrowth && last > first)
  ) {
    return { verdict: 'diverging', reason: `the loss grew from ${fmt(first)} to ${fmt(last)} in ${span}${describeGrowth(run.batches)}; it will overflow to Infinity if training continues.` };
  }

  const saturated = run.saturation.filter((s) => s.pinnedFraction >= THRESHOLDS.saturatedFraction).sort((a, b) => b.pinnedFraction - a.pinnedFraction)[0];
  if (saturated) {
    const bound = saturated.activation === 'tanh' || saturated.activation === 'softsign' ? '±1' : '0 or 1';
    return {
      verdict: 'saturated',
      reason: `${Math.round(saturated.pinnedFraction * 100)}% of the activations of ${saturated.layer} (${saturated.activation}, line ${saturated.line}) are pinned at ${bound}, so their gradients vanish; the loss stayed finite (${fmt(first)} → ${fmt(last)}).`,
    };
  }

  const change = (first - last) / scale;
  if (n >= 3 && Math.abs(change) < THRESHOLDS.flatChange) {
    const lastGrad = run.batches[run.batches.length - 1]?.gradNorm ?? 0;
    if (Math.abs(last) < THRESHOLDS.convergedLoss && lastGrad < THRESHOLDS.convergedGradient) {
      return { verdict: 'stable', reason: `the loss stayed at ${fmt(last)} with a vanishing gradient: the model already sits at a minimum.`, converged: true };
    }
    return { verdict: 'not-learning', reason: `the loss barely changed over ${span} (${fmt(first)} → ${fmt(last)}${lastGrad === 0 ? ', gradient exactly 0' : ''}).` };
  }
  if (last > first * THRESHOLDS.risingFactor && first > 0) {
    return { verdict: 'not-learning', reason: `the loss rose from ${fmt(first)} to ${fmt(last)} in ${span} instead of falling.` };
  }
  if (Math.abs(last) >= THRESHOLDS.largeLoss && change < THRESHOLDS.slowDecrease) {
    return {
      verdict: 'not-learning',
      reason: `the loss stayed large (${fmt(first)} → ${fmt(last)}, ${pct(-change)} in ${span}): at this scale of values the optimizer's steps barely move it.`,
    };
  }
  const exhausted = run.budgetExhausted ? ' (stopped at the time budget)' : '';
  return { verdict: 'stable', reason: `the loss stayed finite and went from ${fmt(first)} to ${fmt(last)} in ${span}${exhausted}.` };
}

/**
 * A fix is verified when its run is finite, not diverging, not stuck, and ends below where it began
 * (or at a minimum). When the original run went non-finite, removing that is the fix's whole claim:
 * a run that stays finite, whose loss does not rise and whose gradients still flow is verified even
 * if the data leaves nothing to learn (random labels stay at chance, ln 2 for binary cross-entropy).
 * A fix that "stays finite" by zeroing every gradient (`divNoNan` in a gradient) is not.
 */
export function isVerified(judgement: Judgement, loss: number[], fixed?: { run: RunObservation; originalNonFinite: boolean }): boolean {
  if (fixed?.originalNonFinite && removesNonFinite(judgement, fixed.run)) return true;
  if (judgement.verdict !== 'stable' && judgement.verdict !== 'saturated') return false;
  if (judgement.converged) return true;
  if (loss.length === 0) return false;
  if (loss.length === 1) return Number.isFinite(loss[0]);
  return (loss[loss.length - 1] as number) < (loss[0] as number);
}

function removesNonFinite(judgement: Judgement, run: RunObservation): boolean {
  if (run.firstNonFinite !== null || !['stable', 'saturated', 'not-learning'].includes(judgement.verdict)) return false;
  const losses = run.loss;
  if (losses.length === 0 || !losses.every(Number.isFinite)) return false;
  const first = losses[0] as number;
  const last = losses[losses.length - 1] as number;
  if (last > first * THRESHOLDS.risingFactor + 1e-12) return false;
  const lastGrad = run.batches[run.batches.length - 1]?.gradNorm;
  return lastGrad !== undefined && Number.isFinite(lastGrad) && lastGrad > 0;
}

/** Losses to judge the trend on: per epoch, or per batch when only one epoch ran. */
function trend(run: RunObservation): number[] {
  if (run.loss.length >= 2 || run.batches.length < 2) return run.loss.filter(Number.isFinite);
  return run.batches.map((b) => b.loss).filter(Number.isFinite);
}

function describeOrigin(e: NonFiniteEvent): string {
  if (!e.op) return '';
  const details = [e.opValue && e.opValue !== e.value ? e.opValue : null, e.opScope ? `in ${e.opScope}` : null].filter((d): d is string => d !== null);
  const op = `${e.op}${details.length > 0 ? ` (${details.join(', ')})` : ''}`;
  const line = e.line !== null ? `, line ${e.line}` : '';
  if (e.phase === 'backward') return `; first produced by ${op} in the gradient${e.forwardOp ? ` of ${e.forwardOp}` : ''} of ${e.part.name}${line}`;
  if (e.phase === 'update') return `; first produced by ${op} in the update of ${e.part.name}${line}`;
  return `; first produced by ${op} in ${e.part.name}${line}`;
}

function describeGrowth(batches: BatchRecord[]): string {
  const norms = batches.map((b) => b.gradNorm).filter((g) => Number.isFinite(g) && g > 0);
  if (norms.length < 2) return '';
  const first = norms[0] as number;
  const peak = Math.max(...norms);
  if (peak < first * 1e3) return '';
  return `; the gradient norm grew from ${fmt(first)} to ${fmt(peak)} before it`;
}

export function fmt(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1e4 || abs < 1e-3) return value.toExponential(1).replace('e+', 'e');
  return Number(value.toPrecision(3)).toString();
}

function pct(fraction: number): string {
  const sign = fraction > 0 ? '+' : fraction < 0 ? '−' : '';
  return `${sign}${(Math.abs(fraction) * 100).toFixed(Math.abs(fraction) < 0.1 ? 1 : 0)}%`;
}
