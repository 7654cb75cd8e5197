// Localizing the first non-finite value: every kernel of the active backend is wrapped, through the
// public kernel registry, with a check that reads its float32 outputs and records (or throws at) the
// first NaN / ±Infinity. A stack of op contexts, pushed by the layer, loss, optimizer and interpreter
// wrappers, says which part of the program the kernel belongs to; a hook on the gradient tape carries
// the forward context into the backward pass, so a `RealDiv` in the gradient of `Sqrt` is reported
// as "gradient of Sqrt in the loss, line 12".
//
// Costs: when the guards are off a kernel call pays one comparison. They are armed only while data
// is prepared (small) and during the replay of the one failing step.
//
// TF.js is never imported here: the worker passes its namespace in (type-only import below).

import type * as TfModule from '@tensorflow/tfjs';
import type { ProbePart } from './protocol';

type Tf = typeof TfModule;

/** One entry of the context stack; `current()` merges entries bottom-up (inner ones override). */
export interface OpContext {
  part?: ProbePart;
  phase?: 'forward' | 'backward' | 'update' | 'data';
  /** The forward kernel whose gradient is being computed. */
  forwardOp?: string;
  /** The user-level call (`tf.log`, `.sub()`), from the interpreter. */
  label?: string;
  line?: number;
}

export class OpContextStack {
  private readonly stack: OpContext[] = [];

  push(context: OpContext): void {
    this.stack.push(context);
  }

  pop(): void {
    this.stack.pop();
  }

  run<T>(context: OpContext, fn: () => T): T {
    this.stack.push(context);
    try {
      return fn();
    } finally {
      this.stack.pop();
    }
  }

  current(): OpContext {
    const merged: OpContext = {};
    for (const entry of this.stack) Object.assign(merged, entry);
    return merged;
  }

  reset(): void {
    this.stack.length = 0;
  }
}

export interface GuardHit {
  kernel: string;
  value: number;
  context: OpContext;
  /** The user-level op scopes active at the kernel (`logLoss__op` → `logLoss`), outermost first. */
  scopes: string[];
  /** The JavaScript stack at the kernel, when `captureStacks` is on (execute mode: it reaches the user's line). */
  stack?: string;
}

/** Thrown by an armed guard in `throw` mode: stops the replay at the first non-finite kernel output. */
export class NonFiniteFound extends Error {
  constructor(readonly hit: GuardHit) {
    super(`non-finite value from ${hit.kernel}`);
    this.name = 'NonFiniteFound';
  }
}

/** Ops that compute non-finite intermediates on purpose and mask them (`divNoNan` divides, then selects). */
const MASKING_SCOPES = new Set(['divNoNan__op']);

interface TensorInfoLike {
  dataId: object;
  dtype: string;
  shape: number[];
}

interface BackendLike {
  readSync(dataId: object): ArrayLike<number> | Uint8Array[];
}

interface KernelArgs {
  backend: BackendLike;
}

interface TapeNodeLike {
  gradient?: (dys: unknown[]) => Record<string, () => unknown>;
}

interface EngineInternals {
  state?: { scopeStack?: { name: string }[]; activeTape?: TapeNodeLike[] | null };
  addTapeNode?: (...args: unknown[]) => void;
}

export class KernelGuards {
  mode: 'off' | 'record' | 'throw' = 'off';
  first: GuardHit | null = null;
  /** Record the JavaScript stack of a hit (execute mode, where no interpreter names the line). */
  captureStacks = false;
  private installed: { config: TfModule.KernelConfig; original: TfModule.KernelFunc }[] = [];
  private restoreTape: (() => void) | null = null;

  constructor(
    private readonly tf: Tf,
    private readonly backendName: string,
    private readonly contexts: OpContextStack,
  ) {}

