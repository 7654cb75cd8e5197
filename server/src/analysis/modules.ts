// The workspace's modules, for cross-file analysis: a file that imports `./data` or requires
// `../model` sees the values those modules export. The analyzer stays free of I/O: a host (the CLI's
// or the server's) resolves specifiers and reads files; this graph parses and caches them, so a CLI
// run parses each module once and the server re-parses only the files that changed.

import ts = require('typescript');
import { parse } from './parse';

export interface ModuleHost {
  /** The file a relative specifier written in `fromFile` refers to, or undefined. */
  resolve(specifier: string, fromFile: string): string | undefined;
  /** The file's text, or undefined when it cannot be read (missing, too large, binary). */
  read(fileName: string): string | undefined;
}

export interface ModuleGraphOptions {
  /** Most modules one analysis follows (the file itself not counted). */
  maxModules?: number;
  /** Larger files are not followed. */
  maxFileSize?: number;
}

interface Entry {
  text: string;
  /**
   * The module's parse, when another file's analysis needs it. A file that is only analyzed (an
   * open document that nothing imports) keeps just its imports here: its parse is its owner's.
   */
  sourceFile?: ts.SourceFile;
  /** Resolved relative imports, by specifier. */
  imports: Map<string, string>;
}

export function isRelativeSpecifier(specifier: string): boolean {
  return specifier.startsWith('./') || specifier.startsWith('../') || specifier === '.' || specifier === '..';
}

/** Module specifiers a file refers to: imports, re-exports, `require`, `import()`. */
export function moduleSpecifiers(sourceFile: ts.SourceFile): string[] {
  const out = new Set<string>();
  for (const statement of sourceFile.statements) for (const specifier of statementSpecifiers(statement)) out.add(specifier);
  return [...out];
}

/**
 * Per statement node: an incremental parse keeps the statements an edit did not touch, so an
 * edited document's specifiers cost a walk of the changed statements only.
 */
const specifiersMemo = new WeakMap<ts.Statement, readonly string[]>();

function statementSpecifiers(statement: ts.Statement): readonly string[] {
  const cached = specifiersMemo.get(statement);
  if (cached) return cached;
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      out.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node)) {
      const isRequire = ts.isIdentifier(node.expression) && node.expression.text === 'require';
      const isImport = node.expression.kind === ts.SyntaxKind.ImportKeyword;
      const arg = node.arguments[0];
      if ((isRequire || isImport) && arg && ts.isStringLiteralLike(arg)) out.push(arg.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(statement);
  specifiersMemo.set(statement, out);
  return out;
}

/**
 * Parsed modules keyed by file name. Texts given with `setText` (open editor buffers) win over
 * the host's; `invalidate` drops a file after it changed on disk.
 */
export class ModuleGraph {
  private readonly entries = new Map<string, Entry>();
  private readonly overrides = new Map<string, string>();
  readonly maxModules: number;
  readonly maxFileSize: number;
  /** Bumped whenever a module's text changes: analyses that followed modules are stale after it. */
  epoch = 0;

  constructor(
    private readonly host: ModuleHost,
    options: ModuleGraphOptions = {},
  ) {
    this.maxModules = options.maxModules ?? 50;
    this.maxFileSize = options.maxFileSize ?? 2 * 1024 * 1024;
  }

  /** An editor buffer's text, which replaces the file's text on disk until `clearText`. */
  setText(fileName: string, text: string): void {
    if (this.overrides.get(fileName) === text) return;
    this.overrides.set(fileName, text);
    const entry = this.entries.get(fileName);
    if (entry && entry.text !== text) this.entries.delete(fileName);
    this.epoch++;
  }

  clearText(fileName: string): void {
    if (!this.overrides.delete(fileName)) return;
    this.entries.delete(fileName);
    this.epoch++;
  }

  /** The file changed (or disappeared) on disk. */
  invalidate(fileName: string): void {
    if (this.overrides.has(fileName)) return;
    if (this.entries.delete(fileName)) this.epoch++;
  }

  /** The parsed module, or undefined when it cannot be read or is too large. */
  sourceFile(fileName: string): ts.SourceFile | undefined {
    return this.entry(fileName)?.sourceFile;
  }

  /** The module a specifier written in `fromFile` refers to (relative specifiers only). */
  resolve(specifier: string, fromFile: string): string | undefined {
    if (!isRelativeSpecifier(specifier)) return undefined;
    const entry = this.entries.get(fromFile);
    const known = entry?.imports.get(specifier);
    if (known) return known;
    const resolved = this.host.resolve(specifier, fromFile);
    if (resolved && entry) entry.imports.set(specifier, resolved);
    return resolved;
  }

  /**
   * The modules `fileName` reaches through relative imports, nearest first, at most `maxModules`.
   * `text` is the importing file's own text when it is not (yet) in the graph.
   */
  reachable(fileName: string, sourceFile: ts.SourceFile): ts.SourceFile[] {
    const seen = new Set<string>([fileName]);
    const out: ts.SourceFile[] = [];
    const queue: [string, ts.SourceFile][] = [[fileName, sourceFile]];
    while (queue.length > 0 && out.length < this.maxModules) {
      const [from, sf] = queue.shift() as [string, ts.SourceFile];
      for (const specifier of moduleSpecifiers(sf)) {
        const target = this.resolve(specifier, from);
        if (!target || seen.has(target)) continue;
        seen.add(target);
        const dep = this.sourceFile(target);
        if (!dep) continue;
        out.push(dep);
        queue.push([target, dep]);
        if (out.length >= this.maxModules) break;
      }
    }
    return out;
  }

  /** Files in the graph that import `fileName`, directly or not (for re-validation after a change). */
  dependents(fileName: string): string[] {
    const reverse = new Map<string, string[]>();
    for (const [from, entry] of this.entries) {
      for (const target of entry.imports.values()) {
        const list = reverse.get(target);
        if (list) list.push(from);
        else reverse.set(target, [from]);
      }
    }
    const out = new Set<string>();
    const queue = [fileName];
    while (queue.length > 0) {
      const next = queue.shift() as string;
      for (const from of reverse.get(next) ?? []) {
        if (from === fileName || out.has(from)) continue;
        out.add(from);
        queue.push(from);
      }
    }
    return [...out];
  }

  /** Record what a file (analyzed from an editor buffer) imports, for `dependents`. */
  noteImports(fileName: string, sourceFile: ts.SourceFile): void {
    let entry = this.entries.get(fileName);
    if (!entry || entry.text !== sourceFile.text) {
      entry = { text: sourceFile.text, imports: new Map() };
      this.entries.set(fileName, entry);
    }
    for (const specifier of moduleSpecifiers(sourceFile)) {
      if (!isRelativeSpecifier(specifier) || entry.imports.has(specifier)) continue;
      const resolved = this.host.resolve(specifier, fileName);
      if (resolved) entry.imports.set(specifier, resolved);
    }
  }

  private entry(fileName: string): Entry | undefined {
    const cached = this.entries.get(fileName);
    if (cached?.sourceFile) return cached;
    const text = cached?.text ?? this.overrides.get(fileName) ?? this.host.read(fileName);
    if (text === undefined || text.length > this.maxFileSize || text.slice(0, 8192).includes('\u0000')) return undefined;
    let sourceFile: ts.SourceFile;
    try {
      sourceFile = parse(fileName, text);
    } catch {
      return undefined;
    }
    const entry: Entry = { text, sourceFile, imports: cached?.imports ?? new Map() };
    this.entries.set(fileName, entry);
    return entry;
  }
}
