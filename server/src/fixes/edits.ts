// Edit helpers shared by rule fixes: reaching the TF.js namespace (adding an import when the file
// only has named imports), inserting a helper function once, and the backend-aware epsilon.

import ts = require('typescript');
import type { FileFacts } from '../analysis/facts';
import type { Fix, TextEdit } from '../analysis/types';
import { HELPER_NAMES } from './helpers';

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
  return importsEnd(facts.sourceFile);
}

/** An import, or a short statement that requires something. */
export function isImportLike(s: ts.Statement): boolean {
  return ts.isImportDeclaration(s) || ts.isImportEqualsDeclaration(s) ||
    (ts.isVariableStatement(s) && /\brequire\s*\(/.test(s.getText()) && s.getText().length < 300);
}

/** Offset after the last statement of the file's leading run of imports / requires (0 if none). */
export function importsEnd(sourceFile: ts.SourceFile): number {
  let offset = 0;
  for (const s of sourceFile.statements) {
    if (isImportLike(s)) offset = s.getEnd();
    else if (offset > 0) break;
  }
  return offset;
}

/**
 * What fixes read from the whole text rather than from the statements they fix: whether the file
 * uses module syntax, the `tf*` / `TARGET_SCALE*` names a new name must avoid, and which of the
 * helpers fixes insert (fixes/helpers.ts `HELPER_NAMES`) it declares already. Incremental analysis reuses fixes only while this stays the same:
 * a fix that reads anything else of the whole text must add it here.
 */
export function textWideFixInputs(sourceFile: ts.SourceFile): string {
  const names = new Set<string>();
  // Statement by statement (their full texts and the end of file's cover the text), each read once
  // while the incremental parse keeps it.
  for (const s of sourceFile.statements) for (const n of fixNamesIn(s, sourceFile)) names.add(n);
  for (const n of fixNamesIn(sourceFile.endOfFileToken, sourceFile)) names.add(n);
  const moduleSyntax = sourceFile.statements.some((s) => ts.isImportDeclaration(s) || ts.isExportDeclaration(s) || ts.isExportAssignment(s));
  return `${moduleSyntax}\u0000${[...names].sort().join(',')}`;
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
  // Incremental analysis watches these names only (`textWideFixInputs`).
  if (!HELPER_NAMES.includes(name)) throw new Error(`insertHelper: ${name} is not in HELPER_NAMES`);
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

const fixNamesMemo = new WeakMap<ts.Node, readonly string[]>();

const fixNamesPattern = new RegExp(`\\b(tf\\d*|TARGET_SCALE\\w*)\\b|function\\s+(${HELPER_NAMES.join('|')})\\s*[<(]`, 'g');

function fixNamesIn(node: ts.Node, sourceFile: ts.SourceFile): readonly string[] {
  let names = fixNamesMemo.get(node);
  if (!names) {
    const found = new Set<string>();
    for (const m of node.getFullText(sourceFile).matchAll(fixNamesPattern)) found.add(m[1] ?? `function ${m[2]}`);
    names = [...found];
    fixNamesMemo.set(node, names);
  }
  return names;
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
