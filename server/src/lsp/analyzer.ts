// The analyzer as the server sees it: the pure functions of `../analysis`, gathered behind one
// interface so the protocol tests can start the real server with a scripted analyzer and test the
// server's mechanics (ordering, debouncing, code actions) independently of what the rules flag.

import { analyze, type AnalyzeInput, type AnalyzeOutput } from '../analysis/analyze';
import { defaultConfig, mergeConfig, type ConfigProblem, type NanscopeConfig } from '../analysis/config';
import type { Finding } from '../analysis/types';
import { fixAll } from '../fixes/apply';
import { ruleIds } from '../rules';
import { docUrl } from '../rules/rule';

export type { AnalyzeInput, AnalyzeOutput };

export interface Analyzer {
  analyze(input: AnalyzeInput): AnalyzeOutput;
  fixAll(text: string, findings: readonly Finding[]): { text: string; applied: number };
  readonly ruleIds: readonly string[];
  docUrl(ruleId: string): string;
  defaultConfig(): NanscopeConfig;
  mergeConfig(
    base: NanscopeConfig,
    raw: unknown,
    knownRules: readonly string[],
  ): { config: NanscopeConfig; problems: ConfigProblem[] };
}

export const defaultAnalyzer: Analyzer = {
  analyze,
  fixAll: (text, findings) => fixAll(text, findings, 'safe'),
  ruleIds,
  docUrl,
  defaultConfig,
  mergeConfig,
};
