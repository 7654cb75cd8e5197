// Exact float32 evaluation of small literal tensors. When a file writes its data inline
// (`tf.tensor2d([[1, 100000], ...])`), the analysis computes the data preparation exactly instead
// of bounding it: a constant column's variance is exactly 0, a z-scored feature stays in [-2, 2].

export interface Concrete {
  shape: number[];
  values: Float32Array;
}

/** Above this many elements the analysis falls back to intervals. */
export const MAX_CONCRETE = 100_000;

export function size(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Nested number arrays to a tensor; undefined for ragged or non-numeric input. */
export function fromNested(value: unknown, shape?: readonly number[]): Concrete | undefined {
  const flat: number[] = [];
  const inferred: number[] = [];
  const walk = (v: unknown, depth: number): boolean => {
    if (typeof v === 'number') {
      if (depth !== inferred.length && inferred.length > 0) return false;
      flat.push(v);
      return flat.length <= MAX_CONCRETE;
    }
    if (!Array.isArray(v)) return false;
    if (inferred.length === depth) inferred.push(v.length);
    else if (inferred[depth] !== v.length) return false;
    return v.every((e) => walk(e, depth + 1));
  };
  if (!walk(value, 0)) return undefined;
  let finalShape = inferred;
  if (shape && shape.every((d) => d >= 0)) {
    if (size(shape) !== flat.length) return undefined;
    finalShape = [...shape];
  }
  return { shape: finalShape, values: Float32Array.from(flat) };
}

export function fill(shape: readonly number[], v: number): Concrete | undefined {
  const n = size(shape);
  if (n > MAX_CONCRETE || shape.some((d) => !Number.isInteger(d) || d < 0)) return undefined;
  return { shape: [...shape], values: new Float32Array(n).fill(v) };
}

export function scalar(v: number): Concrete {
  return { shape: [], values: Float32Array.of(v) };
}

export function map(a: Concrete, f: (x: number) => number): Concrete {
  return { shape: a.shape, values: a.values.map(f) };
}

export function broadcastShape(a: readonly number[], b: readonly number[]): number[] | undefined {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) return undefined;
    out.push(Math.max(da, db));
  }
  return out;
}

function strides(shape: readonly number[], rank: number): number[] {
  const padded = [...new Array<number>(rank - shape.length).fill(1), ...shape];
  const s = new Array<number>(rank).fill(0);
  let acc = 1;
  for (let i = rank - 1; i >= 0; i--) {
    const d = padded[i] as number;
    s[i] = d === 1 ? 0 : acc;
    acc *= d;
  }
  return s;
}

export function binary(a: Concrete, b: Concrete, f: (x: number, y: number) => number): Concrete | undefined {
  const shape = broadcastShape(a.shape, b.shape);
  if (!shape) return undefined;
  const n = size(shape);
  if (n > MAX_CONCRETE) return undefined;
  const rank = shape.length;
  const sa = strides(a.shape, rank);
  const sb = strides(b.shape, rank);
  const out = new Float32Array(n);
  const index = new Array<number>(rank).fill(0);
  for (let i = 0; i < n; i++) {
    let ia = 0;
    let ib = 0;
    for (let d = 0; d < rank; d++) {
      ia += (index[d] as number) * (sa[d] as number);
      ib += (index[d] as number) * (sb[d] as number);
    }
    out[i] = f(a.values[ia] as number, b.values[ib] as number);
    for (let d = rank - 1; d >= 0; d--) {
      index[d] = (index[d] as number) + 1;
      if ((index[d] as number) < (shape[d] as number)) break;
      index[d] = 0;
    }
  }
  return { shape, values: out };
}