  /** Wraps every kernel of the backend once. Returns false when the registry does not allow it. */
  install(): boolean {
    if (this.installed.length > 0) return true;
    const tf = this.tf;
    let configs: TfModule.KernelConfig[];
    try {
      configs = tf.getKernelsForBackend(this.backendName);
    } catch {
      return false;
    }
    for (const config of configs) {
      const original = config.kernelFunc;
      const kernelName = config.kernelName;
      const wrapped: TfModule.KernelFunc = (args) => {
        const out = original(args);
        if (this.mode !== 'off' && this.first === null) this.inspect(kernelName, out as TensorInfoLike | TensorInfoLike[], args as unknown as KernelArgs);
        return out;
      };
      try {
        tf.unregisterKernel(kernelName, this.backendName);
        tf.registerKernel({ ...config, kernelFunc: wrapped });
        this.installed.push({ config, original });
      } catch {
        // A kernel that cannot be re-registered keeps running unguarded; the replay then names
        // the next guarded op that sees the value, which is still in the right neighbourhood.
      }
    }
    this.installTapeHook();
    return this.installed.length > 0;
  }

  uninstall(): void {
    for (const { config } of this.installed) {
      try {
        this.tf.unregisterKernel(config.kernelName, this.backendName);
        this.tf.registerKernel(config);
      } catch {
        // Best effort: the worker is about to exit or be recycled.
      }
    }
    this.installed = [];
    this.restoreTape?.();
    this.restoreTape = null;
  }

  arm(mode: 'record' | 'throw'): void {
    this.mode = mode;
    this.first = null;
  }

  disarm(): GuardHit | null {
    this.mode = 'off';
    return this.first;
  }

  private inspect(kernel: string, out: TensorInfoLike | TensorInfoLike[], args: KernelArgs): void {
    const scopes = this.scopeNames();
    if (scopes.some((s) => MASKING_SCOPES.has(s))) return;
    const outputs = Array.isArray(out) ? out : [out];
    for (const output of outputs) {
      if (!output || output.dtype !== 'float32') continue;
      const bad = firstNonFinite(args.backend.readSync(output.dataId));
      if (bad === null) continue;
      const hit: GuardHit = {
        kernel,
        value: bad,
        context: this.contexts.current(),
        scopes: scopes.filter((s) => s.endsWith('__op')).map((s) => s.slice(0, -4)),
      };
      if (this.captureStacks) {
        const limit = Error.stackTraceLimit;
        Error.stackTraceLimit = 60;
        hit.stack = new Error('non-finite').stack ?? '';
        Error.stackTraceLimit = limit;
      }
      this.first = hit;
      if (this.mode === 'throw') throw new NonFiniteFound(hit);
      return;
    }
  }

  private scopeNames(): string[] {
    const engine = this.tf.engine() as unknown as EngineInternals;
    return engine.state?.scopeStack?.map((s) => s.name) ?? [];
  }

  /**
   * Carries the forward op's context into its gradient. This patches the engine instance's
   * `addTapeNode` (not public API, stable since TF.js 2); when it is absent the guards still work and
   * backward ops are reported without their forward op.
   */
  private installTapeHook(): void {
    const engine = this.tf.engine() as unknown as EngineInternals;
    const original = engine.addTapeNode;
    if (typeof original !== 'function' || !engine.state) return;
    const contexts = this.contexts;
    const guards = this;
    engine.addTapeNode = function patched(this: EngineInternals, kernelName: unknown, ...rest: unknown[]) {
      original.call(this, kernelName, ...rest);
      if (guards.mode === 'off') return;
      const tape = this.state?.activeTape;
      const node = tape?.[tape.length - 1];
      const gradient = node?.gradient;
      if (!node || typeof gradient !== 'function') return;
      const forward = contexts.current();
      const backward: OpContext = { ...forward, phase: 'backward', forwardOp: typeof kernelName === 'string' ? kernelName : undefined };
      node.gradient = (dys: unknown[]) => {
        const grads = contexts.run(backward, () => gradient(dys));
        const wrapped: Record<string, () => unknown> = {};
        for (const key of Object.keys(grads)) {
          const thunk = grads[key];
          if (thunk) wrapped[key] = () => contexts.run(backward, thunk);
        }
        return wrapped;
      };
    };
    this.restoreTape = () => {
      engine.addTapeNode = original;
    };
  }
}

/** The first non-finite element, or null. */
export function firstNonFinite(values: ArrayLike<number> | Uint8Array[]): number | null {
  if (!isNumberArray(values)) return null;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (v !== v || v === Infinity || v === -Infinity) return v;
  }
  return null;
}

function isNumberArray(values: ArrayLike<number> | Uint8Array[]): values is ArrayLike<number> {
  return !(Array.isArray(values) && values.length > 0 && values[0] instanceof Uint8Array);
}
