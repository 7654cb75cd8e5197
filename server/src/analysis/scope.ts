// Name resolution within one file, without a type checker: every declaration is indexed by name
// during the single walk, and an identifier resolves to the declaration of that name whose scope
// is its nearest enclosing one. Flow-insensitive by design: a `let` is the join of its assignments.

import ts = require('typescript');

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
  /** Declarations by the node whose subtree they are visible in, then by name. */
  private readonly byScope = new Map<ts.Node, Map<string, Declaration[]>>();
  /** Assignments `name = value`, by name (resolved lazily to their declaration). */
  private readonly assignmentsByName = new Map<string, ts.BinaryExpression[]>();
  private readonly resolved = new Map<ts.Identifier, Declaration | undefined>();
  /** Updates in place (`x += v`, `x++`, `--x`), by name. */
  private readonly updatesByName = new Map<string, Update[]>();
  /** Every identifier of each file, by name, in document order. */
  private readonly usesByFile = new Map<ts.SourceFile, Map<string, ts.Identifier[]>>();

  /** Called by the walk for every identifier of `file`, in document order. */
  use(file: ts.SourceFile, id: ts.Identifier): void {
    let byName = this.usesByFile.get(file);
    if (!byName) {
      byName = new Map();
      this.usesByFile.set(file, byName);
    }
    const list = byName.get(id.text);
    if (list) list.push(id);
    else byName.set(id.text, [id]);
  }

  /** The identifiers of `file` spelled `name`, in document order. */
  uses(file: ts.SourceFile, name: string): readonly ts.Identifier[] {
    return this.usesByFile.get(file)?.get(name) ?? [];
  }

  /** Called by the walk for every node that declares names. */
  declare(node: ts.Node): void {
    switch (node.kind) {
      case ts.SyntaxKind.VariableDeclaration:
      case ts.SyntaxKind.Parameter:
      case ts.SyntaxKind.BindingElement: {
        const d = node as ts.VariableDeclaration | ts.ParameterDeclaration | ts.BindingElement;
        if (ts.isIdentifier(d.name)) this.add(d.name.text, d);
        return;
      }
      case ts.SyntaxKind.FunctionDeclaration:
      case ts.SyntaxKind.ClassDeclaration:
      case ts.SyntaxKind.ImportClause: {
        const d = node as ts.FunctionDeclaration | ts.ClassDeclaration | ts.ImportClause;
        if (d.name) this.add(d.name.text, d);
        return;
      }
      case ts.SyntaxKind.ImportSpecifier:
      case ts.SyntaxKind.NamespaceImport: {
        const d = node as ts.ImportSpecifier | ts.NamespaceImport;
        this.add(d.name.text, d);
        return;
      }
    }
  }

  assignment(node: ts.BinaryExpression): void {
    if (ts.isIdentifier(node.left)) {
      const list = this.assignmentsByName.get(node.left.text);
      if (list) list.push(node);
      else this.assignmentsByName.set(node.left.text, [node]);
    }
  }

  /** Called by the walk for compound assignments and increments of a name. */
  update(node: ts.Node): void {
    const target = updatedName(node);
    if (!target) return;
    const list = this.updatesByName.get(target.text);
    if (list) list.push(node as Update);
    else this.updatesByName.set(target.text, [node as Update]);
  }

  private updatesByDecl: Map<Declaration, Update[]> | undefined;

  /** In-place updates of a `let`/`var` (`+=`, `-=`, `*=`, `/=`, `%=`, `++`, `--`), indexed on first use. */
  updatesTo(decl: Declaration): Update[] {
    if (!this.updatesByDecl) {
      this.updatesByDecl = new Map();
      for (const list of this.updatesByName.values()) {
        for (const u of list) {
          const id = updatedName(u);
          const target = id ? this.resolve(id) : undefined;
          if (!target) continue;
          const values = this.updatesByDecl.get(target);
          if (values) values.push(u);
          else this.updatesByDecl.set(target, [u]);
        }
      }
    }
    return this.updatesByDecl.get(decl) ?? [];
  }

  private add(name: string, decl: Declaration): void {
    const scope = scopeOf(decl);
    let names = this.byScope.get(scope);
    if (!names) {
      names = new Map();
      this.byScope.set(scope, names);
    }
    const list = names.get(name);
    if (list) list.push(decl);
    else names.set(name, [decl]);
  }

  /** The declaration a use of `name` at `at` would resolve to (a name not written there yet). */
  declarationOf(name: string, at: ts.Node): Declaration | undefined {
    for (let n: ts.Node | undefined = at; n; n = n.parent) {
      const list = this.byScope.get(n)?.get(name);
      if (list) return list.filter((d) => d.pos <= at.pos).pop() ?? list[0];
    }
    return undefined;
  }

  /** Walks up from the identifier: the nearest scope that declares the name wins. */
  resolve(id: ts.Identifier): Declaration | undefined {
    if (this.resolved.has(id)) return this.resolved.get(id);
    let result: Declaration | undefined;
    for (let n: ts.Node | undefined = id; n; n = n.parent) {
      const list = this.byScope.get(n)?.get(id.text);
      if (!list) continue;
      // Within one scope, the last declaration before the use (redeclared `var`s).
      result = list.filter((d) => d.pos <= id.pos).pop() ?? list[0];
      break;
    }
    this.resolved.set(id, result);
    return result;
  }

  private assignmentsByDecl: Map<Declaration, ts.Expression[]> | undefined;

  /** Values assigned to a `let`/`var` after its declaration (indexed once, on first use). */
  assignmentsTo(decl: Declaration): ts.Expression[] {
    if (!this.assignmentsByDecl) {
      this.assignmentsByDecl = new Map();
      for (const list of this.assignmentsByName.values()) {
        for (const a of list) {
          const target = ts.isIdentifier(a.left) ? this.resolve(a.left) : undefined;
          if (!target) continue;
          const values = this.assignmentsByDecl.get(target);
          if (values) values.push(a.right);
          else this.assignmentsByDecl.set(target, [a.right]);
        }
      }
    }
    return this.assignmentsByDecl.get(decl) ?? [];
  }
}

