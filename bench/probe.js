#!/usr/bin/env node
// Stability-probe benchmark (issue 6, item 3): per seed case, the probe's cold time (a new worker
// process: fork, TF.js load, WASM init, training, localization) and warm time (a reused worker)
// against the floor: the same seed program run as a plain Node script on the same WASM backend
// (bench/probe-floor.mjs). Ratios are measured in one run, medians of --reps runs (default 5).
//
//   npm run build && node bench/probe.js [--reps 5] [--only c1,v10] [--out bench] [--worker tsc|bundle]
//
// --worker bundle (the default) measures what the .vsix ships: scripts/build-worker.js builds
// dist/probe-worker.js into a temporary folder first; --worker tsc uses out/server/src/probe/worker.js.
//
// Targets: warm probe ≤ 1.2 × the floor's training time; cold probe ≤ the floor's process time + 0.5 s.
// Writes bench/probe-results.json and bench/probe-results.md.
//
// What is measured:
//   floor.train   model.fit / optimizer.minimize time inside the plain script (all epochs it asks for)
//   floor.warm    the same, on the program's 4th run in one process (JIT and kernels warm)
//   floor.process spawn to exit of the plain script (node start, TF.js load, data, training)
//   cold          request to report with a fresh worker (keepWarm: false): what a first click costs
//   warm          request to report on a warm worker, without localization (training as the probe does it)
//   warm+loc      the same with the localization replay (non-finite cases only replay)
//   fixes         the full probe as the editor runs it: localization and every fix verification

'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const REPO = path.resolve(__dirname, '..');
const { childPids, procMemory } = require('./stats');
const OUT = path.join(REPO, 'out/server/src');

function parseArgs(argv) {
  const args = { reps: 5, only: null, out: __dirname, worker: 'bundle' };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--reps') args.reps = Math.max(1, Number(argv[++i]));
    else if (argv[i] === '--only') args.only = argv[++i].split(',');
    else if (argv[i] === '--out') args.out = path.resolve(argv[++i]);
    else if (argv[i] === '--worker') args.worker = argv[++i] === 'tsc' ? 'tsc' : 'bundle';
  }
  return args;
}

