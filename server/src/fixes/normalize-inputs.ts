// The "normalize the inputs" fix shared by unscaled-input and saturating-activation-unscaled-input:
// z-score the training data where it is defined (so predictions use the same pipeline), or at the
// fit call when the data comes from elsewhere.

import * as ts from 'typescript';
import type { FileFacts } from '../analysis/facts';
import type { Fix } from '../analysis/types';
import type { FitFact } from '../analysis/values';
import { helperFlavour, insertHelper, tfNamespace } from './edits';
import { STANDARDIZE_HELPER, standardizeHelper } from './helpers';

export function normalizeInputsFix(facts: FileFacts, fit: FitFact): Fix | undefined {
  const x = fit.xNode;
  if (!x) return undefined;
  const ns = tfNamespace(facts);
  const target = definitionOf(x, facts) ?? x;
  const targetSpan = { start: target.getStart(), end: target.getEnd() };
  return {
    title: `Standardize the inputs (z-score per feature, with epsilon) at ${target === x ? 'the fit call' : 'their definition'}`,
    safety: 'unsafe',
    remedy: 'normalize-inputs',
    preferred: true,
    edits: [
      ...ns.edits,
      ...insertHelper(facts, STANDARDIZE_HELPER, standardizeHelper(ns.name, helperFlavour(facts))),
      { span: targetSpan, newText: `${STANDARDIZE_HELPER}(${target.getText(facts.sourceFile)})` },
    ],
  };
}

/** `const X = <init>` with X used at the fit call: the initializer, when it is a single const. */
function definitionOf(x: ts.Expression, facts: FileFacts): ts.Expression | undefined {
  if (!ts.isIdentifier(x)) return undefined;
  const decl = findConst(x, facts.sourceFile);
  return decl?.initializer;
}

function findConst(id: ts.Identifier, sourceFile: ts.SourceFile): ts.VariableDeclaration | undefined {
  let found: ts.VariableDeclaration | undefined;
  let count = 0;
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === id.text) {
      count++;
      found = node;
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  if (count !== 1 || !found?.initializer) return undefined;
  const list = found.parent;
  const isConst = ts.isVariableDeclarationList(list) && (list.flags & ts.NodeFlags.Const) !== 0;
  return isConst && found.getStart() < id.getStart() ? found : undefined;
}
