// Configuration as the analyzer sees it: already read from disk by the caller (CLI, server).
// Validation lives here so every front end reports a malformed config the same way.

import type { SeverityLevel } from './types';

export interface Thresholds {
  /** |x| above which a saturating first layer's inputs count as unscaled. */
  saturatingInputLimit: number;
  /** |x| above which a non-saturating first layer's inputs count as unscaled. */
  unscaledInputLimit: number;
  /** Ratio between feature scales that counts as "orders of magnitude apart". */
  featureScaleRatio: number;
  /** `lr · 2 · mean(x²)` above which SGD on a linear/MSE model is predicted to diverge. */
  divergenceFactor: number;
  /** Per-optimizer learning-rate bounds on normalized data. */
  learningRate: Record<string, number>;
  /** Number of saturating layers that makes a "deep saturating stack". */
  deepSaturatingLayers: number;
}

export interface NanscopeConfig {
  /** Per-rule severity override; a rule that is absent keeps its computed severity. */
  rules: Record<string, SeverityLevel>;
  thresholds: Thresholds;
  /** Files larger than this many bytes are skipped with a message. */
  maxFileSize: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = {
  saturatingInputLimit: 10,
  unscaledInputLimit: 10,
  featureScaleRatio: 1000,
  divergenceFactor: 2,
  learningRate: {
    sgd: 1.0,
    momentum: 0.5,
    adam: 0.1,
    adamax: 0.2,
    rmsprop: 0.05,
    adagrad: 1.0,
    adadelta: 10,
  },
  deepSaturatingLayers: 3,
};

export function defaultConfig(): NanscopeConfig {
  return {
    rules: {},
    thresholds: { ...DEFAULT_THRESHOLDS, learningRate: { ...DEFAULT_THRESHOLDS.learningRate } },
    maxFileSize: 2 * 1024 * 1024,
  };
}

const SEVERITIES: readonly string[] = ['off', 'info', 'warning', 'error'];

export interface ConfigProblem {
  path: string;
  message: string;
}

/**
 * Merges a user config object (from `.nanscoperc.json` or the `nanscope` key of package.json, or
 * the editor's settings) over `base`. Unknown keys and wrong types are problems, never thrown.
 */
export function mergeConfig(
  base: NanscopeConfig,
  raw: unknown,
  knownRules: readonly string[],
): { config: NanscopeConfig; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const config: NanscopeConfig = {
    rules: { ...base.rules },
    thresholds: { ...base.thresholds, learningRate: { ...base.thresholds.learningRate } },
    maxFileSize: base.maxFileSize,
  };
  if (raw === undefined || raw === null) return { config, problems };
  if (!isRecord(raw)) {
    problems.push({ path: '', message: 'the configuration must be an object' });
    return { config, problems };
  }
  for (const [key, value] of Object.entries(raw)) {
    switch (key) {
      case 'rules':
        mergeRules(config, value, knownRules, problems);
        break;
      case 'thresholds':
        mergeThresholds(config, value, problems);
        break;
      case 'maxFileSize':
        if (typeof value === 'number' && value > 0) config.maxFileSize = value;
        else problems.push({ path: 'maxFileSize', message: 'must be a positive number of bytes' });
        break;
      case '$schema':
        break;
      default:
        problems.push({ path: key, message: `unknown option "${key}" (expected rules, thresholds, maxFileSize)` });
    }
  }
  return { config, problems };
}

function mergeRules(config: NanscopeConfig, value: unknown, knownRules: readonly string[], problems: ConfigProblem[]): void {
  if (!isRecord(value)) {
    problems.push({ path: 'rules', message: 'must be an object of rule id to "off" | "info" | "warning" | "error"' });
    return;
  }
  for (const [rule, level] of Object.entries(value)) {
    if (!knownRules.includes(rule)) {
      problems.push({ path: `rules.${rule}`, message: `unknown rule "${rule}"` });
    } else if (typeof level !== 'string' || !SEVERITIES.includes(level)) {
      problems.push({ path: `rules.${rule}`, message: 'must be "off", "info", "warning" or "error"' });
    } else {
      config.rules[rule] = level as SeverityLevel;
    }
  }
}

function mergeThresholds(config: NanscopeConfig, value: unknown, problems: ConfigProblem[]): void {
  if (!isRecord(value)) {
    problems.push({ path: 'thresholds', message: 'must be an object' });
    return;
  }
  const t = config.thresholds;
  for (const [key, v] of Object.entries(value)) {
    if (key === 'learningRate') {
      if (!isRecord(v)) {
        problems.push({ path: 'thresholds.learningRate', message: 'must be an object of optimizer to number' });
        continue;
      }
      for (const [opt, bound] of Object.entries(v)) {
        if (!(opt in t.learningRate)) problems.push({ path: `thresholds.learningRate.${opt}`, message: `unknown optimizer "${opt}"` });
        else if (typeof bound !== 'number' || !(bound > 0)) problems.push({ path: `thresholds.learningRate.${opt}`, message: 'must be a positive number' });
        else t.learningRate[opt] = bound;
      }
      continue;
    }
    if (!(key in t)) {
      problems.push({ path: `thresholds.${key}`, message: `unknown threshold "${key}"` });
    } else if (typeof v !== 'number' || !(v > 0)) {
      problems.push({ path: `thresholds.${key}`, message: 'must be a positive number' });
    } else {
      (t as unknown as Record<string, number>)[key] = v;
    }
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
