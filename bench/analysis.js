// Analysis throughput (issue 6, item 1): the nanscope CLI against the floor (read +
// ts.createSourceFile, bench/parse-floor.js) and the peer (ESLint 9 with @typescript-eslint/parser
// and no rules) on the same generated files, as whole processes and in one process. Each rep runs
// the three side by side, so every ratio is taken within one rep; figures are medians over reps.

'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { generateFile, generateWorkspace } = require('./corpus');
const { listFiles, parseAll, scriptKind } = require('./parse-floor');
const { median, round, gc, loadAverage } = require('./stats');

const REPO = path.resolve(__dirname, '..');
const NANSCOPE_BIN = path.join(REPO, 'bin', 'nanscope.js');
const PARSE_FLOOR = path.join(__dirname, 'parse-floor.js');
/** The 100k-line file is about 3.7 MB, above the default 2 MB `maxFileSize`; the corpus raises it. */
const MAX_FILE_SIZE = 64 * 1024 * 1024;

function eslintPaths() {
  try {
    const pkg = require.resolve('eslint/package.json', { paths: [REPO] });
    return { bin: path.join(path.dirname(pkg), 'bin', 'eslint.js'), parser: require.resolve('@typescript-eslint/parser', { paths: [REPO] }) };
  } catch {
    return undefined;
  }
}

/** Writes the corpora under `base`; returns [{ name, target, files, lines, bytes }]. */
function makeCorpora(base, sizes) {
  fs.mkdirSync(base, { recursive: true });
  // Found by the CLI as the nearest configuration above every corpus file.
  fs.writeFileSync(path.join(base, '.nanscoperc.json'), `${JSON.stringify({ maxFileSize: MAX_FILE_SIZE })}\n`);
  const eslint = eslintPaths();
  if (eslint) {
    // No rules: parsing (and ESLint's scope analysis and traversal) only.
    fs.writeFileSync(
      path.join(base, 'eslint.config.mjs'),
      `import parser from ${JSON.stringify(eslint.parser)};\nexport default [{ files: ['**/*.js', '**/*.ts'], languageOptions: { parser, sourceType: 'module' } }];\n`,
    );
  }
  const corpora = [];
  for (const lines of sizes.files) {
    const dir = path.join(base, `file-${lines}`);
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `training-${lines}.js`);
    fs.writeFileSync(file, generateFile({ lines, seed: lines }));
    corpora.push(describe(`one file, ${lines.toLocaleString('en-US')} lines`, file, [file]));
  }
  if (sizes.workspace) {
    const dir = path.join(base, `workspace-${sizes.workspace}`);
    const files = generateWorkspace(dir, { files: sizes.workspace, seed: 2 });
    corpora.push(describe(`workspace, ${sizes.workspace} files`, dir, files));
  }
  return corpora;
}

function describe(name, target, files) {
  let lines = 0;
  let bytes = 0;
  for (const f of files) {
    const text = fs.readFileSync(f, 'utf8');
    lines += text.split('\n').length;
    bytes += Buffer.byteLength(text);
  }
  return { name, target, files, fileCount: files.length, lines, bytes };
}

function timeProcess(args, cwd) {
  const started = performance.now();
  const run = spawnSync(process.execPath, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 30, timeout: 600_000 });
  const ms = performance.now() - started;
  // nanscope and ESLint exit 1 when they report problems; 2 is a real failure.
  if (run.status !== 0 && run.status !== 1) throw new Error(`${args.join(' ')} exited ${run.status}: ${run.stderr.toString().slice(0, 500)}`);
  return ms;
}

