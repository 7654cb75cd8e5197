// The `nanscope` command: lint files for NaN / Infinity risks in TF.js training code, and the
// dispatcher to the language server (`--stdio`) and the stability probe (`probe`, `--probe`).
//
// Exit codes: 0 no warnings or errors, 1 warnings or errors (information never counts), 2 a usage,
// configuration or internal error. `run` sets process.exitCode and never throws; `runCli` is the
// same command as a function of its environment, which is how the tests drive it in process.

import { isUtf8 } from 'node:buffer';
import * as fs from 'node:fs';
import { analyze, rules as registry } from '../analysis';
import type { AnalyzeInput, AnalyzeOutput } from '../analysis/analyze';
import type { Rule } from '../rules/rule';
import { clearConfigCache, formatConfigProblem } from '../config/load';
import { checkRuleIds, parseArgs, type CliOptions, type OutputFormat } from './args';
import { findFiles, LINTABLE_EXTENSIONS, SKIPPED_FOLDERS } from './files';
import { collectConfigProblems, lintFiles, MAX_FIX_ROUNDS } from './lint';
import { countFiles, type FormatContext, type Formatter } from './formatters/common';
import { formatJson } from './formatters/json';
import { formatSarif } from './formatters/sarif';
import { formatText } from './formatters/text';
import { version } from '../version';

/**
 * The contract of `server/src/probe/cli.ts`, which is built separately and may be absent from a
 * build. Both functions resolve with an exit code (0 stable, 1 the probe saw NaN / Infinity /
 * divergence, 2 error) and write their own report to stdout.
 */
export interface ProbeCliModule {
  /** `nanscope probe <args>`: receives the arguments after `probe`. */
  main(argv: string[]): Promise<number>;
  /**
   * `nanscope --probe`: called after linting with every linted file (absolute paths) and the
   * `--format` in effect. The lint report has already been written to stdout, so in json and sarif
   * formats the probe's report follows it as a second document; a probe that wants one merged
   * document should say so and this contract changes.
   */
  probeFiles?(files: string[], format: OutputFormat): Promise<number>;
}

/** The contract of `server/src/lsp/stdio.ts`: starts the language server on stdin/stdout. */
export interface StdioServerModule {
  main(): void | Promise<void>;
}

export type OptionalModule = 'lsp/stdio' | 'probe/cli';

/** Everything the command touches outside itself, so tests can run it in process. */
export interface CliEnvironment {
  cwd: string;
  stdout(text: string): void;
  stderr(text: string): void;
  /** ANSI colors in text output. */
  color: boolean;
  analyze(input: AnalyzeInput): AnalyzeOutput;
  rules: readonly Rule[];
  readFile(file: string): string;
  writeFile(file: string, text: string): void;
  /** The file's size in bytes, or undefined when it cannot be had (the file is then read). */
  fileSize(file: string): number | undefined;
  /** Whether the file's bytes are valid UTF-8 (undefined: unknown). */
  isUtf8(file: string): boolean | undefined;
  /** The module's exports, or undefined when this build does not include it. */
  loadModule(name: OptionalModule): unknown;
}

/** The command as `bin/nanscope.js` runs it. Never throws; sets process.exitCode. */
export function run(argv: readonly string[]): void {
  if (!argv.includes('--stdio')) {
    // `nanscope | head` closes the pipe early; that is not a crash worth a stack trace.
    process.stdout.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') process.stderr.write(`nanscope: cannot write the report: ${error.message}\n`);
    });
  }
  runCli(argv).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      // runCli catches everything; this is the last line of defence.
      process.stderr.write(`nanscope: internal error: ${describeError(error)}\n`);
      process.exitCode = 2;
    },
  );
}

export async function runCli(argv: readonly string[], overrides: Partial<CliEnvironment> = {}): Promise<number> {
  const env: CliEnvironment = { ...defaultEnvironment(), ...overrides };
  try {
    return await dispatch(argv, env);
  } catch (error) {
    env.stderr(`nanscope: internal error: ${describeError(error)}\nPlease report this at https://github.com/nanscope/nanscope/issues\n`);
    return 2;
  }
}

export function defaultEnvironment(): CliEnvironment {
  return {
    cwd: process.cwd(),
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    color: process.stdout.isTTY === true && !process.env['NO_COLOR'],
    analyze,
    rules: registry,
    readFile: (file) => fs.readFileSync(file, 'utf8'),
    writeFile: (file, text) => fs.writeFileSync(file, text, 'utf8'),
    fileSize: (file) => {
      try {
        return fs.statSync(file).size;
      } catch {
        return undefined;
      }
    },
    isUtf8: (file) => {
      try {
        return isUtf8(fs.readFileSync(file));
      } catch {
        return undefined;
      }
    },
    loadModule: loadOptionalModule,
  };
}

