// Settings: what the editor says (`nanscope.*`), merged over what the project says
// (`.nanscoperc.json` / package.json `nanscope`, found upward from the file, as the CLI does).
//
// Resolved per document and cached as a promise per URI; the cache is dropped when the editor's
// configuration or a configuration file changes. Clients that cannot answer
// `workspace/configuration` (some LSP clients) get the settings pushed in
// `workspace/didChangeConfiguration` or `initializationOptions.settings`.

import type { Connection } from 'vscode-languageserver';
import type { ConfigProblem, NanscopeConfig } from '../analysis/config';
import { clearConfigCache, formatConfigProblem, loadConfigFor } from '../config/load';
import type { Analyzer } from './analyzer';
import { isLogLevel, type LogLevel, type Logger } from './logger';
import { filePathOf } from './uris';

export type RunMode = 'onType' | 'onSave';
export type ScopeMode = 'openFiles' | 'workspace';
export type ProbeMode = 'reconstruct' | 'execute';

/** The editor-side settings, normalized (every field present and of the right type). */
export interface Settings {
  enable: boolean;
  run: RunMode;
  scope: ScopeMode;
  /** Milliseconds of quiet after an edit before re-analysis (an isolated edit runs at once). */
  debounce: number;
  /** Rule id → severity, as the user wrote it (validated when merged). */
  rules: Record<string, unknown>;
  /** Threshold overrides, as the user wrote them (validated when merged). */
  thresholds: Record<string, unknown>;
  probe: { budgetSeconds: number; mode: ProbeMode };
  logLevel: LogLevel;
}

export const DEFAULT_SETTINGS: Settings = {
  enable: true,
  run: 'onType',
  scope: 'openFiles',
  debounce: 50,
  rules: {},
  thresholds: {},
  probe: { budgetSeconds: 5, mode: 'reconstruct' },
  logLevel: 'info',
};

/** Settings for one document: the editor's, and the analyzer configuration they produce. */
export interface ResolvedSettings {
  settings: Settings;
  config: NanscopeConfig;
  /** The configuration file in effect, if any. */
  configFile?: string;
  /** Changes whenever the cache is dropped; analyses made under an older epoch are stale. */
  epoch: number;
}

/** Turns whatever the client sent into `Settings`; wrong types fall back to the default. */
export function normalizeSettings(raw: unknown, problems: string[] = []): Settings {
  const s = isRecord(raw) ? raw : {};
  const pick = <T>(key: string, valid: (v: unknown) => v is T, fallback: T): T => {
    const value = s[key];
    if (value === undefined || value === null) return fallback;
    if (valid(value)) return value;
    problems.push(`nanscope.${key}: ${JSON.stringify(value)} is not valid; using ${JSON.stringify(fallback)}`);
    return fallback;
  };
  const probeRaw = isRecord(s['probe']) ? s['probe'] : {};
  const budget = probeRaw['budgetSeconds'];
  const mode = probeRaw['mode'];
  return {
    enable: pick('enable', isBoolean, DEFAULT_SETTINGS.enable),
    run: pick('run', (v): v is RunMode => v === 'onType' || v === 'onSave', DEFAULT_SETTINGS.run),
    scope: pick('scope', (v): v is ScopeMode => v === 'openFiles' || v === 'workspace', DEFAULT_SETTINGS.scope),
    debounce: pick('debounce', (v): v is number => typeof v === 'number' && v >= 0 && v <= 10_000, DEFAULT_SETTINGS.debounce),
    rules: pick('rules', isRecord, {}),
    thresholds: pick('thresholds', isRecord, {}),
    probe: {
      budgetSeconds: typeof budget === 'number' && budget > 0 && budget <= 600 ? budget : DEFAULT_SETTINGS.probe.budgetSeconds,
      mode: mode === 'execute' || mode === 'reconstruct' ? mode : DEFAULT_SETTINGS.probe.mode,
    },
    logLevel: pick('logLevel', isLogLevel, DEFAULT_SETTINGS.logLevel),
  };
}

