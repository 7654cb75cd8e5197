// How a file refers to TF.js: namespace imports, default imports, named imports, requires,
// destructured requires, dynamic imports, and names re-exported by a local module.

import ts = require('typescript');
import type { TfBindings } from './types';

const TF_PACKAGE = /^@tensorflow\/tfjs(?:-node(?:-gpu)?|-core|-layers|-data|-converter|-backend-[a-z]+)?(?:\/.*)?$/;

/** Top-level TF.js names distinctive enough to recognise a namespace re-exported by a local module. */
const TF_API = new Set([
  'sequential', 'model', 'layers', 'train', 'losses', 'tensor', 'tensor1d', 'tensor2d', 'tensor3d', 'tensor4d',
  'tidy', 'variable', 'variableGrads', 'input', 'randomNormal', 'randomUniform', 'moments', 'metrics',
  'loadLayersModel', 'customGrad', 'oneHot', 'softmax', 'logSoftmax', 'sigmoid', 'matMul', 'scalar',
]);

export function isTfPackage(specifier: string): boolean {
  return TF_PACKAGE.test(specifier);
}

function isRelative(specifier: string): boolean {
  return specifier.startsWith('./') || specifier.startsWith('../');
}

/** `require('x')` / `await import('x')` → 'x'. */
export function moduleOf(expr: ts.Expression | undefined): string | undefined {
  let e = expr;
  while (e && (ts.isAwaitExpression(e) || ts.isParenthesizedExpression(e))) e = e.expression;
  if (!e || !ts.isCallExpression(e)) return undefined;
  const isRequire = ts.isIdentifier(e.expression) && e.expression.text === 'require';
  const isImport = e.expression.kind === ts.SyntaxKind.ImportKeyword;
  const arg = e.arguments[0];
  if ((isRequire || isImport) && arg && ts.isStringLiteralLike(arg)) return arg.text;
  return undefined;
}

/**
 * Collects the file's TF.js bindings from its top-level statements (imports and requires live
 * there in practice). Names imported from a relative module count as TF.js when the file uses
 * them the way TF.js is used (`x.sequential`, `x.layers.dense`), which covers a local `tf.ts` that
 * re-exports the package; the cross-file analysis confirms this when it has the other file.
 */
export function collectBindings(sourceFile: ts.SourceFile): TfBindings {
  const bindings: TfBindings = { namespaces: [], named: {} };
  const localCandidates: { name: string; imported?: string }[] = [];
  const add = (specifier: string, name: string, imported: string | undefined): void => {
    if (isTfPackage(specifier)) {
      bindings.packageName ??= /^@tensorflow\/[^/]+/.exec(specifier)?.[0] ?? specifier;
      if (imported === undefined) bindings.namespaces.push(name);
      else bindings.named[name] = imported;
    } else if (isRelative(specifier)) {
      localCandidates.push(imported === undefined ? { name } : { name, imported });
    }
  };

  for (const statement of sourceFile.statements) for (const [specifier, name, imported] of bindingsOf(statement, sourceFile)) add(specifier, name, imported);

  if (bindings.namespaces.length === 0 && Object.keys(bindings.named).length === 0 && sourceFile.text.includes('@tensorflow/tfjs')) {
    collectNestedRequires(sourceFile, bindings);
  }
  if (bindings.namespaces.length === 0 && Object.keys(bindings.named).length === 0 && localCandidates.length > 0) {
    adoptLocalReexports(sourceFile, localCandidates, bindings);
  }
  return bindings;
}

/** What one top-level statement binds: [module specifier, local name, imported name (none: the module)]. */
type Binding = readonly [string, string, string | undefined];

/** Per statement node: an editor's incremental parse keeps the nodes of untouched statements. */
const statementBindings = new WeakMap<ts.Statement, readonly Binding[]>();