/** `x += v` (any compound assignment) or `x++` / `--x`. */
export type Update = ts.BinaryExpression | ts.PrefixUnaryExpression | ts.PostfixUnaryExpression;

const COMPOUND_ASSIGNMENTS = new Set<ts.SyntaxKind>([
  ts.SyntaxKind.PlusEqualsToken, ts.SyntaxKind.MinusEqualsToken, ts.SyntaxKind.AsteriskEqualsToken,
  ts.SyntaxKind.SlashEqualsToken, ts.SyntaxKind.PercentEqualsToken, ts.SyntaxKind.AsteriskAsteriskEqualsToken,
  ts.SyntaxKind.LessThanLessThanEqualsToken, ts.SyntaxKind.GreaterThanGreaterThanEqualsToken,
  ts.SyntaxKind.GreaterThanGreaterThanGreaterThanEqualsToken, ts.SyntaxKind.AmpersandEqualsToken,
  ts.SyntaxKind.BarEqualsToken, ts.SyntaxKind.CaretEqualsToken, ts.SyntaxKind.BarBarEqualsToken,
  ts.SyntaxKind.AmpersandAmpersandEqualsToken, ts.SyntaxKind.QuestionQuestionEqualsToken,
]);

/** The identifier a compound assignment or an increment / decrement updates. */
export function updatedName(node: ts.Node): ts.Identifier | undefined {
  if (ts.isBinaryExpression(node) && COMPOUND_ASSIGNMENTS.has(node.operatorToken.kind)) {
    return ts.isIdentifier(node.left) ? node.left : undefined;
  }
  if ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) &&
    (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken)) {
    return ts.isIdentifier(node.operand) ? node.operand : undefined;
  }
  return undefined;
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

