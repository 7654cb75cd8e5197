// Name resolution within one file, without a type checker: every declaration is indexed by name
// during the single walk, and an identifier resolves to the declaration of that name whose scope
// is its nearest enclosing one. Flow-insensitive by design: a `let` is the join of its assignments.

import * as ts from 'typescript';

export type Declaration =
  | ts.VariableDeclaration
  | ts.ParameterDeclaration
  | ts.BindingElement
  | ts.FunctionDeclaration
  | ts.ClassDeclaration
  | ts.ImportSpecifier
  | ts.NamespaceImport
  | ts.ImportClause;

export class Scopes {
  private readonly byName = new Map<string, Declaration[]>();
  /** Assignments `name = value` by the declaration they write to (resolved lazily). */
  private readonly assignmentsByName = new Map<string, ts.BinaryExpression[]>();
  private readonly resolved = new Map<ts.Identifier, Declaration | undefined>();

  /** Called by the walk for every node that declares names. */
  declare(node: ts.Node): void {
    if (
      ts.isVariableDeclaration(node) ||
      ts.isParameter(node) ||
      ts.isBindingElement(node)
    ) {
      if (ts.isIdentifier(node.name)) this.add(node.name.text, node);
    } else if (ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node)) {
      if (node.name) this.add(node.name.text, node);
    } else if (ts.isImportSpecifier(node) || ts.isNamespaceImport(node)) {
      this.add(node.name.text, node);
    } else if (ts.isImportClause(node) && node.name) {
      this.add(node.name.text, node);
    }
  }

  assignment(node: ts.BinaryExpression): void {
    if (ts.isIdentifier(node.left)) {
      const list = this.assignmentsByName.get(node.left.text);
      if (list) list.push(node);
      else this.assignmentsByName.set(node.left.text, [node]);
    }
  }

  private add(name: string, decl: Declaration): void {
    const list = this.byName.get(name);
    if (list) list.push(decl);
    else this.byName.set(name, [decl]);
  }

  resolve(id: ts.Identifier): Declaration | undefined {
    if (this.resolved.has(id)) return this.resolved.get(id);
    const result = this.lookup(id);
    this.resolved.set(id, result);
    return result;
  }

  private lookup(id: ts.Identifier): Declaration | undefined {
    const candidates = this.byName.get(id.text);
    if (!candidates) return undefined;
    if (candidates.length === 1) {
      const only = candidates[0] as Declaration;
      return contains(scopeOf(only), id) ? only : undefined;
    }
    let best: Declaration | undefined;
    let bestDepth = -1;
    for (const decl of candidates) {
      const scope = scopeOf(decl);
      if (!contains(scope, id)) continue;
      const depth = depthOf(scope);
      // The nearest scope wins; within one scope, the last declaration before the use.
      if (depth > bestDepth || (depth === bestDepth && decl.pos <= id.pos)) {
        best = decl;
        bestDepth = depth;
      }
    }
    return best;
  }

  /** Values assigned to a `let`/`var` after its declaration. */
  assignmentsTo(decl: Declaration): ts.Expression[] {
    if (!ts.isVariableDeclaration(decl) || !ts.isIdentifier(decl.name)) return [];
    const list = this.assignmentsByName.get(decl.name.text);
    if (!list) return [];
    return list
      .filter((a) => ts.isIdentifier(a.left) && this.resolve(a.left) === decl)
      .map((a) => a.right);
  }
}

/** The node whose subtree a declaration is visible in. */
export function scopeOf(decl: Declaration): ts.Node {
  if (ts.isParameter(decl)) return decl.parent;
  if (ts.isFunctionDeclaration(decl) || ts.isClassDeclaration(decl)) return decl.parent;
  if (ts.isImportSpecifier(decl) || ts.isNamespaceImport(decl) || ts.isImportClause(decl)) return decl.getSourceFile();
  let node: ts.Node = decl;
  while (ts.isBindingElement(node) || ts.isObjectBindingPattern(node) || ts.isArrayBindingPattern(node)) node = node.parent;
  if (ts.isParameter(node)) return node.parent;
  // VariableDeclaration → VariableDeclarationList → VariableStatement / for-statement.
  const list = node.parent;
  if (list && ts.isVariableDeclarationList(list)) {
    const isVar = (list.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const)) === 0;
    const holder = list.parent;
    if (holder && (ts.isForStatement(holder) || ts.isForOfStatement(holder) || ts.isForInStatement(holder))) return holder;
    if (isVar) return functionScope(holder ?? list);
    return holder?.parent ?? list;
  }
  return node.parent ?? node;
}

function functionScope(node: ts.Node): ts.Node {
  let n: ts.Node | undefined = node;
  while (n && !ts.isFunctionLike(n) && !ts.isSourceFile(n)) n = n.parent;
  return n ?? node.getSourceFile();
}

function contains(scope: ts.Node, node: ts.Node): boolean {
  return node.pos >= scope.pos && node.end <= scope.end;
}

function depthOf(node: ts.Node): number {
  let d = 0;
  for (let n: ts.Node | undefined = node; n; n = n.parent) d++;
  return d;
}