const median = (values) => {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const round = (v, digits = 0) => (Number.isFinite(v) ? Number(v.toFixed(digits)) : null);

const peakOf = (pids) => {
  const peaks = pids.map((pid) => procMemory(pid).peakMb).filter(Number.isFinite);
  return peaks.length ? Math.max(...peaks) : NaN;
};

/** Seed programs as plain CommonJS (the fixtures are ESM / TypeScript), where they resolve TF.js. */
function transpile(file, dir) {
  const ts = require('typescript');
  // The floor runs on the bundled TF.js, as the probe does when the workspace has no tfjs-node.
  const text = fs.readFileSync(file, 'utf8').replace(/(['"])@tensorflow\/tfjs-node(-gpu)?\1/g, "'@tensorflow/tfjs'");
  const js = ts.transpileModule(text, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    fileName: file,
  }).outputText;
  const out = path.join(dir, path.basename(file).replace(/\.[cm]?[jt]s$/, '.cjs'));
  fs.writeFileSync(out, js);
  return out;
}

/** One plain run of the program (process time, cold training time) and, in a second process, its warm training time. */
function floorRun(script, dir) {
  const result = path.join(dir, 'floor.json');
  const spawn = (repeat) => {
    fs.rmSync(result, { force: true });
    const started = performance.now();
    const run = spawnSync(process.execPath, ['--import', path.join(__dirname, 'probe-floor.mjs'), script], {
      env: { ...process.env, NANSCOPE_FLOOR_OUT: result, NANSCOPE_FLOOR_REPEAT: repeat ? '3' : '' },
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: 60_000,
    });
    const processMs = performance.now() - started;
    if (run.status !== 0 || !fs.existsSync(result)) {
      const lines = run.stderr.toString().trim().split('\n').filter((l) => /Error|error/.test(l));
      return { error: lines[0] ?? `exit ${run.status}` };
    }
    return { processMs, ...JSON.parse(fs.readFileSync(result, 'utf8')) };
  };
  const plain = spawn(false);
  if (plain.error) return { processMs: NaN, trainMs: NaN, warmTrainMs: NaN, error: plain.error };
  const repeated = spawn(true);
  return { processMs: plain.processMs, trainMs: plain.trainMs, warmTrainMs: repeated.error ? NaN : repeated.warmTrainMs, backend: plain.backend };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const { analyze } = require(path.join(OUT, 'analysis/analyze.js'));
  const { buildProbePlan } = require(path.join(OUT, 'probe/plan.js'));
  const { ProbeRunner } = require(path.join(OUT, 'probe/runner.js'));
  const { isUnbuildable } = require(path.join(OUT, 'probe/protocol.js'));

  const seeds = path.join(REPO, 'test-fixtures/seeds');
  const tmp = fs.mkdtempSync(path.join(__dirname, 'probe-tmp-'));
  const files = fs.readdirSync(seeds).filter((f) => /^[cv]\d+.*\.[cm]?[jt]s$/.test(f)).sort().filter((f) => !args.only || args.only.some((o) => f.startsWith(o)));
  let workerPath;
  if (args.worker === 'bundle') {
    const { buildWorker } = require(path.join(REPO, 'scripts/build-worker.js'));
    workerPath = (await buildWorker({ outdir: path.join(tmp, 'dist') })).file;
  }
  const warm = new ProbeRunner({ maxWorkers: 1, keepWarm: true, workerPath });
  const rows = [];
  try {
    for (const name of files) {
      const fileName = path.join(seeds, name);
      const text = fs.readFileSync(fileName, 'utf8');
      const result = analyze({ fileName, text });
      const site = result.sites[0];
      if (!site) {
        rows.push({ case: name, skipped: 'no training site' });
        continue;
      }
      const plan = (options) => buildProbePlan(result, site.id, { text, sourceFile: result.sourceFile, ...options });
      const bare = plan({ fixes: false, localize: false });
      const located = plan({ fixes: false, localize: true });
      const full = plan({});
      if (isUnbuildable(bare)) {
        rows.push({ case: name, skipped: bare.reason });
        continue;
      }
      const script = transpile(fileName, tmp);
      const samples = { coldPeakMb: [], floorTrain: [], floorWarmTrain: [], floorProcess: [], cold: [], coldStartup: [], warm: [], warmLocalized: [], localize: [], fixes: [] };
      let report;
      let floorBackend;
      let floorError;
      await warm.run(bare); // warm the worker (and its interpreter) for this case
      for (let rep = 0; rep < args.reps; rep++) {
        const floor = floorRun(script, tmp);
        samples.floorTrain.push(floor.trainMs);
        samples.floorWarmTrain.push(floor.warmTrainMs);
        samples.floorProcess.push(floor.processMs);
        floorBackend = floor.backend ?? floorBackend;
        floorError = floor.error ?? floorError;

        const before = new Set(childPids());
        const cold = new ProbeRunner({ keepWarm: false, workerPath });
        // The cold worker's peak resident size (VmHWM), sampled while it lives (Linux only).
        let coldPeak = NaN;
        const sampler = setInterval(() => {
          const peak = peakOf(childPids().filter((pid) => !before.has(pid)));
          if (!(peak <= coldPeak)) coldPeak = Number.isFinite(coldPeak) ? Math.max(coldPeak, peak) : peak;
        }, 10);
        let t = performance.now();
        report = await cold.run(located);
        samples.cold.push(performance.now() - t);
        clearInterval(sampler);
        samples.coldPeakMb.push(coldPeak);
        samples.coldStartup.push(report.timings.startupMs);
        await cold.dispose();

        t = performance.now();
        await warm.run(bare);
        samples.warm.push(performance.now() - t);

        t = performance.now();
        const localized = await warm.run(located);
        samples.warmLocalized.push(performance.now() - t);
        samples.localize.push(localized.timings.localizeMs);
      }
      for (let rep = 0; rep < Math.min(3, args.reps); rep++) {
        const t = performance.now();
        await warm.run(full);
        samples.fixes.push(performance.now() - t);
      }
      const m = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
      rows.push({
        case: name,
        verdict: report.verdict,
        epochs: `${report.epochsRun}/${report.epochsPlanned}`,
        backend: report.backend ? report.backend.name : null,
        floorBackend,
        floorError,
        floorTrainMs: round(m.floorTrain, 1),
        floorWarmTrainMs: round(m.floorWarmTrain, 1),
        floorProcessMs: round(m.floorProcess),
        coldMs: round(m.cold),
        coldStartupMs: round(m.coldStartup),
        warmMs: round(m.warm, 1),
        warmLocalizedMs: round(m.warmLocalized, 1),
        localizeMs: round(m.localize, 1),
        fullProbeMs: round(m.fixes),
        fixRuns: Array.isArray(full.variants) ? full.variants.length : 0,
        warmRatio: round(m.warm / m.floorTrain, 2),
        warmRatioWarmFloor: round(m.warm / m.floorWarmTrain, 2),
        coldOverFloorMs: round(m.cold - m.floorProcess),
        coldWorkerPeakMb: round(m.coldPeakMb),
        // The kept-warm worker's peak so far (it has run every case up to this one).
        warmWorkerPeakMb: round(peakOf(childPids())),
      });
      process.stderr.write(`${name}: ${JSON.stringify(rows[rows.length - 1])}\n`);
    }
  } finally {
    await warm.dispose();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const meta = {
    date: new Date().toISOString(),
    command: `node bench/probe.js --reps ${args.reps}${args.only ? ` --only ${args.only.join(',')}` : ''} --worker ${args.worker}`,
    worker: args.worker === 'bundle' ? 'dist/probe-worker.js (esbuild bundle, as shipped)' : 'out/server/src/probe/worker.js (tsc)',
    node: process.version,
    cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}`,
    loadAverage: os.loadavg().map((l) => l.toFixed(2)).join(' '),
    reps: args.reps,
  };
  fs.writeFileSync(path.join(args.out, 'probe-results.json'), `${JSON.stringify({ meta, rows }, null, 2)}\n`);
  fs.writeFileSync(path.join(args.out, 'probe-results.md'), markdown(meta, rows));
  process.stdout.write(markdown(meta, rows));
}

function markdown(meta, rows) {
  const measured = rows.filter((r) => !r.skipped);
  const lines = [
    '# Stability probe benchmark',
    '',
    `\`${meta.command}\` on ${meta.date}, Node ${meta.node}, ${meta.cpus}, load average ${meta.loadAverage}; medians of ${meta.reps} runs; worker: ${meta.worker}.`,
    'The machine is shared with other work: absolute times drift between runs; the ratios are measured side by side.',
    'Floor: the seed program as a plain Node script on the same WASM backend (bench/probe-floor.mjs).',
    'Targets: warm ≤ 1.2 × floor training; cold ≤ floor process + 500 ms.',
    '"floor train" is the plain program\'s training in a fresh process (cold JIT, as the issue defines the floor);',
    '"warm floor" is the same program run 3 more times in the same process (last run), the like-for-like comparison for a warm worker.',
    'The probe stops at the first non-finite value, so for NaN/Infinity cases it trains fewer epochs than the floor.',
    '',
    '| case | verdict | epochs | backend | floor train ms | warm floor ms | warm ms | warm / floor | warm / warm floor | localization ms | floor process ms | cold ms | cold − floor ms | full probe ms (fix runs) |',
    '|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...measured.map(
      (r) =>
        `| ${r.case} | ${r.verdict} | ${r.epochs} | ${r.backend} | ${r.floorTrainMs ?? 'n/a'} | ${r.floorWarmTrainMs ?? 'n/a'} | ${r.warmMs} | ${r.warmRatio ?? 'n/a'} | ${r.warmRatioWarmFloor ?? 'n/a'} | ${r.localizeMs} | ${r.floorProcessMs ?? 'n/a'} | ${r.coldMs} | ${r.coldOverFloorMs ?? 'n/a'} | ${r.fullProbeMs} (${r.fixRuns}) |`,
    ),
    ...rows.filter((r) => r.skipped).map((r) => `| ${r.case} | skipped: ${r.skipped} | | | | | | | | | | | | |`),
    '',
    `Warm within 1.2× of the floor: ${measured.filter((r) => r.warmRatio !== null && r.warmRatio <= 1.2).length} of ${measured.length}` +
      ` (of the warm floor: ${measured.filter((r) => r.warmRatioWarmFloor !== null && r.warmRatioWarmFloor <= 1.2).length}); cold within floor + 500 ms: ${measured.filter((r) => r.coldOverFloorMs !== null && r.coldOverFloorMs <= 500).length} of ${measured.length}.`,
    ...measured.filter((r) => r.floorError).map((r) => `Floor failed for ${r.case}: ${r.floorError}`),
    '',
  ];
  return lines.join('\n');
}

main().catch((error) => {
  process.stderr.write(`${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
});
