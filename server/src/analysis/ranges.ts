// Interval arithmetic with "can be exactly 0" tracking, in float32 where it matters.
//
// Bounds are closed: an interval [0, 1] can hold an exact 0 and an exact 1. That is deliberately
// conservative for sigmoid / softmax outputs, which do reach exactly 0 and 1 in float32.

import type { ValueRange } from './types';

/** exp(x) overflows float32 to Infinity above this. */
export const EXP_OVERFLOW = 88.72;
/** exp(x) underflows float32 to exactly 0 below this (denormals included). */
export const EXP_UNDERFLOW = -103.97;
/** sigmoid(x) rounds to exactly 1 in float32 above this. */
export const SIGMOID_ONE = 17;
/** sigmoid(x) is exactly 0 in float32 below this (exp(-x) overflows). */
export const SIGMOID_ZERO = -EXP_OVERFLOW;

export function range(lo: number, hi: number, extra: Partial<ValueRange> = {}): ValueRange {
  const r: ValueRange = {
    lo,
    hi,
    mayBeZero: lo <= 0 && hi >= 0,
    provenZero: false,
    provenNegative: false,
    unknown: false,
    ...extra,
  };
  if (r.provenZero) r.mayBeZero = true;
  return r;
}

export const UNKNOWN: ValueRange = Object.freeze({
  lo: -Infinity,
  hi: Infinity,
  mayBeZero: true,
  provenZero: false,
  provenNegative: false,
  unknown: true,
});

export function exact(v: number): ValueRange {
  if (Number.isNaN(v)) return { ...UNKNOWN, unknown: false, mayBeZero: false, mayBeNaN: true, provenNaN: true };
  return range(v, v, { provenZero: v === 0, provenNegative: v < 0 });
}

export function fromValues(values: ArrayLike<number>): ValueRange {
  let lo = Infinity;
  let hi = -Infinity;
  let zero = false;
  let negative = false;
  let nan = false;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (Number.isNaN(v)) {
      nan = true;
      continue;
    }
    if (v < lo) lo = v;
    if (v > hi) hi = v;
    if (v === 0) zero = true;
    if (v < 0) negative = true;
  }
  // NaN made by an op on literal data (0 / 0) is the op's finding; NaN written in the data is
  // tracked from its source (see values.ts), not here.
  if (nan) return { ...UNKNOWN, unknown: false };
  if (lo > hi) return UNKNOWN;
  return { lo, hi, mayBeZero: zero, provenZero: zero, provenNegative: negative, unknown: false };
}

export function join(a: ValueRange, b: ValueRange): ValueRange {
  return {
    lo: Math.min(a.lo, b.lo),
    hi: Math.max(a.hi, b.hi),
    mayBeZero: a.mayBeZero || b.mayBeZero,
    provenZero: a.provenZero && b.provenZero,
    provenNegative: a.provenNegative && b.provenNegative,
    unknown: a.unknown || b.unknown,
    ...nanOf([a, b], a.provenNaN === true && b.provenNaN === true),
  };
}

export function maxAbs(r: ValueRange): number {
  return Math.max(Math.abs(r.lo), Math.abs(r.hi));
}

function derived(lo: number, hi: number, unknown: boolean): ValueRange {
  if (Number.isNaN(lo)) lo = -Infinity;
  if (Number.isNaN(hi)) hi = Infinity;
  return range(lo, hi, { unknown });
}

function addRange(a: ValueRange, b: ValueRange): ValueRange {
  return derived(a.lo + b.lo, a.hi + b.hi, a.unknown || b.unknown);
}

function subRange(a: ValueRange, b: ValueRange): ValueRange {
  return derived(a.lo - b.hi, a.hi - b.lo, a.unknown || b.unknown);
}

function mulRange(a: ValueRange, b: ValueRange): ValueRange {
  const products = [a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi].map((p) => (Number.isNaN(p) ? 0 : p));
  const r = derived(Math.min(...products), Math.max(...products), a.unknown || b.unknown);
  r.mayBeZero = a.mayBeZero || b.mayBeZero;
  r.provenZero = a.provenZero || b.provenZero;
  return r;
}

