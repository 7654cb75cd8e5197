// The rule registry. Adding a rule: a file in this folder, an entry here, a fixture folder under
// test-fixtures/<rule-id>/, and `npm run docs`.
import type { Rule } from './rule';

export const rules: readonly Rule[] = [];

export const ruleIds: readonly string[] = rules.map((r) => r.meta.id);

export function getRule(id: string): Rule | undefined {
  return rules.find((r) => r.meta.id === id);
}
