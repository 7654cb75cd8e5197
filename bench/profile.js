// CPU profile of one analysis (issue 6: "where a target is missed, profile"): runs the CLI under
// `node --cpu-prof` and summarizes the .cpuprofile by self time per function, and by total
// (inclusive) time per function of the analyzer's own files.
//
//   node bench/profile.js <file> [--top 20] [--keep <dir>]

'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const REPO = path.resolve(__dirname, '..');

function profileCli(target, { cwd = path.dirname(target), keep } = {}) {
  const dir = keep ?? fs.mkdtempSync(path.join(os.tmpdir(), 'nanscope-prof-'));
  fs.mkdirSync(dir, { recursive: true });
  const started = performance.now();
  const run = spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, path.join(REPO, 'bin/nanscope.js'), '--format', 'json', target], { cwd, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 30 });
  const wallMs = performance.now() - started;
  if (run.status !== 0 && run.status !== 1) throw new Error(`profiled run exited ${run.status}: ${run.stderr}`);
  const file = fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).map((f) => path.join(dir, f))[0];
  const summary = summarize(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!keep) fs.rmSync(dir, { recursive: true, force: true });
  return { wallMs, ...summary, profile: keep ? file : null };
}

const where = (frame) => {
  const url = frame.url.replace(/^file:\/\//, '');
  const rel = url.startsWith(REPO) ? path.relative(REPO, url) : url.replace(/.*node_modules\//, '');
  return `${rel || '(native)'}:${frame.lineNumber + 1}`;
};

/** Self time per function (name + location) and inclusive time of the analyzer's functions. */
function summarize(profile, top = 20) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const dt = new Map();
  for (let i = 0; i < profile.samples.length; i++) dt.set(profile.samples[i], (dt.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0));
  const totalUs = [...dt.values()].reduce((a, b) => a + b, 0);
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map();
  const inclusive = new Map();
  for (const [id, us] of dt) {
    const n = nodes.get(id);
    const key = `${n.callFrame.functionName || '(anonymous)'} ${where(n.callFrame)}`;
    self.set(key, (self.get(key) ?? 0) + us);
    // Inclusive: count each distinct function once per sample stack.
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const f = nodes.get(cur).callFrame;
      const k = `${f.functionName || '(anonymous)'} ${where(f)}`;
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + us);
    }
  }
  const rows = (map, filter = () => true) =>
    [...map]
      .filter(([k]) => filter(k))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([fn, us]) => ({ fn, ms: Math.round(us / 1000), percent: Number(((100 * us) / totalUs).toFixed(1)) }));
  return {
    totalMs: Math.round(totalUs / 1000),
    selfTime: rows(self),
    inclusiveAnalyzer: rows(inclusive, (k) => k.includes('out/server/src/')),
  };
}

module.exports = { profileCli, summarize };

if (require.main === module) {
  const target = path.resolve(process.argv[2]);
  const i = process.argv.indexOf('--keep');
  const r = profileCli(target, { keep: i > 0 ? path.resolve(process.argv[i + 1]) : undefined });
  process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
}