/** Reduces over `axes` (all when undefined), like tf.mean / tf.sum / tf.max / tf.min. */
export function reduce(
  a: Concrete,
  kind: 'sum' | 'mean' | 'max' | 'min',
  axes: readonly number[] | undefined,
  keepDims: boolean,
): Concrete {
  const rank = a.shape.length;
  const reduced = new Set((axes ?? a.shape.map((_, i) => i)).map((ax) => (ax < 0 ? ax + rank : ax)));
  const outShapeKeep = a.shape.map((d, i) => (reduced.has(i) ? 1 : d));
  const n = size(outShapeKeep);
  const acc = new Float64Array(n).fill(kind === 'max' ? -Infinity : kind === 'min' ? Infinity : 0);
  const count = size(a.shape) / Math.max(1, n);
  const outStrides = strides(outShapeKeep, rank);
  const index = new Array<number>(rank).fill(0);
  for (let i = 0; i < a.values.length; i++) {
    let o = 0;
    for (let d = 0; d < rank; d++) o += (index[d] as number) * (outStrides[d] as number);
    const v = a.values[i] as number;
    if (kind === 'max') acc[o] = Math.max(acc[o] as number, v);
    else if (kind === 'min') acc[o] = Math.min(acc[o] as number, v);
    else acc[o] = (acc[o] as number) + v;
    for (let d = rank - 1; d >= 0; d--) {
      index[d] = (index[d] as number) + 1;
      if ((index[d] as number) < (a.shape[d] as number)) break;
      index[d] = 0;
    }
  }
  const values = Float32Array.from(acc, (v) => (kind === 'mean' ? v / count : v));
  const shape = keepDims ? outShapeKeep : a.shape.filter((_, i) => !reduced.has(i));
  return { shape, values };
}

export function moments(a: Concrete, axes: readonly number[] | undefined): { mean: Concrete; variance: Concrete } | undefined {
  const mean = reduce(a, 'mean', axes, true);
  const centered = binary(a, mean, (x, m) => (x - m) * (x - m));
  if (!centered) return undefined;
  const variance = reduce(centered, 'mean', axes, false);
  const meanOut = reduce(a, 'mean', axes, false);
  return { mean: meanOut, variance };
}

/**
 * `tf.slice(a, begin, size)`: `begin` and `size` per axis (a shorter list covers the leading axes;
 * a size of -1 takes the rest of the axis). Undefined when they do not fit the shape.
 */
export function slice(a: Concrete, begin: readonly number[], sizeArg: readonly number[] | undefined): Concrete | undefined {
  const rank = a.shape.length;
  if (begin.length > rank || (sizeArg && sizeArg.length > rank)) return undefined;
  const starts = a.shape.map((_, i) => begin[i] ?? 0);
  const sizes = a.shape.map((d, i) => {
    const s = sizeArg?.[i];
    return s === undefined || s === -1 ? d - (starts[i] as number) : s;
  });
  if (starts.some((st, i) => !Number.isInteger(st) || st < 0 || st + (sizes[i] as number) > (a.shape[i] as number)) || sizes.some((s) => !Number.isInteger(s) || s < 0)) {
    return undefined;
  }
  const out = new Float32Array(size(sizes));
  const inStrides = a.shape.map((_, i) => a.shape.slice(i + 1).reduce((x, y) => x * y, 1));
  const index = new Array<number>(rank).fill(0);
  for (let o = 0; o < out.length; o++) {
    let from = 0;
    for (let d = 0; d < rank; d++) from += ((starts[d] as number) + (index[d] as number)) * (inStrides[d] as number);
    out[o] = a.values[from] as number;
    for (let d = rank - 1; d >= 0; d--) {
      index[d] = (index[d] as number) + 1;
      if ((index[d] as number) < (sizes[d] as number)) break;
      index[d] = 0;
    }
  }
  return { shape: sizes, values: out };
}

/** Per-column values (last axis) of a rank ≥ 2 tensor. */
export function columns(a: Concrete): Float32Array[] | undefined {
  if (a.shape.length < 2) return undefined;
  const cols = a.shape[a.shape.length - 1] as number;
  if (cols === 0 || cols > 1000) return undefined;
  const rows = a.values.length / cols;
  const out: Float32Array[] = [];
  for (let c = 0; c < cols; c++) {
    const col = new Float32Array(rows);
    for (let r = 0; r < rows; r++) col[r] = a.values[r * cols + c] as number;
    out.push(col);
  }
  return out;
}

/** Mean over samples (first axis) of the squared norm of each sample. */
export function meanSquaredNorm(a: Concrete): number {
  const samples = a.shape.length === 0 ? 1 : (a.shape[0] as number);
  let total = 0;
  for (const v of a.values) total += v * v;
  return total / Math.max(1, samples);
}

/** Plain nested arrays, for the probe (rank ≤ 2; higher ranks are flattened per sample). */
export function toRows(a: Concrete): number[][] {
  if (a.shape.length === 0) return [[a.values[0] as number]];
  if (a.shape.length === 1) return Array.from(a.values, (v) => [v]);
  const samples = a.shape[0] as number;
  const width = a.values.length / Math.max(1, samples);
  const rows: number[][] = [];
  for (let r = 0; r < samples; r++) rows.push(Array.from(a.values.subarray(r * width, (r + 1) * width)));
  return rows;
}
