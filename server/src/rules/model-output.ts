// Where a tensor in a loss comes from: a model's raw output (`model.predict(x)`, `model.apply(x)`, a
// const holding it, or the prediction argument of a model's custom loss), and which training site
// a loss call belongs to. Shared by the rules that compare a loss with the model it trains.

import ts = require('typescript');
import type { FileFacts } from '../analysis/facts';
import type { ModelFact } from '../analysis/values';

/** Value-preserving calls a prediction may go through before the loss. */
const SHAPE_METHODS = new Set(['squeeze', 'reshape', 'flatten', 'asType', 'toFloat', 'cast', 'expandDims', 'as1D', 'as2D', 'clone']);
const PREDICT_METHODS = new Set(['predict', 'apply', 'predictOnBatch']);

/** The model whose raw output `expr` is: `model.predict(x)`, a const holding it, or a custom loss's prediction argument. */
export function sourceModel(expr: ts.Expression, facts: FileFacts, depth = 0): ModelFact | undefined {
  if (depth > 8) return undefined;
  const e = strip(expr);
  if (ts.isIdentifier(e)) {
    const decl = facts.scopes.resolve(e);
    if (!decl) return undefined;
    if (ts.isParameter(decl)) {
      for (const { fact } of facts.models) if (fact.lossFn && fact.lossFn.parameters[1] === decl) return fact;
      return undefined;
    }
    if (ts.isVariableDeclaration(decl) && decl.initializer && facts.scopes.assignmentsTo(decl).length === 0) {
      return sourceModel(decl.initializer, facts, depth + 1);
    }
    return undefined;
  }
  if (!ts.isCallExpression(e)) return undefined;
  const callee = strip(e.expression);
  if (ts.isPropertyAccessExpression(callee)) {
    const method = callee.name.text;
    const path = facts.evaluator.tfPath(callee);
    if (path === 'tidy') return tidyBody(e, facts, depth);
    if (path !== undefined) return SHAPE_METHODS.has(method) && e.arguments[0] ? sourceModel(e.arguments[0], facts, depth + 1) : undefined;
    if (PREDICT_METHODS.has(method)) {
      const receiver = facts.evaluator.value(callee.expression);
      return receiver.kind === 'model' ? receiver.model : undefined;
    }
    if (SHAPE_METHODS.has(method)) return sourceModel(callee.expression, facts, depth + 1);
    return undefined;
  }
  const path = facts.evaluator.tfPath(callee);
  if (path === 'tidy') return tidyBody(e, facts, depth);
  if (path !== undefined && SHAPE_METHODS.has(path) && e.arguments[0]) return sourceModel(e.arguments[0], facts, depth + 1);
  return undefined;
}

function tidyBody(call: ts.CallExpression, facts: FileFacts, depth: number): ModelFact | undefined {
  const fn = call.arguments.find((a) => ts.isArrowFunction(a));
  return fn && ts.isArrowFunction(fn) && !ts.isBlock(fn.body) ? sourceModel(fn.body, facts, depth + 1) : undefined;
}

export function strip(e: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e) || ts.isSatisfiesExpression(e) || ts.isTypeAssertionExpression(e)) e = e.expression;
  return e;
}

/** The training site of a loss call: the loop whose closure contains it, else the model's fit. */
export function siteContaining(node: ts.Node, facts: FileFacts, model: ModelFact): string | undefined {
  for (const s of facts.sites) {
    if (s.closure && node.pos >= s.closure.pos && node.end <= s.closure.end) return s.site.id;
  }
  return model.fits[0] ? `site@${model.fits[0].node.getStart()}` : undefined;
}