function divRange(a: ValueRange, b: ValueRange): ValueRange {
  if (b.mayBeZero || (b.lo < 0 && b.hi > 0)) {
    // Division by a value that can be 0: unbounded, but the sign survives when both are one-signed.
    const sameSign = (a.lo >= 0 && b.lo >= 0) || (a.hi <= 0 && b.hi <= 0);
    const oppositeSign = (a.lo >= 0 && b.hi <= 0) || (a.hi <= 0 && b.lo >= 0);
    const lo = sameSign ? 0 : -Infinity;
    const hi = oppositeSign ? 0 : Infinity;
    return { ...range(lo, hi), unknown: a.unknown || b.unknown };
  }
  const quotients = [a.lo / b.lo, a.lo / b.hi, a.hi / b.lo, a.hi / b.hi].map((q) => (Number.isNaN(q) ? 0 : q));
  const r = derived(Math.min(...quotients), Math.max(...quotients), a.unknown || b.unknown);
  r.mayBeZero = a.mayBeZero;
  r.provenZero = a.provenZero;
  return r;
}

export function neg(a: ValueRange): ValueRange {
  return { ...a, lo: -a.hi, hi: -a.lo, provenNegative: false };
}

function absRange(a: ValueRange): ValueRange {
  const lo = a.lo >= 0 ? a.lo : a.hi <= 0 ? -a.hi : 0;
  return { ...range(lo, maxAbs(a)), mayBeZero: a.mayBeZero, provenZero: a.provenZero, unknown: a.unknown };
}

function squareRange(a: ValueRange): ValueRange {
  const m = absRange(a);
  return { ...range(m.lo * m.lo, m.hi * m.hi), mayBeZero: a.mayBeZero, provenZero: a.provenZero, unknown: a.unknown };
}

function sqrtRange(a: ValueRange): ValueRange {
  return {
    ...range(Math.sqrt(Math.max(0, a.lo)), Math.sqrt(Math.max(0, a.hi))),
    mayBeZero: a.mayBeZero || a.lo <= 0,
    provenZero: a.provenZero,
    unknown: a.unknown,
  };
}

function expRange(a: ValueRange): ValueRange {
  const lo = Math.fround(Math.exp(a.lo));
  const hi = a.hi > EXP_OVERFLOW ? Infinity : Math.fround(Math.exp(a.hi));
  return { ...range(lo, hi), mayBeZero: a.lo < EXP_UNDERFLOW, unknown: a.unknown };
}

function expm1Range(a: ValueRange): ValueRange {
  const lo = Math.fround(Math.expm1(a.lo));
  const hi = a.hi > EXP_OVERFLOW ? Infinity : Math.fround(Math.expm1(a.hi));
  return { ...range(lo, hi), unknown: a.unknown };
}

function logRange(a: ValueRange): ValueRange {
  if (a.lo < 0) return { ...range(-Infinity, Infinity), unknown: a.unknown };
  return { ...range(a.lo <= 0 ? -Infinity : Math.log(a.lo), Math.log(a.hi)), unknown: a.unknown };
}

function sigmoidRange(a: ValueRange): ValueRange {
  const f = (x: number) => (x < SIGMOID_ZERO ? 0 : x > SIGMOID_ONE ? 1 : Math.fround(1 / (1 + Math.exp(-x))));
  const lo = f(a.lo);
  return { ...range(lo, f(a.hi)), mayBeZero: lo === 0, provenZero: false, unknown: false };
}

function tanhRange(a: ValueRange): ValueRange {
  return { ...range(Math.tanh(a.lo), Math.tanh(a.hi)), unknown: false };
}

function reluRange(a: ValueRange): ValueRange {
  return { ...range(Math.max(0, a.lo), Math.max(0, a.hi)), unknown: a.unknown && a.hi === Infinity ? false : a.unknown };
}

/** Softmax over more classes than this is not assumed when the class count is unknown. */
export const MAX_CLASSES = 1e6;

/**
 * Each softmax output lies in [0, 1]. The smallest is exp(-spread) over a sum of at most `classes`
 * terms (each at most 1), so one underflows to exactly 0 once the logits spread past exp's range.
 */
function softmaxRange(a: ValueRange, classes = MAX_CLASSES): ValueRange {
  const spread = a.hi - a.lo;
  const smallest = !Number.isFinite(spread) ? 0 : Math.fround((Math.exp(-spread) / Math.max(1, classes)) * (1 - 1e-6));
  return { ...range(smallest, 1), mayBeZero: smallest === 0, unknown: false };
}

