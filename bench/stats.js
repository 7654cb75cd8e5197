// Small helpers shared by the benchmark scripts.

'use strict';

const fs = require('node:fs');
const os = require('node:os');

const median = (values) => {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** Nearest-rank percentile of unsorted values. */
const percentile = (values, p) => {
  const sorted = values.slice().sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
};

const round = (v, digits = 0) => (Number.isFinite(v) ? Number(v.toFixed(digits)) : null);

const loadAverage = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

/** VmRSS / VmHWM (peak) of a process in MB, from /proc (Linux only). */
function procMemory(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key) => {
      const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status);
      return m ? Number(m[1]) / 1024 : NaN;
    };
    return { rssMb: kb('VmRSS'), peakMb: kb('VmHWM') };
  } catch {
    return { rssMb: NaN, peakMb: NaN };
  }
}

/** Direct children of this process (Linux only). */
function childPids() {
  try {
    return fs
      .readFileSync(`/proc/self/task/${process.pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

const gc = () => {
  if (typeof global.gc === 'function') global.gc();
};

module.exports = { median, percentile, round, loadAverage, procMemory, childPids, gc };
