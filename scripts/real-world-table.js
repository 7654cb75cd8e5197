#!/usr/bin/env node
// Recall and false positives of the analyzer on the realistic corpus test-fixtures/real-world/,
// as markdown (the table in test-fixtures/real-world/README.md). Uses the built analyzer in out/:
// run `npx tsc -b` first.
//
//   node scripts/real-world-table.js [--details]
//
// A failing program (`healthy-*` programs have `// expect: clean`, the others name a cause) is
// *recalled* when a warning or error of a rule in its expect group sits at its `// cause:` line,
// or lists that line among its related locations. A healthy program is a *false positive* when it
// gets any warning or error. Information findings are counted apart: they are allowed on both.

'use strict';

const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const CORPUS = path.join(ROOT, 'test-fixtures', 'real-world');
const OUT = path.join(ROOT, 'out', 'server');

let analysis;
let headersModule;
try {
  analysis = require(path.join(OUT, 'src', 'analysis'));
  headersModule = require(path.join(OUT, 'test', 'helpers', 'fixture-headers'));
} catch (error) {
  console.error(`cannot load the built analyzer (${error.message}); run \`npx tsc -b\` first`);
  process.exit(2);
}
const { analyze, ruleIds } = analysis;
const { parseFixtureHeaders, listSourceFiles, CATALOGUE_RULES } = headersModule;

const CAUSE = /^\/\/\s*cause:\s*([a-z0-9-]+) at line (\d+)\b/m;
const isProblem = (f) => f.severity === 'warning' || f.severity === 'error';

function main() {
  const details = process.argv.includes('--details');
  const programs = listSourceFiles(CORPUS).map((file) => {
    const text = fs.readFileSync(path.join(CORPUS, file), 'utf8');
    const headers = parseFixtureHeaders(text);
    const cause = CAUSE.exec(text);
    const result = analyze({ fileName: file, text });
    const findings = result.findings;
    const healthy = headers.expect && headers.expect.kind === 'clean';
    const group = healthy ? [] : headers.expect.groups[0];
    const causeLine = cause ? Number(cause[2]) : undefined;
    const atCause = (f) => f.range.start.line + 1 === causeLine || f.related.some((r) => r.range.start.line + 1 === causeLine);
    const recalled = !healthy && findings.some((f) => isProblem(f) && group.includes(f.ruleId) && atCause(f));
    const registered = group.some((id) => ruleIds.includes(id));
    return { file, healthy, group, causeRule: cause ? cause[1] : undefined, causeLine, findings, recalled, registered };
  });

  const healthy = programs.filter((p) => p.healthy);
  const failing = programs.filter((p) => !p.healthy);
  const pct = (n, d) => (d === 0 ? '-' : `${((100 * n) / d).toFixed(0)}%`);

  const lines = [];
  lines.push(`Analyzer: ${ruleIds.length} registered rules (${ruleIds.join(', ')}).`);
  lines.push('');
  lines.push('| rule | registered | healthy programs flagged (warning/error) | failing programs flagged | failing programs it owns | owned ones named at the cause line |');
  lines.push('|---|---|---:|---:|---:|---:|');
  const rules = [...new Set([...CATALOGUE_RULES, ...ruleIds])];
  for (const id of rules) {
    const flagged = (group) => group.filter((p) => p.findings.some((f) => f.ruleId === id && isProblem(f))).length;
    const owned = failing.filter((p) => p.causeRule === id);
    const ownedHit = owned.filter((p) => p.recalled).length;
    lines.push(`| \`${id}\` | ${ruleIds.includes(id) ? 'yes' : 'not yet'} | ${flagged(healthy)} / ${healthy.length} | ${flagged(failing)} / ${failing.length} | ${owned.length} | ${ownedHit} / ${owned.length} |`);
  }
  const recalled = failing.filter((p) => p.recalled).length;
  const registeredFailing = failing.filter((p) => p.registered);
  const registeredRecalled = registeredFailing.filter((p) => p.recalled).length;
  const falsePositives = healthy.filter((p) => p.findings.some(isProblem));
  const infoOnHealthy = healthy.filter((p) => p.findings.some((f) => f.severity === 'info')).length;
  lines.push('');
  lines.push(`- **Recall**: ${recalled} / ${failing.length} failing programs (${pct(recalled, failing.length)}) get a warning or error of the right rule at the cause line; ${registeredRecalled} / ${registeredFailing.length} (${pct(registeredRecalled, registeredFailing.length)}) of those whose cause rule is registered.`);
  lines.push(`- **False positives**: ${falsePositives.length} / ${healthy.length} healthy programs (${pct(falsePositives.length, healthy.length)}) get a warning or error${falsePositives.length ? ` (${falsePositives.map((p) => p.file).join(', ')})` : ''}; ${infoOnHealthy} get only information findings.`);

  if (details) {
    lines.push('');
    lines.push('| program | expected | findings (line: severity rule) | verdict |');
    lines.push('|---|---|---|---|');
    for (const p of programs) {
      const found = p.findings.map((f) => `${f.range.start.line + 1}: ${f.severity} ${f.ruleId}`).join('; ') || '-';
      const expected = p.healthy ? 'clean' : `${p.group.join(' or ')} at line ${p.causeLine}`;
      const verdict = p.healthy ? (p.findings.some(isProblem) ? 'false positive' : 'ok') : p.recalled ? 'recalled' : p.registered ? '**missed**' : 'missed (rule not registered yet)';
      lines.push(`| ${p.file} | ${expected} | ${found} | ${verdict} |`);
    }
  }
  console.log(lines.join('\n'));
}

main();
