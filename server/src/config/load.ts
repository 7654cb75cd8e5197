// Finding and reading a file's nanscope configuration. This is the one module of the configuration
// that touches the disk; validation and merging stay in the analyzer (`mergeConfig`) so every front
// end reports a bad option the same way. Used by the CLI and the language server.
//
// The nearest configuration wins, found upward from the file's folder: in each folder a
// `.nanscoperc.json`, else the `nanscope` key of a `package.json`. Configurations do not cascade
// (a nested one replaces, it does not extend), so one file explains every option in effect.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultConfig, mergeConfig, ruleIds, type NanscopeConfig } from '../analysis';
import { lineColumnAt, scanJson } from './json-locate';

export const RC_FILE_NAME = '.nanscoperc.json';
export const PACKAGE_JSON_KEY = 'nanscope';
/** File names whose creation, change or deletion must clear the cache (for file watchers). */
export const CONFIG_FILE_NAMES: readonly string[] = [RC_FILE_NAME, 'package.json'];

/** A problem in a configuration file, located for the user. */
export interface ConfigFileProblem {
  /** Absolute path of the configuration file. */
  file: string;
  /** 1-based position of the problem, when it can be located. */
  line?: number;
  column?: number;
  /** The option at fault, as written in the file (`rules.raw-log`, `nanscope.thresholds`). */
  option?: string;
  message: string;
}

export interface LoadedConfig {
  /** The configuration in effect: defaults, then `base`, then the file. Fresh, safe to mutate. */
  config: NanscopeConfig;
  /** The file the configuration came from; absent when none was found (defaults apply). */
  source?: string;
  /** Empty when the file is valid. Valid options still apply when others are wrong. */
  problems: ConfigFileProblem[];
}

export interface LoadOptions {
  /** What the file is merged over (the editor's settings, say). Default: `defaultConfig()`. */
  base?: NanscopeConfig;
  /** Rule ids accepted under `rules` (default: the analyzer's registry). */
  knownRules?: readonly string[];
}

/** A configuration file as read from disk, before merging (what the cache holds). */
interface FoundConfig {
  file: string;
  text: string;
  /** The user's options (the whole .nanscoperc.json, or package.json's `nanscope` value). */
  raw: unknown;
  /** `nanscope.` inside package.json, '' in a .nanscoperc.json: how option paths are written. */
  prefix: string;
  keys: Map<string, number>;
  /** A file that cannot be read or parsed: its options are unknown, defaults apply. */
  problems: ConfigFileProblem[];
}

/**
 * Folder → the configuration that governs it (null: none up to the filesystem root). Holds only
 * what was read from disk; merging is cheap and depends on the caller's base, so it is not cached.
 */
const cache = new Map<string, FoundConfig | null>();

/** The configuration for a file (or an untitled document's intended path). Never throws. */
export function loadConfigFor(filePath: string, options: LoadOptions = {}): LoadedConfig {
  return loadConfigForDirectory(path.dirname(path.resolve(filePath)), options);
}

/** The configuration for files directly inside `directory`. Never throws. */
export function loadConfigForDirectory(directory: string, options: LoadOptions = {}): LoadedConfig {
  const base = options.base ?? defaultConfig();
  const knownRules = options.knownRules ?? ruleIds;
  const found = findConfig(path.resolve(directory));
  if (!found) return { config: mergeConfig(base, undefined, knownRules).config, problems: [] };
  const merged = mergeConfig(base, found.problems.length ? undefined : found.raw, knownRules);
  const problems = [
    ...found.problems,
    ...merged.problems.map((p) => locate(found, p.path, p.message)),
  ];
  return { config: merged.config, source: found.file, problems };
}

/**
 * Forgets everything read from disk. The language server calls this when a file named in
 * `CONFIG_FILE_NAMES` changes; the CLI never needs to (one run sees one state of the disk).
 */
export function clearConfigCache(): void {
  cache.clear();
}

/** `file:line:column: option: message`, the form compilers use, so terminals make it a link. */
export function formatConfigProblem(problem: ConfigFileProblem, cwd?: string): string {
  const file = cwd ? displayPath(problem.file, cwd) : problem.file;
  const where = problem.line !== undefined ? `${file}:${problem.line}:${problem.column ?? 1}` : file;
  return `${where}: ${problem.option ? `${problem.option}: ` : ''}${problem.message}`;
}

