// npm run docs: writes docs/rules/<id>.md and docs/rules/README.md from the rules' meta.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { rules } from '../src/rules';
import { renderRuleDoc, renderRuleIndex } from '../src/rules/render-doc';

const dir = path.resolve(__dirname, '../../../docs/rules');
fs.mkdirSync(dir, { recursive: true });
for (const rule of rules) fs.writeFileSync(path.join(dir, `${rule.meta.id}.md`), renderRuleDoc(rule));
fs.writeFileSync(path.join(dir, 'README.md'), renderRuleIndex(rules));
process.stdout.write(`wrote ${rules.length} rule docs to docs/rules\n`);