async function analysisBench({ base, reps, sizes, log, skip = false }) {
  const { analyze } = require(path.join(REPO, 'out/server/src/analysis/analyze.js'));
  const { defaultConfig } = require(path.join(REPO, 'out/server/src/analysis/config.js'));
  const config = { ...defaultConfig(), maxFileSize: MAX_FILE_SIZE };
  const eslintInstalled = eslintPaths();
  let ESLint;
  if (eslintInstalled) ({ ESLint } = require(require.resolve('eslint', { paths: [REPO] })));
  const corpora = makeCorpora(base, sizes);
  const eslintConfig = path.join(base, 'eslint.config.mjs');
  const commands = {
    nanscope: (t) => ['node', '$REPO/bin/nanscope.js', '--format', 'json', t],
    floor: (t) => ['node', '$REPO/bench/parse-floor.js', t],
    eslint: (t) => ['node', '$REPO/node_modules/eslint/bin/eslint.js', '-c', 'eslint.config.mjs', t],
  };
  const results = [];
  const workspace = corpora.find((c) => c.fileCount > 1);
  const summary = () => ({
    maxFileSize: MAX_FILE_SIZE,
    eslint: eslintInstalled ? eslintVersions() : null,
    corpora: corpora.map((c) => ({ name: c.name, target: c.target, fileCount: c.fileCount, lines: c.lines, bytes: c.bytes })),
    workspaceFiles: workspace ? workspace.files : null,
    results,
  });
  if (skip) return summary();
  for (const corpus of corpora) {
    log(`analysis: ${corpus.name} (${corpus.lines} lines, ${(corpus.bytes / 1e6).toFixed(2)} MB), load ${loadAverage()}`);
    const rel = path.relative(base, corpus.target);
    const fileList = listFiles([corpus.target]);
    if (fileList.length !== corpus.fileCount) throw new Error(`floor sees ${fileList.length} files, the corpus has ${corpus.fileCount}`);

    // In process: one warm-up of each, then reps; all three read the files from disk each time.
    const nanscopeInProcess = () => {
      let findings = 0;
      for (const fileName of corpus.files) findings += analyze({ fileName, text: fs.readFileSync(fileName, 'utf8'), config }).findings.length;
      return findings;
    };
    const floorInProcess = () => parseAll(corpus.files);
    const eslint = ESLint ? new ESLint({ cwd: base, overrideConfigFile: eslintConfig }) : undefined;
    const eslintInProcess = async () => (await eslint.lintFiles([corpus.target])).length;
    const timeIt = async (fn) => {
      gc();
      const t = performance.now();
      await fn();
      return performance.now() - t;
    };
    // The warm-up is also the findings count; past 20,000 lines one pass is long enough that JIT
    // warm-up does not matter, and it is skipped.
    let findings = null;
    if (corpus.lines <= 20000) {
      findings = nanscopeInProcess();
      floorInProcess();
      if (eslint) await eslintInProcess();
    }

    const s = { wholeNanscope: [], wholeFloor: [], wholeEslint: [], inNanscope: [], inFloor: [], inEslint: [], rWholeFloor: [], rWholeEslint: [], rInFloor: [], rInEslint: [] };
    for (let rep = 0; rep < reps; rep++) {
      // All three run in the corpus folder (ESLint lints nothing outside its working directory).
      const wf = timeProcess([PARSE_FLOOR, rel], base);
      const wn = timeProcess([NANSCOPE_BIN, '--format', 'json', rel], base);
      const we = eslintInstalled ? timeProcess([eslintInstalled.bin, '-c', eslintConfig, rel], base) : NaN;
      const inf = await timeIt(floorInProcess);
      const inn = await timeIt(async () => {
        findings = nanscopeInProcess();
      });
      const ine = eslint ? await timeIt(eslintInProcess) : NaN;
      s.wholeFloor.push(wf);
      s.wholeNanscope.push(wn);
      s.wholeEslint.push(we);
      s.inFloor.push(inf);
      s.inNanscope.push(inn);
      s.inEslint.push(ine);
      s.rWholeFloor.push(wn / wf);
      s.rWholeEslint.push(we / wn);
      s.rInFloor.push(inn / inf);
      s.rInEslint.push(ine / inn);
      log(`  rep ${rep + 1}: process nanscope ${wn.toFixed(0)} / floor ${wf.toFixed(0)} / eslint ${we.toFixed(0)} ms; in-process ${inn.toFixed(0)} / ${inf.toFixed(0)} / ${ine.toFixed(0)} ms`);
    }
    const m = Object.fromEntries(Object.entries(s).map(([k, v]) => [k, median(v)]));
    results.push({
      corpus: corpus.name,
      files: corpus.fileCount,
      lines: corpus.lines,
      bytes: corpus.bytes,
      findings,
      commands: { nanscope: commands.nanscope(rel).join(' '), floor: commands.floor(rel).join(' '), eslint: eslintInstalled ? commands.eslint(rel).join(' ') : null },
      wholeProcess: { nanscopeMs: round(m.wholeNanscope), floorMs: round(m.wholeFloor), eslintMs: round(m.wholeEslint), nanscopeOverFloor: round(m.rWholeFloor, 2), eslintOverNanscope: round(m.rWholeEslint, 2) },
      inProcess: {
        nanscopeMs: round(m.inNanscope, 1),
        floorMs: round(m.inFloor, 1),
        eslintMs: round(m.inEslint, 1),
        nanscopeOverFloor: round(m.rInFloor, 2),
        eslintOverNanscope: round(m.rInEslint, 2),
        nanscopeLinesPerSecond: round(corpus.lines / (m.inNanscope / 1000)),
      },
      samples: Object.fromEntries(Object.entries(s).map(([k, v]) => [k, v.map((x) => round(x, k.startsWith('r') ? 3 : 1))])),
    });
  }
  return summary();
}

function eslintVersions() {
  const version = (name) => {
    try {
      return JSON.parse(fs.readFileSync(require.resolve(`${name}/package.json`, { paths: [REPO] }), 'utf8')).version;
    } catch {
      return null;
    }
  };
  return { eslint: version('eslint'), parser: version('@typescript-eslint/parser') };
}

module.exports = { analysisBench, makeCorpora, MAX_FILE_SIZE, scriptKind };
