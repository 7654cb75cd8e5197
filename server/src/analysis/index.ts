// The analyzer's public surface. Pure: no editor, no process, no file system. Never throws.
export { analyze } from './analyze';
export type { AnalyzeInput, AnalyzeOutput } from './analyze';
export { applyEdits, applyFix, fixAll } from '../fixes/apply';
export { defaultConfig, mergeConfig } from './config';
export type { NanscopeConfig, Thresholds, ConfigProblem } from './config';
export { rules, ruleIds, getRule } from '../rules';
export * from './types';
