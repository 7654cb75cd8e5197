// The "drop samples holding NaN" fix of unscaled-input's NaN findings: at the fit call, keep only
// the rows whose inputs and targets are all finite, so an empty or non-numeric field parsed to NaN
// never reaches the loss. Both tensors keep the same rows.

import ts = require('typescript');
import type { FileFacts } from '../analysis/facts';
import type { Fix } from '../analysis/types';
import type { FitFact } from '../analysis/values';
import { helperFlavour, insertHelper, tfNamespace } from './edits';
import { DROP_NON_FINITE_HELPER } from './helpers';

export function dropNonFiniteHelper(ns: string, flavour: 'ts' | 'js'): string {
  const ts_ = flavour === 'ts';
  const sig = ts_
    ? `function ${DROP_NON_FINITE_HELPER}(xs: ${ns}.Tensor, ys: ${ns}.Tensor): [${ns}.Tensor, ${ns}.Tensor] {`
    : `function ${DROP_NON_FINITE_HELPER}(xs, ys) {`;
  const param = ts_ ? `(t: ${ns}.Tensor)` : '(t)';
  const cast = ts_ ? ` as [${ns}.Tensor, ${ns}.Tensor]` : '';
  return [
    '// Keep only the samples whose inputs and targets are all finite: a NaN (an empty or non-numeric',
    '// field parsed by parseFloat / Number) makes the loss NaN, then every weight. Data you predict on',
    '// needs the same check.',
    sig,
    `  return ${ns}.tidy(() => {`,
    `    const finiteRows = ${param} => ${ns}.isFinite(t.reshape([t.shape[0], -1])).all(1);`,
    `    const ok = ${ns}.logicalAnd(finiteRows(xs), finiteRows(ys)).dataSync();`,
    '    const keep = Array.from(ok).flatMap((v, i) => (v ? [i] : []));',
    `    return [${ns}.gather(xs, keep), ${ns}.gather(ys, keep)]${cast};`,
    '  });',
    '}',
  ].join('\n');
}

/** `model.fit(xs, ys, ...)` becomes `model.fit(...dropNonFiniteRows(xs, ys), ...)`. */
export function dropNonFiniteFix(facts: FileFacts, fit: FitFact): Fix | undefined {
  const [x, y] = fit.node.arguments;
  if (fit.kind !== 'fit' || !x || !y || ts.isSpreadElement(x) || ts.isSpreadElement(y)) return undefined;
  // Both must be data: `fit(xs, tf.tensor2d, ...)` passes a function where the targets go.
  if (!fit.x || !fit.y) return undefined;
  const ns = tfNamespace(facts);
  return {
    title: 'Drop the samples whose inputs or targets are NaN or Infinity before fitting',
    safety: 'unsafe',
    remedy: 'other',
    preferred: true,
    edits: [
      ...ns.edits,
      ...insertHelper(facts, DROP_NON_FINITE_HELPER, () => dropNonFiniteHelper(ns.name, helperFlavour(facts))),
      { span: { start: x.getStart(), end: y.getEnd() }, newText: `...${DROP_NON_FINITE_HELPER}(${x.getText()}, ${y.getText()})` },
    ],
  };
}
