// Edit helpers shared by rule fixes: reaching the TF.js namespace (adding an import when the file
// only has named imports), inserting a helper function once, and the backend-aware epsilon.

import ts = require('typescript');
import type { FileFacts } from '../analysis/facts';
import type { Fix, TextEdit } from '../analysis/types';

export interface Namespace {
  name: string;
  /** Edits that add the import, when the file has no namespace binding yet. */
  edits: TextEdit[];
}

function isTypeScript(facts: FileFacts): boolean {
  return /\.[cm]?tsx?$/i.test(facts.sourceFile.fileName);
}

function isModuleSyntax(facts: FileFacts): boolean {
  return facts.sourceFile.statements.some((s) => ts.isImportDeclaration(s) || ts.isExportDeclaration(s) || ts.isExportAssignment(s));
}

/** Offset after the last top-level import / require statement (where helpers and imports go). */
export function afterImports(facts: FileFacts): number {
  return memo(facts, 'afterImports', () => computeAfterImports(facts));
}

function memo<T>(facts: FileFacts, key: string, compute: () => T): T {
  if (facts.memo.has(key)) return facts.memo.get(key) as T;
  const value = compute();
  facts.memo.set(key, value);
  return value;
}

function computeAfterImports(facts: FileFacts): number {
  let offset = 0;
  for (const s of facts.sourceFile.statements) {
    const isImport = ts.isImportDeclaration(s) || ts.isImportEqualsDeclaration(s) ||
      (ts.isVariableStatement(s) && /\brequire\s*\(/.test(s.getText()) && s.getText().length < 300);
    if (isImport) offset = s.getEnd();
    else if (offset > 0) break;
  }
  return offset;
}

/** The TF.js namespace identifier, adding `import * as tf` / `const tf = require(...)` if needed. */
export function tfNamespace(facts: FileFacts): Namespace {
  return memo(facts, 'tfNamespace', () => computeTfNamespace(facts));
}

function computeTfNamespace(facts: FileFacts): Namespace {
  const existing = facts.bindings.namespaces[0];
  if (existing) return { name: existing, edits: [] };
  const taken = new Set(Object.keys(facts.bindings.named));
  let name = 'tf';
  for (let i = 2; taken.has(name) || new RegExp(`\\b${name}\\b`).test(facts.text); i++) name = `tf${i}`;
  const pkg = facts.bindings.packageName ?? '@tensorflow/tfjs';
  const statement = isModuleSyntax(facts) ? `import * as ${name} from '${pkg}';` : `const ${name} = require('${pkg}');`;
  const at = afterImports(facts);
  return { name, edits: [{ span: { start: at, end: at }, newText: at === 0 ? `${statement}\n` : `\n${statement}` }] };
}

/**
 * The smallest positive value that keeps a float32 or float16 `log` finite on the running backend:
 * 1e-7 on float32 backends, 1e-4 on WebGL with float16 textures, where a 1e-7 guard rounds to 0.
 */
export function epsilonExpression(ns: string): string {
  return `${ns}.backend().epsilon()`;
}

/** Inserts a top-level helper function once, after the imports; nothing if the file has it already. */
export function insertHelper(facts: FileFacts, name: string, source: () => string): TextEdit[] {
  return memo(facts, `helper:${name}`, (): TextEdit[] => {
    if (new RegExp(`function\\s+${name}\\s*[<(]`).test(facts.text)) return [];
    const at = afterImports(facts);
    const text = source();
    return [{ span: { start: at, end: at }, newText: at === 0 ? `${text}\n\n` : `\n\n${text}` }];
  });
}

export function helperFlavour(facts: FileFacts): 'ts' | 'js' {
  return isTypeScript(facts) ? 'ts' : 'js';
}

/**
 * The fixes whose edits name the TF.js namespace where it is in scope. A parameter or a local of
 * the same name (`function loss(tf, b)`, `for (let tf = 0; ...)`) hides the import there, and
 * `tf.maximum(...)` written inside it would call a method of that value instead.
 */
export function fixesWithNamespaceInScope(fixes: Fix[], facts: FileFacts): Fix[] {
  const name = facts.bindings.namespaces[0];
  if (!name || fixes.length === 0) return fixes;
  const uses = new RegExp(`\\b${name.replace(/[$]/g, '\\$&')}\\.`);
  const binding = facts.scopes.declarationOf(name, facts.sourceFile);
  return fixes.filter((fix) => fix.edits.every((e) => {
    if (e.span.file || !uses.test(e.newText)) return true;
    return facts.scopes.declarationOf(name, nodeAt(facts.sourceFile, e.span.start)) === binding;
  }));
}

/** The innermost node that holds the offset. */
function nodeAt(sourceFile: ts.SourceFile, offset: number): ts.Node {
  let node: ts.Node = sourceFile;
  for (;;) {
    let inner: ts.Node | undefined;
    ts.forEachChild(node, (c) => {
      if (c.pos <= offset && offset < c.end) inner = c;
      return inner !== undefined;
    });
    if (!inner) return node;
    node = inner;
  }
}