function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  const outside = relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative);
  return relative && !outside ? relative : file;
}

function findConfig(start: string): FoundConfig | null {
  const visited: string[] = [];
  let directory = start;
  let result: FoundConfig | null;
  for (;;) {
    const cached = cache.get(directory);
    if (cached !== undefined) {
      result = cached;
      break;
    }
    visited.push(directory);
    const here = readConfigIn(directory);
    if (here) {
      result = here;
      break;
    }
    const parent = path.dirname(directory);
    if (parent === directory) {
      result = null;
      break;
    }
    directory = parent;
  }
  // Every folder on the way up is governed by the same result: the next file in any of them
  // costs a map lookup.
  for (const d of visited) cache.set(d, result);
  return result;
}

function readConfigIn(directory: string): FoundConfig | undefined {
  const rcFile = path.join(directory, RC_FILE_NAME);
  const rc = readText(rcFile);
  if (rc.kind === 'error') return { file: rcFile, text: '', raw: undefined, prefix: '', keys: new Map(), problems: [{ file: rcFile, message: rc.message }] };
  if (rc.kind === 'text') return parseConfigText(rcFile, rc.text, '');

  const packageFile = path.join(directory, 'package.json');
  const pkg = readText(packageFile);
  if (pkg.kind === 'missing') return undefined;
  if (pkg.kind === 'error') {
    // An unreadable package.json may not concern us at all; it matters only if it could hold our key.
    return undefined;
  }
  const text = stripBom(pkg.text);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // A broken package.json that never mentions nanscope is someone else's problem (npm will
    // say so); one that does is ours, because its options cannot be read.
    return text.includes(`"${PACKAGE_JSON_KEY}"`) ? parseConfigText(packageFile, pkg.text, PACKAGE_JSON_KEY) : undefined;
  }
  if (!isRecord(parsed) || !Object.prototype.hasOwnProperty.call(parsed, PACKAGE_JSON_KEY)) return undefined;
  return {
    file: packageFile,
    text,
    raw: parsed[PACKAGE_JSON_KEY],
    prefix: PACKAGE_JSON_KEY,
    keys: scanJson(text).keys,
    problems: [],
  };
}

function parseConfigText(file: string, original: string, prefix: string): FoundConfig {
  const text = stripBom(original);
  const found: FoundConfig = { file, text, raw: undefined, prefix, keys: new Map(), problems: [] };
  const scan = scanJson(text);
  found.keys = scan.keys;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    // The scanner locates the error; V8's own message is the fallback should the two disagree.
    const problem: ConfigFileProblem = {
      file,
      message: `invalid JSON: ${scan.error?.message ?? (error instanceof Error ? error.message : String(error))}`,
    };
    if (scan.error) Object.assign(problem, lineColumnAt(text, scan.error.offset));
    found.problems.push(problem);
    return found;
  }
  found.raw = prefix && isRecord(parsed) ? parsed[prefix] : parsed;
  return found;
}

/** Places a problem on the key it concerns, or on the nearest enclosing key that was found. */
function locate(found: FoundConfig, option: string, message: string): ConfigFileProblem {
  const written = [found.prefix, option].filter(Boolean).join('.');
  const problem: ConfigFileProblem = { file: found.file, message };
  if (written) problem.option = written;
  let key = written;
  while (key) {
    const offset = found.keys.get(key);
    if (offset !== undefined) return { ...problem, ...lineColumnAt(found.text, offset) };
    const dot = key.lastIndexOf('.');
    key = dot < 0 ? '' : key.slice(0, dot);
  }
  return { ...problem, line: 1, column: 1 };
}

type ReadResult = { kind: 'text'; text: string } | { kind: 'missing' } | { kind: 'error'; message: string };

function readText(file: string): ReadResult {
  try {
    return { kind: 'text', text: fs.readFileSync(file, 'utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'missing' };
    if (code === 'EISDIR') return { kind: 'error', message: 'is a folder, expected a JSON file' };
    return { kind: 'error', message: `cannot be read: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
