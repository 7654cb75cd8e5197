#!/usr/bin/env node
// Trains every program of test-fixtures/real-world/ and checks what really happens against its
// `// truth:` header. Not part of `npm test` (it trains): run it after changing a program.
//
//   node scripts/confirm-real-world.js [--runs N] [--timeout SECONDS] [file-or-name ...]
//
// Each program runs in its own child process (this file with `--child`), on @tensorflow/tfjs's
// pure-JS cpu backend, with `@tensorflow/tfjs-node`, `-core` and `-layers` mapped to
// `@tensorflow/tfjs`. ESM and TypeScript are transpiled to CommonJS first. The child instruments
// training before the program loads:
//   - `LayersModel.prototype.fit` / `fitDataset` get a first callback that, after every batch,
//     records the batch loss and whether any trainable weight is NaN or ±Infinity (and the epoch
//     loss at the end of every epoch);
//   - every optimizer's `applyGradients` outside `fit` counts a custom-loop step, checks the
//     variables it updated and records the step's loss (the scalar the engine last differentiated
//     for `minimize` or `tf.variableGrads`).
// The first Infinity and the first NaN (in a loss or a weight) are reported as "epoch E, batch B"
// (fit; 1-based) or "step S" (custom loops; 1-based).
//
// A truth header is checked like this:
//   "finite ..." / "stable ..."     -> nothing non-finite was measured;
//   "nan at epoch 2 ..."           -> the first NaN was in epoch 2 (and likewise "inf at epoch 3",
//                                     "nan at step 4", "batch 1" when given; "epoch 2-3" is a range
//                                     for programs whose random initialization moves it);
// and a header that starts with "nan" or "inf" requires something non-finite.
// With --runs N (default 3) each program is trained N times, run k with Math.random seeded by k
// (TF.js draws its initializers' seeds from Math.random), and every run must match the header.
// Exit code: 0 when every header matches, 1 on any mismatch, 2 on usage errors.

'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..');
const CORPUS = path.join(ROOT, 'test-fixtures', 'real-world');
const SOURCE = /\.(?:[cm]?[jt]s)$/;
const TFJS_NAME = /^@tensorflow\/tfjs(?:-node(?:-gpu)?|-core|-layers)?$/;

if (process.argv[2] === '--child') {
  child(process.argv[3], process.env.CONFIRM_OUT);
} else {
  main().then(
    (code) => process.exit(code),
    (error) => {
      console.error(error);
      process.exit(2);
    },
  );
}

// ---------------------------------------------------------------------------------------------
// Parent: run, compare, print.

async function main() {
  const args = process.argv.slice(2);
  let runs = 3;
  let timeoutSeconds = 90;
  const selected = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--runs') runs = Number(args[++i]);
    else if (args[i] === '--timeout') timeoutSeconds = Number(args[++i]);
    else if (args[i].startsWith('--')) return usage(`unknown option ${args[i]}`);
    else selected.push(args[i]);
  }
  if (!(runs >= 1) || !(timeoutSeconds > 0)) return usage('--runs and --timeout take positive numbers');

  const all = fs.readdirSync(CORPUS).filter((f) => SOURCE.test(f)).sort();
  const files = selected.length === 0 ? all : selected.map((s) => path.basename(s)).filter((f) => all.includes(f) || (console.error(`no program ${f}`), false));
  if (files.length === 0) return usage('no programs selected');

  const rows = [];
  const started = Date.now();
  for (const file of files) {
    const text = fs.readFileSync(path.join(CORPUS, file), 'utf8');
    const truth = (/^\/\/\s*truth:\s*(.*)$/m.exec(text) || [])[1];
    const measurements = [];
    for (let r = 0; r < runs; r++) measurements.push(await runChild(path.join(CORPUS, file), timeoutSeconds, r + 1));
    const verdicts = measurements.map(describe);
    const problems = [];
    if (!truth) problems.push('no truth header');
    else for (const m of measurements) problems.push(...compare(truth.trim(), m));
    const classes = measurements.map((m) => (!m.record ? 'no record' : m.record.firstNaN || m.record.firstInf ? 'non-finite' : 'finite'));
    if (new Set(classes).size > 1) problems.push(`runs disagree: ${verdicts.join(' / ')}`);
    const seconds = measurements.reduce((sum, m) => sum + m.seconds, 0) / measurements.length;
    rows.push({ file, truth: truth || '', measured: verdicts[0], spread: spread(measurements), seconds, ok: problems.length === 0, problems: [...new Set(problems)] });
    process.stderr.write(`${problems.length === 0 ? 'ok  ' : 'FAIL'} ${file} (${seconds.toFixed(1)} s)\n`);
  }

  const total = (Date.now() - started) / 1000;
  console.log(`| program | truth header | measured (run 1) | first inf / nan over ${runs} run(s) | s/run | match |`);
  console.log(`|---|---|---|---|---:|---|`);
  for (const row of rows) {
    console.log(`| ${row.file} | ${row.truth} | ${row.measured} | ${row.spread} | ${row.seconds.toFixed(1)} | ${row.ok ? 'yes' : `**NO**: ${row.problems.join('; ')}`} |`);
  }
  const bad = rows.filter((r) => !r.ok).length;
  console.log('');
  console.log(`${rows.length} programs, ${runs} run(s) each, ${bad} mismatch(es), ${total.toFixed(0)} s in total; @tensorflow/tfjs ${tfjsVersion()}, cpu backend, node ${process.version}.`);
  return bad === 0 ? 0 : 1;
}