async function dispatch(argv: readonly string[], env: CliEnvironment): Promise<number> {
  // Editors start the server as `nanscope --stdio`, possibly with more flags of their own
  // (`--clientProcessId=123`), so --stdio anywhere wins and the rest is the server's business.
  if (argv.includes('--stdio')) return startLanguageServer(env);
  if (argv[0] === 'probe') return runProbeCommand(argv.slice(1), env);

  const parsed = parseArgs(argv);
  if (!parsed.ok) return usageError(env, parsed.error);
  const options = parsed.options;
  if (options.help) {
    env.stdout(helpText(env.rules));
    return 0;
  }
  if (options.version) {
    env.stdout(`${version()}\n`);
    return 0;
  }
  const knownRules = env.rules.map((r) => r.meta.id);
  const ruleError = checkRuleIds(options, knownRules);
  if (ruleError) return usageError(env, ruleError);

  // Fail before linting when the probe is missing: a run that cannot do what was asked should
  // say so at once, not after minutes of output.
  let probe: ProbeCliModule | undefined;
  if (options.probe) {
    probe = probeModule(env);
    if (!probe?.probeFiles) {
      env.stderr('nanscope: the probe is not available in this build (--probe needs server/src/probe/cli with probeFiles)\n');
      return 2;
    }
  }

  return lint(options, knownRules, env, probe);
}

async function lint(options: CliOptions, knownRules: readonly string[], env: CliEnvironment, probe: ProbeCliModule | undefined): Promise<number> {
  // One run sees one state of the disk, even when a process runs the command more than once.
  clearConfigCache();
  const search = findFiles(options.patterns, env.cwd);
  if (search.unmatched.length) {
    const lines = search.unmatched.map((u) => `No files matching "${u.pattern}": ${u.reason}.`);
    return usageError(env, `${lines.join('\n')}\nFolders are searched for ${LINTABLE_EXTENSIONS.join(' ')} files, skipping ${SKIPPED_FOLDERS.join(', ')} and what .gitignore ignores.`);
  }

  const configProblems = collectConfigProblems(search.files, knownRules);
  if (configProblems.length) {
    env.stderr(`nanscope: invalid configuration:\n${configProblems.map((p) => `  ${formatConfigProblem(p, env.cwd)}`).join('\n')}\n`);
    return 2;
  }

  const lintOptions = {
    disable: options.disable,
    fix: options.fix,
    quiet: options.quiet,
    knownRules,
    analyze: env.analyze,
    readFile: env.readFile,
    writeFile: env.writeFile,
    fileSize: env.fileSize,
    isUtf8: (file: string) => env.isUtf8(file) ?? true,
    ...(options.maxFileSize !== undefined ? { maxFileSize: options.maxFileSize } : {}),
    ...(options.rules.length ? { only: options.rules } : {}),
  };
  const result = lintFiles(search.files, lintOptions);

  const context: FormatContext = { cwd: env.cwd, color: options.format === 'text' && env.color, rules: env.rules, version: version() };
  const formatters: Record<OutputFormat, Formatter> = { text: formatText, json: formatJson, sarif: formatSarif };
  env.stdout(formatters[options.format](result.files, context));

  if (result.notices.length) env.stderr(`${result.notices.map((n) => `nanscope: ${n}`).join('\n')}\n`);

  const counts = countFiles(result.files);
  let code = counts.errorCount > 0 ? 1 : 0;
  if (options.maxWarnings === undefined) {
    if (counts.warningCount > 0) code = 1;
  } else if (counts.warningCount > options.maxWarnings) {
    env.stderr(`nanscope found too many warnings (${counts.warningCount}; maximum: ${options.maxWarnings}).\n`);
    code = 1;
  }
  // A folder that could not be read leaves the run incomplete: as serious as a failing rule.
  const internalErrors = [...search.errors, ...result.internalErrors];
  if (internalErrors.length) {
    const report = result.internalErrors.length ? 'Please report internal errors at https://github.com/nanscope/nanscope/issues\n' : '';
    env.stderr(`${internalErrors.map((e) => `nanscope: ${e}`).join('\n')}\n${report}`);
    code = 2;
  }

  if (probe?.probeFiles) {
    const probeCode = await probe.probeFiles(result.files.map((f) => f.filePath), options.format);
    code = Math.max(code, exitCode(probeCode));
  }
  return code;
}

