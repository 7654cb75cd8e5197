#!/usr/bin/env node
// `npm run bench` (issue 6): analysis throughput against the parse floor and ESLint, editor latency
// over LSP, the stability probe (bench/probe.js), memory, and a CPU profile of the largest analysis
// when a target is missed. Writes bench/RESULTS.md and bench/results.json (and, through probe.js,
// bench/probe-results.*). Not part of `npm test`: it takes tens of minutes and its figures depend on
// the machine. Every figure is a median of --reps runs (default 5); every ratio is taken within a rep.
//
//   npm run build && node --expose-gc bench/run.js [--reps 5] [--only analysis,latency,memory,probe,profile]
//        [--sizes 1000,10000,100000] [--workspace 500] [--edits 200] [--edit-budget 30]
//
// --edit-budget caps the seconds of edits per latency run: 200 edits at the count unless a
// run has used that many seconds (at several seconds an edit, a 20,000-line run stops early; the
// number of edits actually measured is recorded).

'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { analysisBench } = require('./analysis');
const { latencyBench, memoryBench } = require('./lsp');
const { profileCli } = require('./profile');
const { loadAverage } = require('./stats');

const REPO = path.resolve(__dirname, '..');

const TARGETS = {
  analysisOverFloor: 1.3,
  eslintOverNanscope: 10,
  p95Ms: { 2000: 15, 20000: 50 },
  warmOverFloor: 1.2,
  coldOverFloorMs: 500,
  serverRssMb: 200,
};

function parseArgs(argv) {
  const args = { reps: 5, only: null, sizes: [1000, 10000, 100000], workspace: 500, edits: 200, editBudget: 30, latencySizes: [2000, 20000] };
  for (let i = 0; i < argv.length; i++) {
    const next = () => argv[++i];
    if (argv[i] === '--reps') args.reps = Math.max(1, Number(next()));
    else if (argv[i] === '--only') args.only = next().split(',');
    else if (argv[i] === '--sizes') args.sizes = next().split(',').map(Number);
    else if (argv[i] === '--workspace') args.workspace = Number(next());
    else if (argv[i] === '--edits') args.edits = Number(next());
    else if (argv[i] === '--edit-budget') args.editBudget = Number(next());
    else if (argv[i] === '--latency-sizes') args.latencySizes = next().split(',').map(Number);
  }
  return args;
}

const log = (message) => process.stderr.write(`${message}\n`);

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const want = (part) => !args.only || args.only.includes(part);
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'nanscope-bench-'));
  const version = (name) => JSON.parse(fs.readFileSync(require.resolve(`${name}/package.json`, { paths: [REPO] }), 'utf8')).version;
  const git = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO }).stdout?.toString().trim();
  const meta = {
    date: new Date().toISOString(),
    command: `node --expose-gc bench/run.js ${process.argv.slice(2).join(' ')}`.trim(),
    commit: git || null,
    node: process.version,
    typescript: version('typescript'),
    cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}`,
    memoryGb: Number((os.totalmem() / 2 ** 30).toFixed(1)),
    platform: `${os.platform()} ${os.release()}`,
    loadAverageStart: loadAverage(),
    reps: args.reps,
    gcExposed: typeof global.gc === 'function',
  };
  log(`bench: ${meta.cpus}, node ${meta.node}, TypeScript ${meta.typescript}, load ${meta.loadAverageStart}, corpora in ${base}`);
  const results = { meta, targets: TARGETS };
  try {
    if (want('analysis') || want('memory') || want('profile')) {
      const load = loadAverage();
      results.analysis = await analysisBench({ base, reps: want('analysis') ? args.reps : 0, sizes: { files: args.sizes, workspace: args.workspace }, log, skip: !want('analysis') });
      results.analysis.loadAverage = { start: load, end: loadAverage() };
    }
    if (want('latency')) {
      const load = loadAverage();
      results.latency = await latencyBench({ base: path.join(base, 'latency'), reps: args.reps, sizes: args.latencySizes, edits: args.edits, budgetMs: args.editBudget * 1000, log });
      results.latency.loadAverage = { start: load, end: loadAverage() };
    }
    if (want('memory') && results.analysis?.workspaceFiles) {
      const load = loadAverage();
      results.memory = await memoryBench({ files: results.analysis.workspaceFiles, reps: args.reps, log });
      results.memory.loadAverage = { start: load, end: loadAverage() };
    }
    if (want('probe')) {
      const load = loadAverage();
      log(`probe: node bench/probe.js --reps ${args.reps} (load ${load})`);
      const run = spawnSync(process.execPath, [path.join(__dirname, 'probe.js'), '--reps', String(args.reps)], { cwd: REPO, stdio: ['ignore', 'ignore', 'inherit'] });
      if (run.status !== 0) throw new Error(`bench/probe.js exited ${run.status}`);
      results.probe = JSON.parse(fs.readFileSync(path.join(__dirname, 'probe-results.json'), 'utf8'));
      results.probe.loadAverage = { start: load, end: loadAverage() };
    }
    if (want('profile') && results.analysis) {
      const largest = results.analysis.corpora.filter((c) => c.fileCount === 1).sort((a, b) => b.lines - a.lines)[0];
      const missed = !want('analysis') || results.analysis.results.some((r) => r.inProcess.nanscopeOverFloor > TARGETS.analysisOverFloor || r.inProcess.eslintOverNanscope < TARGETS.eslintOverNanscope);
      if (largest && missed) {
        log(`profile: node --cpu-prof bin/nanscope.js --format json ${path.relative(base, largest.target)} (load ${loadAverage()})`);
        const p = profileCli(largest.target, { cwd: base });
        results.profile = { command: `node --cpu-prof $REPO/bin/nanscope.js --format json ${path.relative(base, largest.target)}`, lines: largest.lines, ...p };
      }
    }
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
  meta.loadAverageEnd = loadAverage();
  if (results.analysis) {
    delete results.analysis.workspaceFiles;
    for (const c of results.analysis.corpora) delete c.files;
  }
  fs.writeFileSync(path.join(__dirname, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  const md = require('./report').markdown(results);
  fs.writeFileSync(path.join(__dirname, 'RESULTS.md'), md);
  process.stdout.write(md);
}

main().catch((error) => {
  process.stderr.write(`${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
});
