// The docs cannot lie: each committed doc equals what the rule renders, and each doc's example is
// flagged by its rule while its "use instead" is not.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyze, rules } from '../src/analysis';
import { renderRuleDoc, renderRuleIndex } from '../src/rules/render-doc';

const DOCS = path.resolve(__dirname, '../../../docs/rules');

describe('rule docs', () => {
  it('the index lists every rule', () => {
    assert.equal(fs.readFileSync(path.join(DOCS, 'README.md'), 'utf8'), renderRuleIndex(rules), 'docs/rules/README.md is stale: run npm run docs');
  });
  for (const rule of rules) {
    describe(rule.meta.id, () => {
      it('doc is generated from the rule', () => {
        const file = path.join(DOCS, `${rule.meta.id}.md`);
        assert.ok(fs.existsSync(file), `docs/rules/${rule.meta.id}.md is missing: run npm run docs`);
        assert.equal(fs.readFileSync(file, 'utf8'), renderRuleDoc(rule), `docs/rules/${rule.meta.id}.md is stale: run npm run docs`);
      });
      it('example is flagged', () => {
        const r = analyze({ fileName: 'example.js', text: rule.meta.docs.example });
        assert.ok(r.findings.some((f) => f.ruleId === rule.meta.id && f.severity !== 'info'), `the example of ${rule.meta.id} is not flagged`);
      });
      it('"use instead" is not flagged', () => {
        const r = analyze({ fileName: 'example.js', text: rule.meta.docs.useInstead });
        assert.deepEqual(r.findings.filter((f) => f.ruleId === rule.meta.id).map((f) => f.message), []);
      });
      it('has every doc section', () => {
        for (const [key, value] of Object.entries(rule.meta.docs)) {
          if (typeof value === 'string') assert.ok(value.trim().length > 20, `${key} is empty`);
        }
      });
    });
  }
});

describe('editor settings', () => {
  it('`nanscope.rules` in package.json offers a severity for every rule', () => {
    const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8')) as {
      contributes: { configuration: { properties: Record<string, { properties?: Record<string, { enum?: string[] }> }> } };
    };
    const listed = manifest.contributes.configuration.properties['nanscope.rules']?.properties ?? {};
    for (const rule of rules) {
      assert.deepEqual(listed[rule.meta.id]?.enum, ['off', 'info', 'warning', 'error'], `nanscope.rules.${rule.meta.id}`);
    }
  });
});
