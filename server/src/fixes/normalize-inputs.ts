// The "normalize the inputs" fix shared by unscaled-input and saturating-activation-unscaled-input:
// z-score the training data where it is defined (so predictions use the same pipeline), or at the
// fit call when the data comes from elsewhere.

import ts = require('typescript');
import type { FileFacts } from '../analysis/facts';
import type { Fix } from '../analysis/types';
import { span, type FitFact } from '../analysis/values';
import { helperFlavour, insertHelper, tfNamespace } from './edits';
import { STANDARDIZE_HELPER, standardizeHelper } from './helpers';

export function normalizeInputsFix(facts: FileFacts, fit: FitFact): Fix | undefined {
  const x = fit.xNode;
  if (!x) return undefined;
  const ns = tfNamespace(facts);
  const target = definitionOf(x, facts) ?? x;
  const targetSpan = span(target);
  return {
    title: `Standardize the inputs (z-score per feature, with epsilon) at ${target === x ? 'the fit call' : 'their definition'}`,
    safety: 'unsafe',
    remedy: 'normalize-inputs',
    preferred: true,
    edits: [
      ...ns.edits,
      ...insertHelper(facts, STANDARDIZE_HELPER, () => standardizeHelper(ns.name, helperFlavour(facts))),
      { span: targetSpan, newText: `${STANDARDIZE_HELPER}(${target.getText()})` },
    ],
  };
}

/**
 * `const X = <init>` with X used at the fit call: the initializer, when X is a const declared before
 * and never assigned (`const x = x = raw`, a runtime error, would keep the raw value flowing into X
 * past a standardized initializer: the fit call is the one place that covers every value).
 */
function definitionOf(x: ts.Expression, facts: FileFacts): ts.Expression | undefined {
  if (!ts.isIdentifier(x)) return undefined;
  const decl = facts.scopes.resolve(x);
  if (!decl || !ts.isVariableDeclaration(decl) || !decl.initializer || !ts.isIdentifier(decl.name)) return undefined;
  const list = decl.parent;
  const isConst = ts.isVariableDeclarationList(list) && (list.flags & ts.NodeFlags.Const) !== 0;
  if (facts.scopes.assignmentsTo(decl).length > 0 || facts.scopes.updatesTo(decl).length > 0) return undefined;
  return isConst && decl.getStart() < x.getStart() ? decl.initializer : undefined;
}
