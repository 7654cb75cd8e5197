#!/usr/bin/env node
// The analysis benchmark's floor (issue 6, item 1): read each file and `ts.createSourceFile` it
// with the same TypeScript the analyzer uses, and nothing else. As a process:
//
//   node bench/parse-floor.js <file or folder>...
//
// Folders are walked for the extensions the CLI lints (.js .mjs .cjs .jsx .ts .mts .cts .tsx),
// skipping node_modules. Prints the number of files and statements parsed.

'use strict';

const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

const EXTENSIONS = /\.(?:[cm]?[jt]s|[jt]sx)$/;

function listFiles(targets) {
  const files = [];
  const walk = (p) => {
    const stat = fs.statSync(p);
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(p).sort()) if (name !== 'node_modules' && !name.startsWith('.')) walk(path.join(p, name));
    } else if (EXTENSIONS.test(p)) files.push(p);
  };
  for (const t of targets) walk(path.resolve(t));
  return files;
}

function scriptKind(file) {
  if (/\.tsx$/.test(file)) return ts.ScriptKind.TSX;
  if (/\.jsx$/.test(file)) return ts.ScriptKind.JSX;
  if (/\.[cm]?ts$/.test(file)) return ts.ScriptKind.TS;
  return ts.ScriptKind.JS;
}

/** Reads and parses every file; returns the statement count so the work cannot be skipped. */
function parseAll(files) {
  let statements = 0;
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, scriptKind(file));
    statements += sf.statements.length;
  }
  return statements;
}

module.exports = { listFiles, parseAll, scriptKind };

if (require.main === module) {
  const files = listFiles(process.argv.slice(2));
  const statements = parseAll(files);
  process.stdout.write(`${files.length} files, ${statements} top-level statements\n`);
}
