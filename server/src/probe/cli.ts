// `nanscope probe <file...> [--line <n>] [--format text|json] [--budget <seconds>] [--backend auto|wasm|cpu] [--no-fixes] [--execute]`
// and `nanscope --probe` (probeFiles). Both resolve with an exit code: 0 when no probed site is
// broken, 1 when one ends in NaN / Infinity / divergence, 2 for usage or internal errors; both write
// their report to stdout. The CLI user runs it on their own code, so the workspace's
// @tensorflow/tfjs-node is used when it resolves (as ESLint loads the project's plugins);
// `--backend wasm|cpu` keeps to the bundled TF.js.
//
// JSON (`--format json`): an array with one object per probed site:
//   { filePath, line, verdict, reason, firstNonFinite: {epoch, batch, value, op, line} | null,
//     backend, tfjsVersion, epochs, loss: number[] (NaN / ±Infinity as strings),
//     fixes: [{ruleId, title, verdict, verified}], siteId, data, notes, durationMs }

import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildProbePlan } from './plan';
import { FAILING_VERDICTS, nonFiniteName, type ProbeReport } from './protocol';
import { ProbeRunner } from './runner';
import { fmt } from './verdict';
import type { AnalysisResult } from '../analysis/types';

export interface ProbeCliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readFile(file: string): string;
  cwd: string;
  /** The analyzer (tests inject one); default: the project's. */
  analyze?(input: { fileName: string; text: string }): AnalysisResult & { sourceFile?: unknown };
}

interface ProbeCliOptions {
  files: string[];
  line?: number;
  format: 'text' | 'json' | 'sarif';
  budgetSeconds: number;
  backend: 'auto' | 'wasm' | 'cpu';
  fixes: boolean;
  execute: boolean;
}

const HELP = `Usage: nanscope probe <file...> [options]

Trains every training site in the file(s) for a few seconds in a separate process and reports
whether the loss stays finite, where the first NaN / Infinity comes from, and which fixes work.

Options:
  --line <n>            probe only the training site at line n
  --format text|json    output format (default text)
  --budget <seconds>    training time per site (default 5)
  --backend auto|wasm|cpu
                        auto: the project's @tensorflow/tfjs-node when it resolves, else WASM,
                        else CPU (default auto)
  --no-fixes            do not verify the fixes of the findings
  --execute             run the file as written (with model.fit instrumented) instead of
                        rebuilding the model: confirms on your real data, and runs your code
  -h, --help            show this help

Exit codes: 0 nothing broken, 1 a site ends in NaN / Infinity / divergence, 2 usage or internal error.
`;

function defaultIo(): ProbeCliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readFile: (file) => fs.readFileSync(file, 'utf8'),
    cwd: process.cwd(),
  };
}

