// Linting a list of files: each with the configuration that governs it, the rule selection of
// the command line, and under `--fix` the fix loop. Returns data; printing is the caller's job.

import type { NanscopeConfig } from '../analysis';
// AnalyzeOutput (the result plus its parse tree, for incremental re-analysis) is not re-exported
// by the analyzer's index.
import { skippedResult, tooLargeReason, type AnalyzeInput, type AnalyzeOutput } from '../analysis/analyze';
import { fixAll } from '../analysis';
import { ModuleGraph } from '../analysis/modules';
import { loadConfigFor, type ConfigFileProblem } from '../config/load';
import { resolveRelative } from '../host/module-host';
import type { LintedFile } from './formatters/common';

/** After this many rounds `--fix` stops even if fixes keep coming: a rule whose fix re-triggers itself must not hang CI. */
export const MAX_FIX_ROUNDS = 10;

export interface LintOptions {
  /** Run only these rules (`--rule`). */
  only?: readonly string[];
  /** Switch these rules off (`--disable`). */
  disable: readonly string[];
  fix: boolean;
  /** Errors only: warnings and information are neither reported nor fixed. */
  quiet: boolean;
  knownRules: readonly string[];
  /** `--max-file-size`: replaces every configuration's maxFileSize. */
  maxFileSize?: number;
  analyze(input: AnalyzeInput): AnalyzeOutput;
  readFile(file: string): string;
  writeFile(file: string, text: string): void;
  /**
   * The file's size in bytes, if it can be had without reading the file: a file over maxFileSize
   * is then skipped unread, so a 600 MB file named `.js` costs a stat, not 600 MB of memory.
   */
  fileSize?(file: string): number | undefined;
  /** Whether the file's bytes are valid UTF-8 (asked before `--fix` writes a file that shows U+FFFD). */
  isUtf8?(file: string): boolean;
}

export interface LintRun {
  files: LintedFile[];
  /** User-facing descriptions of internal failures (unreadable files, failing rules, bad fixes). */
  internalErrors: string[];
  /** Things the user should know that are not failures (a file `--fix` left alone, and why). */
  notices: string[];
}

/** Reads every file's configuration first: a broken configuration stops the run before any output. */
export function collectConfigProblems(files: readonly string[], knownRules: readonly string[]): ConfigFileProblem[] {
  const problems = new Map<string, ConfigFileProblem>();
  for (const file of files) {
    for (const problem of loadConfigFor(file, { knownRules }).problems) {
      // Many files share a configuration: report each problem once.
      problems.set(`${problem.file}:${problem.line ?? ''}:${problem.column ?? ''}:${problem.option ?? ''}:${problem.message}`, problem);
    }
  }
  return [...problems.values()];
}

