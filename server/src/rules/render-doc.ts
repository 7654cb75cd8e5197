// Renders a rule's doc (docs/rules/<id>.md) from its meta, so the doc cannot drift from the code.

import { docUrl, type Rule } from './rule';

export function renderRuleDoc(rule: Rule): string {
  const d = rule.meta.docs;
  const lines = [
    `# ${rule.meta.id}`,
    '',
    `> ${d.summary}`,
    '',
    `Fixable: ${rule.meta.fixable ? 'yes' : 'no'}. Suppress with \`// nanscope-disable-next-line ${rule.meta.id}\`.`,
    '',
    '## What it does',
    '',
    d.whatItDoes,
    '',
    '## Why is this bad?',
    '',
    d.whyIsThisBad,
    '',
    '## Example',
    '',
    '```js',
    d.example,
    '```',
    '',
    '## Use instead',
    '',
    '```js',
    d.useInstead,
    '```',
    '',
    '## Fix safety',
    '',
    d.fixSafety,
    '',
    '## How the probe confirms it',
    '',
    d.probe,
    '',
    '## Messages',
    '',
    ...Object.entries(rule.meta.messages).map(([id, text]) => `- \`${id}\`: ${text}`),
    '',
  ];
  if (d.references?.length) lines.push('## References', '', ...d.references.map((r) => `- <${r}>`), '');
  lines.push(`<!-- Generated from server/src/rules/${rule.meta.id}.ts by \`npm run docs\`; ${docUrl(rule.meta.id)} -->`, '');
  return lines.join('\n');
}

export function renderRuleIndex(rules: readonly Rule[]): string {
  return [
    '# Rules',
    '',
    '| rule | what it flags | fixable |',
    '|---|---|---|',
    ...rules.map((r) => `| [\`${r.meta.id}\`](${r.meta.id}.md) | ${r.meta.docs.summary} | ${r.meta.fixable ? 'yes' : 'no'} |`),
    '',
  ].join('\n');
}
