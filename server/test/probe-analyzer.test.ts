// End to end: the project's analyzer on test-fixtures/seeds, plans built from what it found, and
// the probe's verdict held to each fixture's `// truth:` header (non-finite versus finite). A file
// whose training site the analyzer does not report yet is skipped, and says so.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { analyze } from '../src/analysis/analyze';
import { buildProbePlan } from '../src/probe/plan';
import { NON_FINITE_VERDICTS, isUnbuildable } from '../src/probe/protocol';
import { ProbeRunner } from '../src/probe/runner';

const SEEDS = path.resolve(__dirname, '../../../test-fixtures/seeds');
const runner = new ProbeRunner({ maxWorkers: 2 });
after(() => runner.dispose());

/** `nan ...` / `inf ...` → non-finite; `stable ...` → finite; anything else → no claim. */
function truthOf(text: string): 'non-finite' | 'finite' | undefined {
  const line = /^\/\/ truth:\s*(.*)$/m.exec(text)?.[1]?.toLowerCase() ?? '';
  if (/^(nan|inf)\b/.test(line)) return 'non-finite';
  if (/^(stable|finite)\b/.test(line)) return 'finite';
  return undefined;
}

const files = fs.existsSync(SEEDS) ? fs.readdirSync(SEEDS).filter((f) => /^[cv]\d+.*\.[cm]?[jt]s$/.test(f)).sort() : [];

describe('probe on the analyzer\'s view of the seed fixtures', () => {
  for (const name of files) {
    test(name, async (t) => {
      const fileName = path.join(SEEDS, name);
      const text = fs.readFileSync(fileName, 'utf8');
      const truth = truthOf(text);
      const result = analyze({ fileName, text });
      if (result.sites.length === 0) {
        t.skip(truth === 'non-finite' && !/no training/.test(text) ? 'the analyzer reports no training site here yet' : 'no training site');
        return;
      }
      for (const site of result.sites) {
        const plan = buildProbePlan(result, site.id, { text, sourceFile: result.sourceFile, fixes: false, budgetMs: 3000 });
        assert.ok(!isUnbuildable(plan), `${name}: ${isUnbuildable(plan) ? plan.reason : ''}`);
        const report = await runner.run(plan);
        assert.equal(report.failure, null, `${name}: ${report.reason}`);
        if (truth) {
          const seen = NON_FINITE_VERDICTS.includes(report.verdict) ? 'non-finite' : 'finite';
          assert.equal(seen, truth, `${name}: ${report.verdict}: ${report.reason}`);
        }
        if (NON_FINITE_VERDICTS.includes(report.verdict)) {
          assert.ok(report.firstNonFinite?.op, `${name}: op named (${report.reason})`);
          assert.ok(report.firstNonFinite?.line, `${name}: line named (${report.reason})`);
        }
      }
    });
  }
});
