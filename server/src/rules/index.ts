// The rule registry. Adding a rule: a file in this folder named by its id, an entry here, a fixture
// folder test-fixtures/<rule-id>/, and `npm run docs`.
import { expOverflow } from './exp-overflow';
import { highLearningRate } from './high-learning-rate';
import { lossActivationMismatch } from './loss-activation-mismatch';
import { missingGradientClipping } from './missing-gradient-clipping';
import { missingLearningRate } from './missing-learning-rate';
import { rawLog } from './raw-log';
import type { Rule } from './rule';
import { saturatingActivationUnscaledInput } from './saturating-activation-unscaled-input';
import { unscaledInput } from './unscaled-input';
import { unsafeDivision } from './unsafe-division';
import { unsafeSqrt } from './unsafe-sqrt';
import { unscaledTargets } from './unscaled-targets';
import { zeroEpsilon } from './zero-epsilon';

export const rules: readonly Rule[] = [
  rawLog,
  highLearningRate,
  unscaledInput,
  saturatingActivationUnscaledInput,
  missingGradientClipping,
  unsafeDivision,
  unsafeSqrt,
  expOverflow,
  lossActivationMismatch,
  unscaledTargets,
  missingLearningRate,
  zeroEpsilon,
] as readonly Rule[];

export const ruleIds: readonly string[] = rules.map((r) => r.meta.id);

export function getRule(id: string): Rule | undefined {
  return rules.find((r) => r.meta.id === id);
}