export interface SettingsSourceOptions {
  connection: Connection;
  log: Logger;
  analyzer: Analyzer;
  /** The client answers `workspace/configuration`. */
  canPull: boolean;
  /** Settings given in `initializationOptions`, for clients that cannot pull. */
  initial?: unknown;
}

export class SettingsSource {
  private readonly perUri = new Map<string, Promise<ResolvedSettings>>();
  private global: Promise<Settings> | undefined;
  private pushed: unknown;
  private epochCounter = 0;
  /** Problems already logged, so a bad option is reported once per change, not per file. */
  private readonly reported = new Set<string>();

  constructor(private readonly options: SettingsSourceOptions) {
    this.pushed = options.initial;
  }

  get epoch(): number {
    return this.epochCounter;
  }

  /** Forget everything (the editor's settings or a configuration file changed). */
  clear(pushed?: unknown): void {
    if (pushed !== undefined) this.pushed = pushed;
    this.perUri.clear();
    this.global = undefined;
    this.reported.clear();
    this.epochCounter++;
    clearConfigCache();
  }

  /** Window-level settings (scope, log level): the ones without a document. */
  forWindow(): Promise<Settings> {
    this.global ??= this.fetch(undefined).then((raw) => this.normalize(raw));
    return this.global;
  }

  forUri(uri: string): Promise<ResolvedSettings> {
    let entry = this.perUri.get(uri);
    if (!entry) {
      const epoch = this.epochCounter;
      entry = this.fetch(uri).then((raw) => this.resolve(uri, this.normalize(raw), epoch));
      this.perUri.set(uri, entry);
    }
    return entry;
  }

  /** Drop one URI's entry (its document closed). */
  forget(uri: string): void {
    this.perUri.delete(uri);
  }

  private async fetch(uri: string | undefined): Promise<unknown> {
    const { connection, canPull, log } = this.options;
    if (!canPull) return this.pushed;
    try {
      const result: unknown = await connection.workspace.getConfiguration(
        uri === undefined ? { section: 'nanscope' } : { scopeUri: uri, section: 'nanscope' },
      );
      return result ?? this.pushed;
    } catch (error) {
      log.error('workspace/configuration failed; using defaults', error);
      return this.pushed;
    }
  }

  private normalize(raw: unknown): Settings {
    const problems: string[] = [];
    const settings = normalizeSettings(raw, problems);
    for (const p of problems) this.report(p);
    return settings;
  }

  private resolve(uri: string, settings: Settings, epoch: number): ResolvedSettings {
    const { analyzer } = this.options;
    const filePath = filePathOf(uri);
    let base: NanscopeConfig = analyzer.defaultConfig();
    let configFile: string | undefined;
    if (filePath !== undefined) {
      const loaded = loadConfigFor(filePath, { base, knownRules: analyzer.ruleIds });
      base = loaded.config;
      configFile = loaded.source;
      for (const p of loaded.problems) this.report(formatConfigProblem(p));
    }
    const editor: Record<string, unknown> = {};
    if (Object.keys(settings.rules).length > 0) editor['rules'] = settings.rules;
    if (Object.keys(settings.thresholds).length > 0) editor['thresholds'] = settings.thresholds;
    const merged = analyzer.mergeConfig(base, editor, analyzer.ruleIds);
    for (const p of merged.problems) this.report(settingsProblem(p));
    const resolved: ResolvedSettings = { settings, config: merged.config, epoch };
    if (configFile !== undefined) resolved.configFile = configFile;
    return resolved;
  }

  private report(problem: string): void {
    if (this.reported.has(problem)) return;
    this.reported.add(problem);
    this.options.log.warn(`configuration: ${problem}`);
  }
}

function settingsProblem(p: ConfigProblem): string {
  return `settings: nanscope.${p.path}: ${p.message}`;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isBoolean(v: unknown): v is boolean {
  return typeof v === 'boolean';
}