function usage(message) {
  console.error(`${message}\nusage: node scripts/confirm-real-world.js [--runs N (3)] [--timeout SECONDS] [file ...]`);
  return 2;
}

function tfjsVersion() {
  return require(require.resolve('@tensorflow/tfjs/package.json', { paths: [ROOT] })).version;
}

function runChild(file, timeoutSeconds, seed) {
  const out = path.join(os.tmpdir(), `confirm-real-world-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
  return new Promise((resolve) => {
    const started = Date.now();
    const proc = spawn(process.execPath, ['--max-old-space-size=2048', __filename, '--child', file], {
      cwd: path.dirname(file),
      env: { ...process.env, CONFIRM_OUT: out, CONFIRM_SEED: String(seed) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const keep = (chunk) => {
      output = (output + chunk).slice(-4000);
    };
    proc.stdout.on('data', keep);
    proc.stderr.on('data', keep);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      proc.kill('SIGTERM');
      setTimeout(() => proc.kill('SIGKILL'), 2000).unref();
    }, timeoutSeconds * 1000);
    proc.on('close', (code) => {
      clearTimeout(timer);
      let record = null;
      try {
        record = JSON.parse(fs.readFileSync(out, 'utf8'));
        fs.unlinkSync(out);
      } catch {
        // no record: the child died before writing it
      }
      resolve({ record, code, timedOut, output, seconds: (Date.now() - started) / 1000 });
    });
  });
}

/** A one-line account of a run, e.g. "inf at epoch 3 batch 1, nan at epoch 7 batch 1 (10 epochs)". */
function describe(m) {
  if (m.timedOut) return `timed out${m.record ? ` (${summary(m.record)})` : ''}`;
  if (!m.record) return `crashed (exit ${m.code}): ${lastLine(m.output)}`;
  const s = summary(m.record);
  return m.record.error ? `${s}; threw: ${m.record.error}` : s;
}

function summary(record) {
  const parts = [];
  if (record.firstInf && (!record.firstNaN || before(record.firstInf, record.firstNaN))) parts.push(`inf at ${where(record.firstInf)}`);
  if (record.firstNaN) parts.push(`nan at ${where(record.firstNaN)}`);
  const trained = [];
  if (record.fitEpochs.length > 0) trained.push(`${record.fitEpochs.join('+')} epochs`);
  if (record.steps > 0) trained.push(`${record.steps} steps`);
  const loss = record.lastLoss === null ? '' : `, last loss ${formatLoss(record.lastLoss)}`;
  return `${parts.length ? parts.join(', ') : 'finite'} (${trained.join(', ') || 'no training'}${loss})`;
}

/** Where the first Infinity and NaN fell over all runs, e.g. "inf epoch 1-2, nan epoch 2-3". */
function spread(measurements) {
  const records = measurements.map((m) => m.record).filter(Boolean);
  const range = (key) => {
    const events = records.map((r) => r[key]);
    if (events.every((e) => !e)) return null;
    if (events.some((e) => !e)) return 'some runs only';
    const ns = events.map((e) => (e.step !== undefined ? e.step : e.epoch));
    const unit = events[0].step !== undefined ? 'step' : 'epoch';
    const lo = Math.min(...ns);
    const hi = Math.max(...ns);
    return `${unit} ${lo === hi ? lo : `${lo}-${hi}`}`;
  };
  const inf = range('firstInf');
  const nan = range('firstNaN');
  if (!inf && !nan) return 'finite';
  return [inf && `inf ${inf}`, nan && `nan ${nan}`].filter(Boolean).join(', ');
}

function before(a, b) {
  return a.order < b.order;
}

function where(event) {
  const at = event.step !== undefined ? `step ${event.step}` : `epoch ${event.epoch}, batch ${event.batch}`;
  return `${at} [${event.what}]`;
}

function formatLoss(value) {
  if (typeof value !== 'number') return String(value);
  return Math.abs(value) >= 1e4 || (Math.abs(value) < 1e-3 && value !== 0) ? value.toExponential(2) : String(Number(value.toPrecision(4)));
}

function lastLine(text) {
  const lines = text.trim().split('\n').filter((l) => l.trim() !== '');
  return (lines[lines.length - 1] || '').slice(0, 200);
}

/** The header's claims that the measurement contradicts (empty when it matches). */
function compare(truth, m) {
  if (m.timedOut) return ['timed out'];
  if (!m.record) return [`crashed: ${lastLine(m.output)}`];
  const r = m.record;
  const problems = [];
  if (r.fitEpochs.length === 0 && r.steps === 0) problems.push('did not train');
  const nonFinite = Boolean(r.firstNaN || r.firstInf);
  const lower = truth.toLowerCase();
  const claimsFailure = /^(nan|inf)\b/.test(lower);
  const claimsFinite = /^(finite|stable)\b/.test(lower);
  if (!claimsFailure && !claimsFinite) problems.push('truth must start with "nan", "inf", "finite" or "stable"');
  if (claimsFinite && nonFinite) problems.push(`went non-finite: ${summary(r)}`);
  if (claimsFailure && !nonFinite) problems.push(`stayed finite: ${summary(r)}`);
  if (r.error && !/\bthrows?\b/.test(lower)) problems.push(`program threw: ${r.error}`);
  for (const [, kind, unit, from, to, batch] of lower.matchAll(/\b(nan|inf) at (epoch|step) (\d+)(?:-(\d+))?(?:,? batch (\d+))?/g)) {
    const event = kind === 'nan' ? r.firstNaN : r.firstInf;
    // "inf at epoch 3" also holds when NaN came first at epoch 3 and Infinity never showed alone.
    const got = event || (kind === 'inf' ? r.firstNaN : undefined);
    if (!got) {
      problems.push(`no ${kind} measured`);
      continue;
    }
    const gotN = unit === 'epoch' ? got.epoch : got.step;
    const lo = Number(from);
    const hi = to === undefined ? lo : Number(to);
    if (gotN === undefined || gotN < lo || gotN > hi) problems.push(`first ${kind} at ${where(got)}, header says ${unit} ${to === undefined ? from : `${from}-${to}`}`);
    if (batch !== undefined && unit === 'epoch' && got.batch !== Number(batch)) problems.push(`first ${kind} at ${where(got)}, header says batch ${batch}`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Child: instrument TF.js, load the program, write the record when the process ends.

function child(file, outFile) {
  // Math.random seeded per run: TF.js's unseeded initializers and random ops draw their seeds from
  // it, so every run is reproducible while runs 1, 2, 3... still differ from each other.
  let seed = Number(process.env.CONFIRM_SEED || 1) >>> 0;
  Math.random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const Module = require('node:module');
  const tfPath = require.resolve('@tensorflow/tfjs', { paths: [ROOT] });
  const tf = require(tfPath);

  const record = { fitEpochs: [], steps: 0, firstNaN: null, firstInf: null, lastLoss: null, error: null };
  let order = 0;
  let inFit = 0;
  let written = false;
  const write = () => {
    if (written || !outFile) return;
    written = true;
    fs.writeFileSync(outFile, JSON.stringify(record));
  };
  process.on('exit', write);
  process.on('SIGTERM', () => {
    write();
    process.exit(143);
  });
  const fail = (error) => {
    record.error = (error && error.message ? error.message : String(error)).split('\n')[0].slice(0, 200);
    write();
    process.exit(1);
  };
  process.on('uncaughtException', fail);
  process.on('unhandledRejection', fail);

  /** 'nan' | 'inf' | null for a tensor's values (or a number). */
  const classify = (value) => {
    const values = typeof value === 'number' ? [value] : value.dataSync();
    let inf = false;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (Number.isNaN(v)) return 'nan';
      if (v === Infinity || v === -Infinity) inf = true;
    }
    return inf ? 'inf' : null;
  };
  const note = (kind, at, what) => {
    if (!kind) return;
    const key = kind === 'nan' ? 'firstNaN' : 'firstInf';
    if (!record[key]) record[key] = { ...at, what, order: order };
    order++;
  };

  // Resolve every TF.js package name to this instance.
  const resolveFilename = Module._resolveFilename;
  Module._resolveFilename = function resolve(request, ...rest) {
    if (TFJS_NAME.test(request)) return tfPath;
    return resolveFilename.call(this, request, ...rest);
  };

  // fit / fitDataset: a watching callback in front of the user's.
  const proto = tf.LayersModel.prototype;
  for (const method of ['fit', 'fitDataset']) {
    const original = proto[method];
    proto[method] = async function instrumented(...callArgs) {
      const argIndex = method === 'fit' ? 2 : 1;
      const args = { ...(callArgs[argIndex] || {}) };
      const model = this;
      const fitIndex = record.fitEpochs.length;
      record.fitEpochs.push(0);
      const weightsState = () => {
        let worst = null;
        for (const w of model.trainableWeights) {
          const kind = classify(w.read());
          if (kind === 'nan') return 'nan';
          if (kind === 'inf') worst = 'inf';
        }
        return worst;
      };
      let epoch = 0;
      const watch = new tf.CustomCallback({
        onEpochBegin: async (e) => {
          epoch = e + 1;
        },
        onBatchEnd: async (batch, logs) => {
          const at = { epoch, batch: batch + 1, fit: fitIndex + 1 };
          if (logs && typeof logs.loss === 'number') {
            record.lastLoss = logs.loss;
            note(classify(logs.loss), at, 'loss');
          }
          note(weightsState(), at, 'weights');
        },
        onEpochEnd: async (e, logs) => {
          record.fitEpochs[fitIndex] = e + 1;
          if (logs && typeof logs.loss === 'number') record.lastLoss = logs.loss;
        },
      });
      const user = args.callbacks == null ? [] : Array.isArray(args.callbacks) ? args.callbacks : [args.callbacks];
      args.callbacks = [watch, ...user.map((c) => (c instanceof tf.Callback || c instanceof tf.CustomCallback ? c : new tf.CustomCallback(c)))];
      callArgs[argIndex] = args;
      inFit++;
      try {
        return await original.apply(this, callArgs);
      } finally {
        inFit--;
      }
    };
  }

  // Custom loops: count steps where gradients are applied outside fit.
  let pendingCost = null;
  const optimizerClasses = ['SGDOptimizer', 'MomentumOptimizer', 'AdamOptimizer', 'AdamaxOptimizer', 'RMSPropOptimizer', 'AdagradOptimizer', 'AdadeltaOptimizer'];
  for (const name of optimizerClasses) {
    const cls = tf[name];
    const original = cls.prototype.applyGradients;
    cls.prototype.applyGradients = function instrumented(gradients) {
      const result = original.call(this, gradients);
      if (inFit > 0) return result;
      record.steps++;
      const at = { step: record.steps };
      if (pendingCost !== null) {
        record.lastLoss = pendingCost;
        note(classify(pendingCost), at, 'loss');
        pendingCost = null;
      }
      const names = Array.isArray(gradients) ? gradients.map((g) => g.name) : Object.keys(gradients);
      const variables = tf.engine().registeredVariables;
      let state = null;
      for (const n of names) {
        const v = variables[n];
        if (!v) continue;
        const kind = classify(v);
        if (kind === 'nan') {
          state = 'nan';
          break;
        }
        if (kind === 'inf') state = 'inf';
      }
      note(state, at, 'weights');
      return result;
    };
  }
  // The loss of a custom step: minimize and variableGrads both go through the engine's gradients.
  const engine = tf.engine();
  const gradients = engine.gradients;
  engine.gradients = function instrumented(...args) {
    const result = gradients.apply(this, args);
    if (inFit === 0 && result && result.value && result.value.size === 1 && !result.value.isDisposed) pendingCost = result.value.dataSync()[0];
    return result;
  };

  tf.setBackend('cpu');
  // The cpu backend's "running in Node.js" banner.
  const warn = console.warn;
  console.warn = (...a) => {
    if (typeof a[0] === 'string' && a[0].includes('Looks like you are running TensorFlow.js in Node.js')) return;
    warn(...a);
  };

  const text = fs.readFileSync(file, 'utf8');
  const plain = /\.c?js$/.test(file) && !/^\s*(import|export)\s/m.test(text);
  let code = text;
  if (!plain) {
    const ts = require(require.resolve('typescript', { paths: [ROOT] }));
    code = ts.transpileModule(text, {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
      fileName: file.replace(/\.m([jt]s)$/, '.$1').replace(/\.c([jt]s)$/, '.$1'),
    }).outputText;
    // ES modules may await at the top level; CommonJS may not, so the body runs in an async function.
    code = `return (async () => {\n${code}\n})();`;
    code = `(function () {${code}}).call(this).catch((error) => process.emit('unhandledRejection', error));`;
  }
  const m = new Module(file, module);
  m.filename = file;
  m.paths = Module._nodeModulePaths(path.dirname(file));
  m._compile(code, file);
}