function bindingsOf(statement: ts.Statement, sourceFile: ts.SourceFile): readonly Binding[] {
  const found = statementBindings.get(statement);
  if (found) return found;
  const out: Binding[] = [];
  const add = (specifier: string, name: string, imported: string | undefined): void => {
    out.push([specifier, name, imported]);
  };
  if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
    const specifier = statement.moduleSpecifier.text;
    const clause = statement.importClause;
    if (!clause || clause.isTypeOnly) return remember(statement, out);
    if (clause.name) add(specifier, clause.name.text, undefined);
    const nb = clause.namedBindings;
    if (nb && ts.isNamespaceImport(nb)) add(specifier, nb.name.text, undefined);
    if (nb && ts.isNamedImports(nb)) {
      for (const el of nb.elements) {
        if (!el.isTypeOnly) add(specifier, el.name.text, (el.propertyName ?? el.name).getText(sourceFile));
      }
    }
  } else if (ts.isImportEqualsDeclaration(statement)) {
    const ref = statement.moduleReference;
    if (ts.isExternalModuleReference(ref) && ts.isStringLiteral(ref.expression)) {
      add(ref.expression.text, statement.name.text, undefined);
    }
  } else if (ts.isVariableStatement(statement)) {
    for (const decl of statement.declarationList.declarations) {
      const specifier = requireTarget(decl.initializer);
      if (!specifier) continue;
      const member = requireMember(decl.initializer);
      if (ts.isIdentifier(decl.name)) {
        add(specifier.module, decl.name.text, member);
      } else if (ts.isObjectBindingPattern(decl.name)) {
        for (const el of decl.name.elements) {
          if (!ts.isIdentifier(el.name) || el.dotDotDotToken) continue;
          const imported = el.propertyName && ts.isIdentifier(el.propertyName) ? el.propertyName.text : el.name.text;
          add(specifier.module, el.name.text, member ? `${member}.${imported}` : imported);
        }
      }
    }
  }
  return remember(statement, out);
}

function remember(statement: ts.Statement, found: readonly Binding[]): readonly Binding[] {
  statementBindings.set(statement, found);
  return found;
}

/** `require('x')`, `require('x').layers`, `await import('x')`, `__toESM(require('x'))`. */
function requireTarget(init: ts.Expression | undefined): { module: string } | undefined {
  let e = init;
  while (e && ts.isPropertyAccessExpression(e)) e = e.expression;
  let module = moduleOf(e);
  // Bundlers' interop wrappers: a call whose only argument is the require.
  if (!module && e && ts.isCallExpression(e) && e.arguments.length === 1) module = moduleOf(e.arguments[0]);
  return module ? { module } : undefined;
}

/**
 * Bundles and lazily loading code require TF.js inside functions (`var A=require("@tensorflow/tfjs")`
 * in a module closure). Only when the top level binds nothing and the text names the package.
 */
function collectNestedRequires(sourceFile: ts.SourceFile, bindings: TfBindings): void {
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
      const target = requireTarget(node.initializer);
      if (target && isTfPackage(target.module)) {
        bindings.packageName ??= /^@tensorflow\/[^/]+/.exec(target.module)?.[0] ?? target.module;
        const member = requireMember(node.initializer);
        if (member === undefined) bindings.namespaces.push(node.name.text);
        else bindings.named[node.name.text] = member;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
}

function requireMember(init: ts.Expression | undefined): string | undefined {
  const parts: string[] = [];
  let e = init;
  while (e && ts.isPropertyAccessExpression(e)) {
    parts.unshift(e.name.text);
    e = e.expression;
  }
  return parts.length ? parts.join('.') : undefined;
}

function adoptLocalReexports(
  sourceFile: ts.SourceFile,
  candidates: { name: string; imported?: string }[],
  bindings: TfBindings,
): void {
  const text = sourceFile.text;
  for (const c of candidates) {
    if (c.imported !== undefined && TF_API.has(c.imported)) {
      bindings.named[c.name] = c.imported;
      continue;
    }
    // A namespace-like local name used as `name.<tf api>`.
    const pattern = new RegExp(`\\b${c.name.replace(/\$/g, '\\$')}\\.(\\w+)`, 'g');
    for (const m of text.matchAll(pattern)) {
      if (TF_API.has(m[1] ?? '')) {
        if (c.imported === undefined) bindings.namespaces.push(c.name);
        else bindings.named[c.name] = '';
        break;
      }
    }
  }
}

export function usesTf(bindings: TfBindings): boolean {
  return bindings.namespaces.length > 0 || Object.keys(bindings.named).length > 0;
}
