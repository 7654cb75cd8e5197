// Fixture headers: the comment lines at the top of a fixture that say what training really does
// and what nanscope must report.
//
//   // truth: inf at epoch 3, nan at epoch 7 (10 epochs)
//   // expect: unscaled-input|high-learning-rate, raw-log     (or: clean)
//   // forbid: missing-gradient-clipping
//
// `expect` is a comma-separated list of groups; every group must be reported, and `a|b` means
// either rule satisfies the group. `clean` means no warning or error (information is allowed).
// `forbid` lists rules that must not be reported at all.

import * as fs from 'node:fs';
import * as path from 'node:path';

/** The rule catalogue of DESIGN.md. A header naming anything else is a typo. */
export const CATALOGUE_RULES: readonly string[] = [
  'raw-log',
  'high-learning-rate',
  'unscaled-input',
  'saturating-activation-unscaled-input',
  'missing-gradient-clipping',
  'unsafe-division',
  'unsafe-sqrt',
  'exp-overflow',
  'loss-activation-mismatch',
  'unscaled-targets',
  'missing-learning-rate',
  'zero-epsilon',
];

export type Expectation = { kind: 'clean' } | { kind: 'rules'; groups: string[][] };

export interface FixtureHeaders {
  truth?: string;
  expect?: Expectation;
  forbid: string[];
}

export class FixtureHeaderError extends Error {
  constructor(
    message: string,
    /** One-based line of the header. */
    readonly line: number,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'FixtureHeaderError';
  }
}

const RULE_ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const HEADER_LINE = /^\/\/\s*(truth|expect|forbid)\s*:(.*)$/;

/**
 * Reads the headers from the leading comment block of `text` (a shebang and blank lines may come
 * first; the block ends at the first line that is not a `//` comment). Throws
 * `FixtureHeaderError` for a malformed or repeated header.
 */
export function parseFixtureHeaders(text: string): FixtureHeaders {
  const headers: FixtureHeaders = { forbid: [] };
  const seen = new Set<string>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim();
    if (line === '' || (i === 0 && line.startsWith('#!'))) continue;
    if (!line.startsWith('//')) break;
    const match = HEADER_LINE.exec(line);
    if (!match) continue;
    const key = match[1] as 'truth' | 'expect' | 'forbid';
    const value = (match[2] ?? '').trim();
    const lineNumber = i + 1;
    if (seen.has(key)) throw new FixtureHeaderError(`"${key}:" appears twice`, lineNumber);
    seen.add(key);
    if (value === '') throw new FixtureHeaderError(`"${key}:" is empty`, lineNumber);
    switch (key) {
      case 'truth':
        headers.truth = value;
        break;
      case 'expect':
        headers.expect = parseExpect(value, lineNumber);
        break;
      case 'forbid':
        headers.forbid = splitList(value).map((id) => checkRuleId(id, lineNumber));
        break;
    }
  }
  return headers;
}

function parseExpect(value: string, line: number): Expectation {
  if (value === 'clean') return { kind: 'clean' };
  const groups = splitList(value).map((group) => {
    if (group === 'clean') throw new FixtureHeaderError('"clean" cannot be combined with rules', line);
    return group.split('|').map((alternative) => checkRuleId(alternative.trim(), line));
  });
  return { kind: 'rules', groups };
}

function splitList(value: string): string[] {
  return value.split(',').map((part) => part.trim());
}

function checkRuleId(id: string, line: number): string {
  if (!RULE_ID.test(id)) throw new FixtureHeaderError(`"${id}" is not a rule id`, line);
  return id;
}

/** Every rule id a header names, for checking them against the catalogue. */
export function mentionedRules(headers: FixtureHeaders): string[] {
  const groups = headers.expect?.kind === 'rules' ? headers.expect.groups.flat() : [];
  return [...new Set([...groups, ...headers.forbid])];
}

// ---------------------------------------------------------------------------------------------
// Where the fixtures are. Tests run from out/server/test/, so the repository root is found by
// walking up to nanscope's package.json rather than by a fixed number of `..`.

let cachedRoot: string | undefined;

export function repoRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = __dirname;
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      const name: unknown = (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: unknown }).name;
      if (name === 'nanscope') return (cachedRoot = dir);
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no nanscope package.json above ${__dirname}`);
    dir = parent;
  }
}

export function fixturesDir(...segments: string[]): string {
  return path.join(repoRoot(), 'test-fixtures', ...segments);
}

const SOURCE_EXTENSIONS = /\.(?:[cm]?[jt]s|[jt]sx)$/;

/** Source files (the analyzer's extensions) directly in `dir`, sorted by name. */
export function listSourceFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && SOURCE_EXTENSIONS.test(entry.name))
    .map((entry) => entry.name)
    .sort();
}