function clipRange(a: ValueRange, lo: number, hi: number): ValueRange {
  const clo = Math.min(Math.max(a.lo, lo), hi);
  const chi = Math.max(Math.min(a.hi, hi), lo);
  return { ...range(clo, chi), provenZero: a.provenZero && lo <= 0 && hi >= 0, unknown: false };
}

function maximumRange(a: ValueRange, b: ValueRange): ValueRange {
  const r = range(Math.max(a.lo, b.lo), Math.max(a.hi, b.hi), { unknown: a.unknown && b.unknown });
  return r;
}

function minimumRange(a: ValueRange, b: ValueRange): ValueRange {
  return range(Math.min(a.lo, b.lo), Math.min(a.hi, b.hi), { unknown: a.unknown && b.unknown });
}

/** A value that is certainly positive and certainly not 0. */
export function isStrictlyPositive(r: ValueRange): boolean {
  return !r.unknown && r.lo > 0 && !r.mayBeZero;
}

export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return v > 0 ? 'Infinity' : '-Infinity';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e6 || a < 1e-3) return v.toExponential(1).replace('e+', 'e');
  return String(Number(v.toPrecision(4)));
}

// ---------------------------------------------------------------------------------------------
// NaN in the data

type NaNFacts = Pick<ValueRange, 'mayBeNaN' | 'provenNaN' | 'nanOrigin'>;

/** The NaN facts of a result computed from `inputs` (any NaN input may make it NaN). */
function nanOf(inputs: readonly ValueRange[], proven: boolean): NaNFacts {
  const source = inputs.find((r) => r.mayBeNaN);
  if (!source) return {};
  const facts: NaNFacts = { mayBeNaN: true };
  if (proven) facts.provenNaN = true;
  const origin = inputs.find((r) => r.mayBeNaN && r.nanOrigin)?.nanOrigin;
  if (origin) facts.nanOrigin = origin;
  return facts;
}

/**
 * `r` computed elementwise from `inputs`: NaN in any input is NaN in the result (IEEE arithmetic,
 * max/min, exp, log, sigmoid and TF.js's relu all propagate it), proven when an input's is.
 */
export function carryNaN(r: ValueRange, ...inputs: ValueRange[]): ValueRange {
  const facts = nanOf(inputs, inputs.some((i) => i.provenNaN));
  if (!facts.mayBeNaN) return r;
  return { ...r, ...facts, nanOrigin: facts.nanOrigin ?? r.nanOrigin };
}

/** The range without its NaN facts (the program filters or replaces NaN). */
export function withoutNaN(r: ValueRange): ValueRange {
  if (!r.mayBeNaN && !r.provenNaN && !r.nanOrigin) return r;
  const { mayBeNaN: _m, provenNaN: _p, nanOrigin: _o, ...rest } = r;
  return rest;
}

/** Some element can be NaN. */
export function mayBeNaN(r: ValueRange): boolean {
  return r.mayBeNaN === true;
}

const carry1 = (f: (a: ValueRange) => ValueRange) => (a: ValueRange): ValueRange => carryNaN(f(a), a);
const carry2 = (f: (a: ValueRange, b: ValueRange) => ValueRange) => (a: ValueRange, b: ValueRange): ValueRange => carryNaN(f(a, b), a, b);

export const abs = carry1(absRange);
export const square = carry1(squareRange);
export const sqrt = carry1(sqrtRange);
export const exp = carry1(expRange);
export const expm1 = carry1(expm1Range);
export const log = carry1(logRange);
export const sigmoid = carry1(sigmoidRange);
export const tanh = carry1(tanhRange);
export const relu = carry1(reluRange);
export const add = carry2(addRange);
export const sub = carry2(subRange);
export const mul = carry2(mulRange);
export const div = carry2(divRange);
export const maximum = carry2(maximumRange);
export const minimum = carry2(minimumRange);

export function softmax(a: ValueRange, classes = MAX_CLASSES): ValueRange {
  return carryNaN(softmaxRange(a, classes), a);
}

/** clipByValue keeps NaN (TF.js clips with comparisons, which NaN fails). */
export function clip(a: ValueRange, lo: number, hi: number): ValueRange {
  return carryNaN(clipRange(a, lo, hi), a);
}
