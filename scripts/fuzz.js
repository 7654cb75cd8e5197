#!/usr/bin/env node
// `npm run fuzz -- --count N --seed S [--start I] [--hang-ms MS] [--depth D] [--no-fixes] [--dump DIR]`
// Runs the seeded fuzzer (server/test/fuzz/) longer than `npm test` does and prints the counts:
// inputs, crashes, hangs, internal errors, fix-safety violations. Exit code 1 when any was found.
// `--dump DIR` writes each failing input to DIR as `<index>-<file name>` for minimizing by hand.

'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const { runFuzz, formatReport } = require(path.join(root, 'out/server/test/fuzz/run.js'));
const { loadCorpus } = require(path.join(root, 'out/server/test/fuzz/check.js'));
const { generateInput, DEFAULT_NESTING_DEPTH } = require(path.join(root, 'out/server/test/fuzz/mutate.js'));

function parseArgs(argv) {
  const options = { count: 10000, seed: 1, start: 0, hangMs: 30000, depth: DEFAULT_NESTING_DEPTH, fixes: true, dump: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    const number = () => {
      const v = Number(value());
      if (!Number.isInteger(v) || v < 0) throw new Error(`${arg} needs a non-negative integer`);
      return v;
    };
    switch (arg) {
      case '--count': options.count = number(); break;
      case '--seed': options.seed = number(); break;
      case '--start': options.start = number(); break;
      case '--hang-ms': options.hangMs = number(); break;
      case '--depth': options.depth = number(); break;
      case '--no-fixes': options.fixes = false; break;
      case '--dump': options.dump = value(); break;
      case '--help':
      case '-h':
        console.log('usage: npm run fuzz -- [--count N] [--seed S] [--start I] [--hang-ms MS] [--depth D] [--no-fixes] [--dump DIR]');
        process.exit(0);
        break;
      default:
        throw new Error(`unknown argument ${arg}`);
    }
  }
  return options;
}

async function main() {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`fuzz: ${error.message}`);
    process.exit(2);
  }
  let last = 0;
  const report = await runFuzz({
    root,
    seed: options.seed,
    count: options.count,
    start: options.start,
    hangMs: options.hangMs,
    nestingDepth: options.depth,
    fixes: options.fixes,
    onProgress: (done) => {
      if (process.stderr.isTTY && done - last >= 250) {
        last = done;
        process.stderr.write(`\r${done}/${options.count}`);
      }
    },
  });
  if (process.stderr.isTTY) process.stderr.write('\r');
  console.log(formatReport(report));
  const failures = [...report.crashes, ...report.hangs, ...report.internalErrors, ...report.fixViolations, ...report.semanticFixViolations];
  if (options.dump && failures.length > 0) {
    fs.mkdirSync(options.dump, { recursive: true });
    const corpus = loadCorpus(root);
    for (const f of failures) {
      const input = generateInput(corpus, options.seed, f.index, { nestingDepth: options.depth });
      fs.writeFileSync(path.join(options.dump, `${f.index}-${input.fileName}`), input.text);
    }
    console.log(`wrote ${failures.length} failing inputs to ${options.dump}`);
  }
  process.exit(failures.length > 0 ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});
