// The "scale the targets" fix of unscaled-targets: a named constant computed from the data's
// largest magnitude, and the targets divided by it where the loss sees them. Predictions come out
// in the scaled units, so the inserted comment says to multiply them back.

import ts = require('typescript');
import type { FileFacts } from '../analysis/facts';
import type { Fix } from '../analysis/types';
import * as R from '../analysis/ranges';
import { afterImports } from './edits';

/** A round number at least as large as `maxAbs` (2000 → 2000, 1.7e5 → 2e5), so the targets land in [-1, 1]. */
export function targetScale(maxAbs: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(maxAbs));
  return Number((Math.ceil(maxAbs / magnitude) * magnitude).toPrecision(6));
}

export function scaleTargetsFix(facts: FileFacts, targets: ts.Expression, maxAbs: number): Fix | undefined {
  if (ts.isArrayLiteralExpression(targets) || ts.isObjectLiteralExpression(targets) || ts.isSpreadElement(targets)) return undefined;
  const scale = targetScale(maxAbs);
  let name = 'TARGET_SCALE';
  for (let i = 2; new RegExp(`\\b${name}\\b`).test(facts.text); i++) name = `TARGET_SCALE_${i}`;
  const at = afterImports(facts);
  const declaration = [
    `// The targets reach ${R.formatNumber(maxAbs)}: train on targets divided by ${name}, and multiply the`,
    `// model's predictions by ${name} to get them back in the original units.`,
    `const ${name} = ${formatScale(scale)};`,
  ].join('\n');
  const text = targets.getText();
  const simple = ts.isIdentifier(targets) || ts.isCallExpression(targets) || ts.isPropertyAccessExpression(targets) ||
    ts.isElementAccessExpression(targets) || ts.isParenthesizedExpression(targets);
  return {
    title: `Scale the targets: divide them by ${formatScale(scale)} (and multiply predictions back)`,
    safety: 'unsafe',
    remedy: 'normalize-targets',
    preferred: true,
    edits: [
      { span: { start: at, end: at }, newText: at === 0 ? `${declaration}\n\n` : `\n\n${declaration}` },
      { span: { start: targets.getStart(facts.sourceFile), end: targets.getEnd() }, newText: `${simple ? text : `(${text})`}.div(${name})` },
    ],
  };
}

function formatScale(v: number): string {
  return Number.isInteger(v) && Math.abs(v) < 1e21 ? String(v) : v.toExponential();
}
