// The command line's grammar. Parsing returns data or a usage error; it never prints or exits.

export const FORMATS = ['text', 'json', 'sarif'] as const;
export type OutputFormat = (typeof FORMATS)[number];

export interface CliOptions {
  patterns: string[];
  format: OutputFormat;
  fix: boolean;
  /** `--rule`: run only these. */
  rules: string[];
  /** `--disable`: do not run these. */
  disable: string[];
  /** `--max-warnings`: warnings tolerated before the exit code is 1; undefined: none tolerated. */
  maxWarnings?: number;
  /** `--max-file-size`: bytes above which a file is skipped, over the configuration's maxFileSize. */
  maxFileSize?: number;
  quiet: boolean;
  probe: boolean;
  help: boolean;
  version: boolean;
}

export type ParsedArgs = { ok: true; options: CliOptions } | { ok: false; error: string };

const FLAGS = ['--fix', '--quiet', '--probe', '--help', '--version', '-h', '-v'] as const;
const VALUED = ['--format', '-f', '--rule', '--disable', '--max-warnings', '--max-file-size'] as const;

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const options: CliOptions = { patterns: [], format: 'text', fix: false, rules: [], disable: [], quiet: false, probe: false, help: false, version: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      options.patterns.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      options.patterns.push(arg);
      continue;
    }
    // `--format=json` and `--format json` are the same.
    const eq = arg.indexOf('=');
    const name = eq > 0 && arg.startsWith('--') ? arg.slice(0, eq) : arg;
    let inlineValue = eq > 0 && arg.startsWith('--') ? arg.slice(eq + 1) : undefined;

    if ((FLAGS as readonly string[]).includes(name)) {
      if (inlineValue !== undefined) return usage(`${name} takes no value`);
      if (name === '--fix') options.fix = true;
      else if (name === '--quiet') options.quiet = true;
      else if (name === '--probe') options.probe = true;
      else if (name === '--help' || name === '-h') options.help = true;
      else options.version = true;
      continue;
    }
    if (!(VALUED as readonly string[]).includes(name)) {
      const known = [...FLAGS, ...VALUED].filter((f) => f.startsWith('--'));
      const guess = closest(name, known);
      return usage(`unknown option ${name}${guess ? ` (did you mean ${guess}?)` : ''}`);
    }
    if (inlineValue === undefined) {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('-') && !/^-\d/.test(next))) return usage(`${name} needs a value`);
      inlineValue = next;
      i++;
    }
    const value = inlineValue;
    switch (name) {
      case '--format':
      case '-f':
        if (!(FORMATS as readonly string[]).includes(value)) return usage(`unknown format "${value}" (expected ${FORMATS.join(', ')})`);
        options.format = value as OutputFormat;
        break;
      case '--rule':
      case '--disable': {
        // Repeatable, and comma-separated lists are accepted too.
        const ids = value.split(',').map((s) => s.trim()).filter(Boolean);
        if (ids.length === 0) return usage(`${name} needs a rule id`);
        (name === '--rule' ? options.rules : options.disable).push(...ids);
        break;
      }
      case '--max-warnings': {
        if (!/^\d+$/.test(value)) return usage(`--max-warnings needs a whole number of 0 or more, not "${value}"`);
        options.maxWarnings = Number(value);
        break;
      }
      case '--max-file-size': {
        if (!/^\d+$/.test(value) || Number(value) === 0) return usage(`--max-file-size needs a whole number of bytes above 0, not "${value}"`);
        options.maxFileSize = Number(value);
        break;
      }
    }
  }
  return { ok: true, options };
}

/** Checks rule ids against the registry, suggesting the nearest one for a typo. */
export function checkRuleIds(options: CliOptions, knownRules: readonly string[]): string | undefined {
  for (const [flag, ids] of [['--rule', options.rules], ['--disable', options.disable]] as const) {
    for (const id of ids) {
      if (knownRules.includes(id)) continue;
      const guess = closest(id, knownRules);
      const hint = guess ? ` (did you mean ${guess}?)` : knownRules.length ? ` (known rules: ${knownRules.join(', ')})` : ' (no rules are registered in this build)';
      return `${flag}: unknown rule "${id}"${hint}`;
    }
  }
  const both = options.rules.find((id) => options.disable.includes(id));
  if (both) return `"${both}" is given to both --rule and --disable`;
  return undefined;
}

function usage(error: string): ParsedArgs {
  return { ok: false, error };
}

/** The candidate within a small edit distance of `word`, for "did you mean" hints. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const candidate of candidates) {
    const d = editDistance(word, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] as number;
}
