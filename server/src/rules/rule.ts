// The rule contract. A rule is a `meta` (id, messages, docs) plus `check(context)`. Rules never walk
// the syntax tree: the analysis collects facts once and every rule reads them.

import type { FileFacts } from '../analysis/facts';
import type { Fix, Severity, Span } from '../analysis/types';
import { fixesWithNamespaceInScope } from '../fixes/edits';

/** The user doc of a rule, under ruff's fixed headings. `docs/rules/<id>.md` is generated from it. */
export interface RuleDocs {
  /** One sentence, shown in rule lists and SARIF. */
  summary: string;
  whatItDoes: string;
  whyIsThisBad: string;
  /** A complete program the rule flags (the docs test runs it through the rule). */
  example: string;
  /** The same program written safely (the docs test checks the rule stays quiet). */
  useInstead: string;
  fixSafety: string;
  probe: string;
  references?: string[];
}

export interface RuleMeta<MessageId extends string = string> {
  id: string;
  /** Message templates keyed by message id; `{name}` is replaced from the finding's data. */
  messages: Record<MessageId, string>;
  /** The rule can offer fixes. */
  fixable: boolean;
  docs: RuleDocs;
}

export interface Report<MessageId extends string = string> {
  messageId: MessageId;
  severity: Severity;
  span: Span;
  data?: Record<string, string | number>;
  related?: { span: Span; message: string }[];
  fixes?: Fix[];
  siteId?: string;
}

export interface RuleContext<MessageId extends string = string> {
  facts: FileFacts;
  report(report: Report<MessageId>): void;
}

export interface Rule<MessageId extends string = string> {
  meta: RuleMeta<MessageId>;
  check(context: RuleContext<MessageId>): void;
}

/**
 * Typed rule factory: checks at compile time that every report uses a declared message id. Fixes
 * that would write the TF.js namespace where a local of that name hides it are dropped.
 */
export function defineRule<MessageId extends string>(rule: Rule<MessageId>): Rule<MessageId> {
  return {
    meta: rule.meta,
    check: (context) => rule.check({
      facts: context.facts,
      report: (report) => context.report(report.fixes ? { ...report, fixes: fixesWithNamespaceInScope(report.fixes, context.facts) } : report),
    }),
  };
}

export const DOCS_BASE_URL = 'https://github.com/nanscope/nanscope/blob/main/docs/rules/';

export function docUrl(ruleId: string): string {
  return `${DOCS_BASE_URL}${ruleId}.md`;
}