export function lintFiles(files: readonly string[], options: LintOptions): LintRun {
  const run: LintRun = { files: [], internalErrors: [], notices: [] };
  // One module graph for the run: every module is parsed once, however many files import it.
  const modules = new ModuleGraph(
    {
      resolve: resolveRelative,
      read: (file) => {
        try {
          // The graph does not follow modules over its size limit: do not read them either.
          if ((options.fileSize?.(file) ?? 0) > modules.maxFileSize) return undefined;
          return stripBom(options.readFile(file));
        } catch {
          return undefined;
        }
      },
    },
    options.maxFileSize ? { maxFileSize: options.maxFileSize } : {},
  );
  for (const filePath of files) {
    const config = configFor(filePath, options);
    const size = options.fileSize?.(filePath);
    if (size !== undefined && size > config.maxFileSize) {
      run.files.push({ filePath, source: '', result: skippedResult(filePath, tooLargeReason(size, config.maxFileSize)), fixed: false });
      continue;
    }
    let onDisk: string;
    try {
      onDisk = options.readFile(filePath);
    } catch (error) {
      run.internalErrors.push(`${filePath}: cannot be read: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    // Positions are reported without the byte order mark, as editors show the file (and ESLint
    // reports it); `--fix` writes it back.
    const original = stripBom(onDisk);
    const bom = onDisk.slice(0, onDisk.length - original.length);
    const analyzeText = (text: string, previous?: AnalyzeOutput): AnalyzeOutput => {
      const input: AnalyzeInput = { fileName: filePath, text, config, modules };
      if (options.only) input.only = options.only;
      if (previous?.sourceFile) input.previous = previous.sourceFile;
      const output = options.analyze(input);
      return options.quiet ? { ...output, findings: output.findings.filter((f) => f.severity === 'error') } : output;
    };

    let text = original;
    let output = analyzeText(text);
    if (options.fix) {
      for (let round = 0; round < MAX_FIX_ROUNDS; round++) {
        const { text: next, applied } = fixAll(text, output.findings);
        if (applied === 0 || next === text) break;
        const nextOutput = analyzeText(next, output);
        if (nextOutput.syntaxErrors.length > output.syntaxErrors.length) {
          // A fix must leave the file parsing. Keep the rounds that did, drop this one, and say
          // which rules were involved so the broken fix can be found.
          const rulesInvolved = [...new Set(output.findings.filter((f) => f.fixes.some((x) => x.safety === 'safe')).map((f) => f.ruleId))];
          run.internalErrors.push(
            `${filePath}: a fix from ${rulesInvolved.join(', ') || 'a rule'} would introduce a syntax error (${nextOutput.syntaxErrors[0]?.message ?? ''}); that fix was not applied`,
          );
          break;
        }
        text = next;
        output = nextOutput;
      }
    }

    // Writing would encode every U+FFFD, so the file's invalid bytes (a Latin-1 é) would be lost
    // everywhere, not only where the fixes are: such a file is reported, not fixed.
    if (text !== original && original.includes('\uFFFD') && options.isUtf8?.(filePath) === false) {
      run.notices.push(`${filePath}: not fixed: the file is not valid UTF-8, and writing it would replace its invalid bytes; convert it to UTF-8 first`);
      text = original;
      output = analyzeText(original);
    }
    const sameEndings = keepLineEndings(original, text);
    if (sameEndings !== text) {
      text = sameEndings;
      output = analyzeText(text, output);
    }

    let fixed = false;
    if (text !== original) {
      try {
        options.writeFile(filePath, bom + text);
        modules.invalidate(filePath);
        fixed = true;
      } catch (error) {
        run.internalErrors.push(`${filePath}: fixes could not be written: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    for (const internal of output.internalErrors) {
      run.internalErrors.push(`${filePath}: internal error in ${internal.where}: ${internal.message}`);
    }
    // When the fixes could not be written, report on the file as it is on disk.
    const reported = text !== original && !fixed ? analyzeText(original) : output;
    // The parse tree is for incremental re-analysis only; it must not travel into the report.
    const { sourceFile: _sourceFile, ...result } = reported;
    run.files.push({ filePath, source: fixed ? text : original, result, fixed });
  }
  return run;
}

function configFor(filePath: string, options: LintOptions): NanscopeConfig {
  const { config } = loadConfigFor(filePath, { knownRules: options.knownRules });
  if (options.maxFileSize !== undefined) config.maxFileSize = options.maxFileSize;
  for (const id of options.disable) config.rules[id] = 'off';
  // Naming a rule with --rule runs it even where a configuration switched it off: the command
  // line is the more specific request.
  for (const id of options.only ?? []) if (config.rules[id] === 'off') delete config.rules[id];
  return config;
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Fixes insert lines with `\n` (an import, a helper). In a file written with `\r\n` only, they get
 * the file's line ending too, so a fix does not leave mixed line endings. A file that already
 * mixes them is left as the fixes made it.
 */
function keepLineEndings(original: string, fixed: string): string {
  if (!original.includes('\r\n') || /(^|[^\r])\n/.test(original)) return fixed;
  return fixed.replace(/\r?\n/g, '\r\n');
}