export async function main(argv: string[], io: ProbeCliIo = defaultIo()): Promise<number> {
  let options: ProbeCliOptions;
  try {
    const parsed = parseArgs(argv);
    if (parsed === 'help') {
      io.stdout(HELP);
      return 0;
    }
    options = parsed;
  } catch (error) {
    io.stderr(`nanscope probe: ${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  return run(options, io);
}

/** `nanscope --probe`: probes every training site of the linted files; writes its own document. */
export async function probeFiles(files: string[], format: string, io: ProbeCliIo = defaultIo()): Promise<number> {
  const outFormat = format === 'json' || format === 'sarif' ? format : 'text';
  return run({ files, format: outFormat, budgetSeconds: 5, backend: 'auto', fixes: true, execute: false }, io, true);
}

function parseArgs(argv: string[]): ProbeCliOptions | 'help' {
  const options: ProbeCliOptions = { files: [], format: 'text', budgetSeconds: 5, backend: 'auto', fixes: true, execute: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '-h':
      case '--help':
        return 'help';
      case '--line': {
        const n = Number(value());
        if (!Number.isInteger(n) || n < 1) throw new Error('--line needs a positive line number');
        options.line = n;
        break;
      }
      case '--format': {
        const f = value();
        if (f !== 'text' && f !== 'json') throw new Error(`unknown format '${f}' (text or json)`);
        options.format = f;
        break;
      }
      case '--budget': {
        const s = Number(value());
        if (!(s > 0 && s <= 600)) throw new Error('--budget needs a number of seconds between 0 and 600');
        options.budgetSeconds = s;
        break;
      }
      case '--backend': {
        const b = value();
        if (b !== 'auto' && b !== 'wasm' && b !== 'cpu') throw new Error(`unknown backend '${b}' (auto, wasm or cpu)`);
        options.backend = b;
        break;
      }
      case '--no-fixes':
        options.fixes = false;
        break;
      case '--execute':
        options.execute = true;
        break;
      default:
        if (flag.startsWith('-')) throw new Error(`unknown option ${flag}`);
        options.files.push(arg);
    }
  }
  if (options.files.length === 0) throw new Error('no file given');
  if (options.line !== undefined && options.files.length > 1) throw new Error('--line applies to a single file');
  return options;
}

interface Probed {
  filePath: string;
  report: ProbeReport;
}

async function run(options: ProbeCliOptions, io: ProbeCliIo, quietWhenEmpty = false): Promise<number> {
  const analyze = io.analyze ?? loadAnalyze();
  const runner = new ProbeRunner({ maxWorkers: 2, keepWarm: true });
  const probed: Probed[] = [];
  let exit = 0;
  try {
    const pending: Promise<void>[] = [];
    for (const file of options.files) {
      const filePath = path.resolve(io.cwd, file);
      let text: string;
      try {
        text = io.readFile(filePath);
      } catch (error) {
        io.stderr(`nanscope probe: cannot read ${file}: ${(error as Error).message}\n`);
        exit = 2;
        continue;
      }
      const result = analyze({ fileName: filePath, text });
      if (result.skipped) {
        if (!quietWhenEmpty) io.stderr(`nanscope probe: ${file}: ${result.skipped}\n`);
        continue;
      }
      let sites = result.sites;
      if (options.line !== undefined) {
        const line = options.line - 1;
        sites = sites.filter((s) => s.range.start.line <= line && line <= s.range.end.line);
        if (sites.length === 0) {
          io.stderr(`nanscope probe: no training site at ${file}:${options.line}\n`);
          exit = 2;
          continue;
        }
      }
      for (const site of sites) {
        const plan = buildProbePlan(result, site.id, {
          text,
          sourceFile: (result as { sourceFile?: import('typescript').SourceFile }).sourceFile,
          budgetMs: options.budgetSeconds * 1000,
          backend: options.backend,
          allowWorkspaceBackend: options.backend === 'auto',
          fixes: options.fixes,
          // The CLI user runs it on their own code: --execute is the opt-in, the terminal the trust.
          mode: options.execute ? 'execute' : 'reconstruct',
          trusted: true,
        });
        const entry: Probed = { filePath, report: undefined as unknown as ProbeReport };
        probed.push(entry);
        pending.push(runner.run(plan).then((report) => void (entry.report = report)));
      }
    }
    await Promise.all(pending);
  } finally {
    await runner.dispose();
  }
  probed.sort((a, b) => a.filePath.localeCompare(b.filePath) || a.report.siteLine - b.report.siteLine);
  if (probed.some((p) => FAILING_VERDICTS.includes(p.report.verdict))) exit = Math.max(exit, 1);
  if (probed.length === 0 && !quietWhenEmpty && options.format === 'text') io.stderr('nanscope probe: no training sites found\n');
  if (options.format === 'json') io.stdout(`${JSON.stringify(probed.map(toJson), nonFinite, 2)}\n`);
  else if (options.format === 'sarif') io.stdout(`${JSON.stringify(toSarif(probed, io.cwd), nonFinite, 2)}\n`);
  else if (probed.length > 0 || !quietWhenEmpty) io.stdout(formatText(probed, io.cwd));
  return exit;
}

function loadAnalyze(): NonNullable<ProbeCliIo['analyze']> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const module = require('../analysis/analyze') as { analyze: NonNullable<ProbeCliIo['analyze']> };
  return (input) => module.analyze(input);
}

export function toJson({ filePath, report }: Probed): Record<string, unknown> {
  const e = report.firstNonFinite;
  return {
    filePath,
    line: report.siteLine,
    verdict: report.verdict,
    reason: report.reason,
    firstNonFinite: e ? { epoch: e.epoch, batch: e.batch, value: e.value, op: e.op, line: e.line } : null,
    backend: report.backend?.name ?? null,
    tfjsVersion: report.backend?.version ?? null,
    epochs: report.epochsRun,
    loss: report.loss,
    fixes: report.fixes.map((f) => ({ ruleId: f.ruleId, title: f.title, verdict: f.verdict, verified: f.verified })),
    siteId: report.siteId,
    data: report.data,
    notes: report.notes,
    failure: report.failure,
    durationMs: Math.round(report.timings.totalMs - report.timings.queuedMs),
  };
}

/** JSON has no NaN or Infinity: they become the strings "NaN", "Infinity", "-Infinity". */
function nonFinite(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? nonFiniteName(value) : value;
}

const SYMBOL: Record<string, string> = { nan: 'NaN', inf: 'Infinity', diverging: 'diverging', saturated: 'saturated', 'not-learning': 'not learning', stable: 'stable', inconclusive: 'inconclusive' };

export function formatText(probed: Probed[], cwd: string): string {
  let out = '';
  let current = '';
  for (const { filePath, report } of probed) {
    if (filePath !== current) {
      current = filePath;
      out += `${out ? '\n' : ''}${path.relative(cwd, filePath) || filePath}\n`;
    }
    out += `  ${report.siteLine}  probe  ${SYMBOL[report.verdict] ?? report.verdict}: ${report.reason}\n`;
    if (report.loss.length > 0) {
      const shown = report.loss.length <= 8 ? report.loss : [...report.loss.slice(0, 3), NaN, ...report.loss.slice(-3)];
      const series = shown.map((v, i) => (report.loss.length > 8 && i === 3 ? '…' : fmt(v))).join(' → ');
      out += `      loss per ${report.stepUnit}: ${series} (${report.epochsRun} of ${report.epochsPlanned})\n`;
    }
    const data = [report.data.x, report.data.y]
      .map((d, i) => (d ? `${i === 0 ? 'x' : 'y'} ${d.kind} [${d.shape.join(', ')}] in [${fmt(d.min)}, ${fmt(d.max)}]` : null))
      .filter((s): s is string => s !== null);
    if (data.length > 0) out += `      data: ${data.join('; ')}\n`;
    if (report.backend) out += `      backend: ${report.backend.name} (${report.backend.source === 'workspace' ? report.backend.packageName : '@tensorflow/tfjs'} ${report.backend.version}), ${Math.round(report.timings.totalMs - report.timings.queuedMs)} ms\n`;
    for (const fix of report.fixes) {
      out += `      ${fix.verified ? 'fix verified' : 'fix not verified'}  ${fix.ruleId}: ${fix.title} → ${SYMBOL[fix.verdict] ?? fix.verdict}${fix.finalLoss !== null ? `, final loss ${fmt(fix.finalLoss)}` : ''}${fix.verified ? (fix.verdict === 'not-learning' ? ' (finite throughout: the failure is gone, though the loss did not improve within the budget)' : '') : ` (${fix.reason})`}\n`;
    }
    for (const note of report.notes) out += `      note: ${note}\n`;
  }
  const broken = probed.filter((p) => FAILING_VERDICTS.includes(p.report.verdict)).length;
  if (probed.length > 0) out += `\n${probed.length} training site${probed.length === 1 ? '' : 's'} probed, ${broken} broken\n`;
  return out;
}

function toSarif(probed: Probed[], cwd: string): unknown {
  return {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [
      {
        tool: { driver: { name: 'nanscope-probe', informationUri: 'https://github.com/nanscope/nanscope', rules: [] } },
        results: probed
          .filter((p) => p.report.verdict !== 'stable')
          .map(({ filePath, report }) => ({
            ruleId: `probe/${report.verdict}`,
            level: FAILING_VERDICTS.includes(report.verdict) ? 'error' : report.verdict === 'inconclusive' ? 'note' : 'warning',
            message: { text: `stability probe: ${report.verdict}: ${report.reason}` },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: path.relative(cwd, filePath).split(path.sep).join('/') },
                  region: { startLine: Math.max(1, report.siteLine) },
                },
              },
            ],
          })),
      },
    ],
  };
}