async function startLanguageServer(env: CliEnvironment): Promise<number> {
  const loaded = env.loadModule('lsp/stdio');
  if (!hasFunction<StdioServerModule>(loaded, 'main')) {
    // Never stdout here: the client reads it as the protocol.
    env.stderr('nanscope: the language server is not available in this build (server/src/lsp/stdio is missing)\n');
    return 2;
  }
  await loaded.main();
  return 0;
}

async function runProbeCommand(argv: string[], env: CliEnvironment): Promise<number> {
  const probe = probeModule(env);
  if (!probe) {
    env.stderr('nanscope: the probe is not available in this build\n');
    return 2;
  }
  return exitCode(await probe.main(argv));
}

function probeModule(env: CliEnvironment): ProbeCliModule | undefined {
  const loaded = env.loadModule('probe/cli');
  return hasFunction<ProbeCliModule>(loaded, 'main') ? loaded : undefined;
}

function hasFunction<T>(value: unknown, name: string): value is T {
  return typeof value === 'object' && value !== null && typeof (value as Record<string, unknown>)[name] === 'function';
}

function exitCode(value: unknown): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 2 ? value : 2;
}

/**
 * Loads a module that another part of the build provides, or undefined when it is absent. The
 * requires are literal so a bundler can follow them, and inside try so a build without them still
 * works. Only "this module is missing" means absent: a module that fails while loading, or that
 * misses a dependency of its own, is a real error and propagates.
 */
function loadOptionalModule(name: OptionalModule): unknown {
  const specifier = name === 'lsp/stdio' ? '../lsp/stdio' : '../probe/cli';
  try {
    // `require` returns `any`; the value is typed `unknown` at once and checked by the caller.
    const loaded: unknown = name === 'lsp/stdio' ? require('../lsp/stdio') : require('../probe/cli');
    return loaded;
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    const firstLine = e.message?.split('\n')[0] ?? '';
    if (e.code === 'MODULE_NOT_FOUND' && firstLine.includes(`'${specifier}'`)) return undefined;
    throw error;
  }
}

function usageError(env: CliEnvironment, message: string): number {
  env.stderr(`nanscope: ${message}\nRun "nanscope --help" for usage.\n`);
  return 2;
}

function helpText(rules: readonly Rule[]): string {
  const ruleLines = rules.length
    ? rules.map((r) => `  ${r.meta.id.padEnd(40)} ${r.meta.docs.summary}`).join('\n')
    : '  (no rules are registered in this build)';
  return `nanscope ${version()}: finds the causes of NaN / Infinity loss in TensorFlow.js training code.

Usage:
  nanscope [options] [paths or globs...]    lint (default path: .)
  nanscope probe [args...]                   run the stability probe (see: nanscope probe --help)
  nanscope --stdio                           start the language server on stdin/stdout

Paths:
  Files named explicitly are always linted. Folders and quoted globs ("src/**/*.ts") take
  ${LINTABLE_EXTENSIONS.join(' ')} files, skipping ${SKIPPED_FOLDERS.join(', ')}
  and what .gitignore files ignore.

Options:
  -f, --format <name>     text (default), json (ESLint's JSON shape) or sarif (SARIF 2.1.0)
      --fix               apply safe fixes and write the files they change (up to ${MAX_FIX_ROUNDS} rounds)
      --rule <id>         run only this rule (repeatable, or comma-separated)
      --disable <id>      do not run this rule (repeatable, or comma-separated)
      --max-warnings <n>  tolerate up to n warnings (default: any warning exits 1)
      --max-file-size <bytes>
                          skip files larger than this (default: maxFileSize of the
                          configuration, else 2097152 = 2 MiB)
      --quiet             report (and fix) errors only
      --probe             after linting, probe every training site in a short real training run
  -h, --help              show this help
  -v, --version           print the version

Configuration:
  .nanscoperc.json or the "nanscope" key of package.json, the nearest one above each file:
  { "rules": { "<rule id>": "off" | "info" | "warning" | "error" }, "thresholds": { ... },
    "maxFileSize": <bytes> }
  A file over maxFileSize, or binary, is not analyzed: it gets one "File not analyzed" note that
  says why (information: it does not fail the run).

Exit codes:
  0  no warnings or errors (information findings never fail a run)
  1  warnings or errors
  2  a usage, configuration or internal error

Rules:
${ruleLines}
`;
}

function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
