// Incremental analysis for the editor. A file's top-level statements fall into groups that share
// no top-level name (a training function and the call that runs it; a data table and the code
// that reads it); the analysis of one group never looks into another. After an edit, the groups
// the edit did not touch keep their results (offsets moved past the edit), and only the touched
// groups are analyzed again, by a walk of their statements alone in the real parse.
//
// The imports and requires are seen by every group: an edit there, a relative import (other
// modules), a change of what fixes read from the whole text (fixes/edits.ts
// `textWideFixInputs`), or a result the grouping cannot place makes the analysis whole again.
// Messages name lines through marks resolved at the end (positions.ts `lineLabel`), so a kept
// result stays right when lines are added above it. `server/test/incremental.test.ts` holds the results equal
// to a whole analysis over random edit sequences.

import ts = require('typescript');
import type { NanscopeConfig } from './config';
import { changedSpan, syntaxErrorsOf } from './parse';
import { LINE_MARK, LINE_MARK_END, Positions } from './positions';
import type { AnalysisResult, Finding, ModelSpec, Span, TfBindings, TrainingSite } from './types';
import { isTfPackage, moduleOf } from './bindings';
import { importsEnd, isImportLike, textWideFixInputs } from '../fixes/edits';

/** What an analysis of the parse returns, before suppressions are applied. */
export type Analysis = AnalysisResult & {
  sourceFile?: ts.SourceFile;
  /** For an incremental analysis: groups of statements whose results were kept, and analyzed. */
  reuse?: { kept: number; analyzed: number };
};

/** Analyzes the parse: all of it, or only these top-level statements. */
export type Analyze = (statements?: readonly ts.Statement[]) => Analysis;

interface GroupResult {
  findings: Finding[];
  /** Models and training sites: moved past edits only when asked for (`Later`). */
  parts: Later;
}

interface Parts {
  models: ModelSpec[];
  sites: TrainingSite[];
}

/** An edit, as `changedSpan` gives it, and whether it added or removed a line break. */
interface Change {
  start: number;
  oldEnd: number;
  newEnd: number;
  linesMoved: boolean;
}

/** What the analysis of one version leaves for the next, kept with its parse. */
interface Memory {
  text: string;
  config: NanscopeConfig;
  /** The shared statements, the text up to the end of the imports, and what fixes read from the
   * whole text: the memory is void once any of it changes. */
  context: string;
  bindings: TfBindings;
  usesTf: boolean;
  /** Each group's results, by the group's statements (`pos:end,pos:end,...`). */
  groups: Map<string, GroupResult>;
}

const memories = new WeakMap<ts.SourceFile, Memory>();

interface Grouping {
  shared: ts.Statement[];
  groups: ts.Statement[][];
}

/**
 * Analyzes `sourceFile` reusing what the analysis of `previous` (the parse of the version before)
 * left, when it can. The result equals `analyze()` up to the order of models and sites (document
 * order here).
 */
export function analyzeIncrementally(
  sourceFile: ts.SourceFile,
  config: NanscopeConfig,
  previous: ts.SourceFile | undefined,
  analyze: Analyze,
): Analysis {
  const grouping = eligible(sourceFile) ? groupStatements(sourceFile, previous) : undefined;
  if (!grouping) return analyze();
  const endOfImports = importsEnd(sourceFile);
  const context = [
    // Fixes insert after the imports: after the same statement, whose offset moves with the edit.
    String(sourceFile.statements.findIndex((s) => s.end === endOfImports)),
    ...grouping.shared.map((s) => s.getText(sourceFile)),
    textWideFixInputs(sourceFile),
  ].join('\u0000');
  const memory = previous ? memories.get(previous) : undefined;
  const usable = memory && memory.config === config && memory.context === context ? memory : undefined;

  const positions = new Positions(sourceFile);
  const reused = new Map<ts.Statement[], GroupResult>();
  if (usable) {
    const span = changedSpan(usable.text, sourceFile.text);
    // A replacement of the same length moves no offset, but lines when it adds or removes a break.
    const linesMoved = /[\r\n]/.test(usable.text.slice(span.start, span.oldEnd)) || /[\r\n]/.test(sourceFile.text.slice(span.start, span.newEnd));
    const change: Change = { ...span, linesMoved };
    const delta = change.newEnd - change.oldEnd;
    for (const group of grouping.groups) {
      const before = (group[group.length - 1] as ts.Statement).end <= change.start;
      if (!group.every((s) => s.end <= change.start || s.pos >= change.newEnd)) continue;
      const key = group.map((s) => (s.pos >= change.newEnd ? `${s.pos - delta}:${s.end - delta}` : `${s.pos}:${s.end}`)).join(',');
      const old = usable.groups.get(key);
      const moved = old && (before || (delta === 0 && !linesMoved) ? old : moveGroup(old, change, positions));
      if (moved) reused.set(group, moved);
    }
  }

  const toRun = grouping.groups.filter((g) => !reused.has(g));
  const whole = toRun.length === grouping.groups.length;
  // In document order, as the whole walk sees them (the last of two declarations of a name wins).
  const visible = (): ts.Statement[] => [...grouping.shared, ...toRun.flat()].sort((a, b) => a.pos - b.pos);
  const fresh = whole ? analyze() : toRun.length > 0 ? analyze(visible()) : undefined;
  // Anything the grouping cannot vouch for: the whole analysis (the one just run, if it was whole).
  const fallBack = (): Analysis => (fresh && whole ? fresh : analyze());
  const bindings = fresh?.bindings ?? usable?.bindings;
  const usesTf = fresh?.usesTf ?? usable?.usesTf ?? false;
  if (!bindings || (fresh && (fresh.internalErrors.length > 0 || fresh.skipped))) return fallBack();

  const results = new Map(reused);
  if (fresh) {
    const placed = place(fresh, toRun);
    if (!placed) return fallBack();
    for (const [g, r] of placed) results.set(g, r);
  }

  const groups = new Map<string, GroupResult>();
  for (const [g, r] of results) groups.set(g.map((s) => `${s.pos}:${s.end}`).join(','), r);
  memories.set(sourceFile, { text: sourceFile.text, config, context, bindings, usesTf, groups });

  const all = [...results.values()];
  const result: Analysis = {
    fileName: sourceFile.fileName,
    usesTf,
    syntaxErrors: fresh?.syntaxErrors ?? syntaxErrorsOf(sourceFile),
    bindings,
    findings: all.flatMap((r) => r.findings).sort((a, b) => a.span.start - b.span.start || a.ruleId.localeCompare(b.ruleId)),
    models: [],
    sites: [],
    internalErrors: [],
    sourceFile,
    reuse: { kept: reused.size, analyzed: toRun.length },
  };
  return withLazyParts(result, all, sourceFile.text);
}

/**
 * The editor asks for the findings after every keystroke, for models and sites only when it shows
 * code lenses or runs a probe: those are gathered (and moved) when first read. The getters keep
 * the text, not the parse (a stored result must not keep its syntax tree alive).
 */
function withLazyParts(result: Analysis, all: readonly GroupResult[], text: string): Analysis {
  let parts: Parts | undefined;
  const allParts = (): Parts => {
    if (!parts) {
      const positions = new Positions({ text });
      const each = all.map((r) => r.parts.get(positions));
      parts = {
        models: each.flatMap((p) => p.models).sort((a, b) => a.span.start - b.span.start),
        sites: each.flatMap((p) => p.sites).sort((a, b) => a.span.start - b.span.start),
      };
    }
    return parts;
  };
  return Object.defineProperties(result, {
    models: { get: () => allParts().models, enumerable: true, configurable: true },
    sites: { get: () => allParts().sites, enumerable: true, configurable: true },
  });
}

/**
 * Grouping is sound only when every group sees the same TF.js bindings (bound by top-level
 * imports or requires) and no other module is involved.
 */
function eligible(sourceFile: ts.SourceFile): boolean {
  const text = sourceFile.text;
  if (/(?:require\s*\(|import\s*\(|from)\s*['"`]\.\.?(?:\/|['"`])/.test(text)) return false;
  return sourceFile.statements.some((s) => isShared(s) && bindsTf(s));
}

/** Imports, requires and directives: seen by every group. */
function isShared(s: ts.Statement): boolean {
  return isImportLike(s) || (ts.isExpressionStatement(s) && ts.isStringLiteral(s.expression));
}

function requireOf(init: ts.Expression): string | undefined {
  let e = init;
  while (ts.isPropertyAccessExpression(e)) e = e.expression;
  return moduleOf(e);
}

function bindsTf(s: ts.Statement): boolean {
  if (ts.isImportDeclaration(s)) return ts.isStringLiteral(s.moduleSpecifier) && isTfPackage(s.moduleSpecifier.text);
  if (!ts.isVariableStatement(s)) return false;
  return s.declarationList.declarations.some((d) => {
    const m = d.initializer && requireOf(d.initializer);
    return m !== undefined && isTfPackage(m);
  });
}

interface Names {
  /** Names the statement declares at the top level. */
  declares: string[];
  /** Names declared anywhere inside it. */
  declaresAnywhere: Set<string>;
  /** Plain names assigned anywhere inside it (`x = ...`): globals when declared nowhere. */
  assigns: Set<string>;
  /** Names it refers to (property names excluded). */
  mentions: Set<string>;
}

/** Per statement node: an incremental parse keeps the nodes of statements an edit did not touch. */
const namesMemo = new WeakMap<ts.Statement, Names>();

function namesOf(s: ts.Statement): Names {
  const cached = namesMemo.get(s);
  if (cached) return cached;
  const names: Names = { declares: [], declaresAnywhere: new Set(), assigns: new Set(), mentions: new Set() };
  const bind = (name: ts.BindingName, into: (n: string) => void): void => {
    if (ts.isIdentifier(name)) into(name.text);
    else for (const el of name.elements) if (!ts.isOmittedExpression(el)) bind(el.name, into);
  };
  if (ts.isVariableStatement(s)) for (const d of s.declarationList.declarations) bind(d.name, (n) => names.declares.push(n));
  else if ((ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s) || ts.isEnumDeclaration(s)) && s.name) names.declares.push(s.name.text);
  // Iterative: statements can nest deeper than the stack allows.
  const stack: ts.Node[] = [s];
  for (let n = stack.pop(); n; n = stack.pop()) {
    if (ts.isIdentifier(n)) {
      if (!isPropertyName(n)) names.mentions.add(n.text);
      continue;
    }
    if ((ts.isVariableDeclaration(n) || ts.isParameter(n) || ts.isBindingElement(n)) && ts.isIdentifier(n.name)) names.declaresAnywhere.add(n.name.text);
    else if ((ts.isFunctionDeclaration(n) || ts.isClassDeclaration(n) || ts.isFunctionExpression(n) || ts.isClassExpression(n)) && n.name) names.declaresAnywhere.add(n.name.text);
    else if (ts.isBinaryExpression(n) && ts.isIdentifier(n.left) && n.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && n.operatorToken.kind <= ts.SyntaxKind.LastAssignment) names.assigns.add(n.left.text);
    ts.forEachChild(n, (c) => {
      stack.push(c);
    });
  }
  namesMemo.set(s, names);
  return names;
}

function isPropertyName(id: ts.Identifier): boolean {
  const p = id.parent;
  if (ts.isPropertyAccessExpression(p)) return p.name === id;
  if (ts.isPropertyAssignment(p) || ts.isMethodDeclaration(p) || ts.isPropertyDeclaration(p) || ts.isGetAccessor(p) || ts.isSetAccessor(p) || ts.isEnumMember(p)) return p.name === id;
  return false;
}

/** Each parse's grouping, as indices into its statements, for the next version's parse. */
const groupings = new WeakMap<ts.SourceFile, { statements: readonly ts.Statement[]; groups: number[][] }>();

/**
 * The shared statements, and the other statements in groups connected by the names they share.
 * The grouping depends only on each statement's names: when the edit left them as they were (the
 * usual keystroke), the previous parse's grouping is taken over.
 */
function groupStatements(sourceFile: ts.SourceFile, previous: ts.SourceFile | undefined): Grouping {
  const statements = sourceFile.statements;
  const before = previous && groupings.get(previous);
  const indices =
    before && before.statements.length === statements.length && statements.every((s, i) => sameNames(s, before.statements[i] as ts.Statement))
      ? before.groups
      : groupIndices(statements);
  groupings.set(sourceFile, { statements, groups: indices });
  return {
    shared: statements.filter(isShared),
    groups: indices.map((g) => g.map((i) => statements[i] as ts.Statement)),
  };
}

/** Whether two statements play the same part in the grouping (an untouched statement is itself). */
function sameNames(a: ts.Statement, b: ts.Statement): boolean {
  if (a === b) return true;
  if (isShared(a) !== isShared(b)) return false;
  const x = namesOf(a);
  const y = namesOf(b);
  const sameSet = (p: Set<string>, q: Set<string>): boolean => p.size === q.size && [...p].every((n) => q.has(n));
  return (
    x.declares.length === y.declares.length &&
    x.declares.every((n, i) => y.declares[i] === n) &&
    sameSet(x.declaresAnywhere, y.declaresAnywhere) &&
    sameSet(x.assigns, y.assigns) &&
    sameSet(x.mentions, y.mentions)
  );
}

/** The grouping of the statements that are not shared, as indices into `statements`. */
function groupIndices(statements: readonly ts.Statement[]): number[][] {
  const shared: ts.Statement[] = [];
  const own: ts.Statement[] = [];
  const ownIndex: number[] = [];
  statements.forEach((s, i) => {
    if (isShared(s)) shared.push(s);
    else {
      own.push(s);
      ownIndex.push(i);
    }
  });
  const names = own.map(namesOf);
  const declaredAnywhere = new Set<string>();
  for (const n of names) for (const d of n.declaresAnywhere) declaredAnywhere.add(d);
  for (const s of shared) for (const d of namesOf(s).declaresAnywhere) declaredAnywhere.add(d);
  // Who declares each top-level name (and each global assigned without a declaration).
  const declarers = new Map<string, number[]>();
  const note = (name: string, i: number): void => {
    const list = declarers.get(name);
    if (list) list.push(i);
    else declarers.set(name, [i]);
  };
  names.forEach((n, i) => {
    for (const d of n.declares) note(d, i);
    for (const a of n.assigns) if (!declaredAnywhere.has(a)) note(a, i);
  });
  const parent = own.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      const p = parent[i] as number;
      parent[i] = parent[p] as number;
      i = p;
    }
    return i;
  };
  const union = (a: number, b: number): void => {
    parent[find(a)] = find(b);
  };
  for (const list of declarers.values()) for (const i of list) union(i, list[0] as number);
  names.forEach((n, i) => {
    for (const m of n.mentions) for (const j of declarers.get(m) ?? []) union(i, j);
  });
  const byRoot = new Map<number, number[]>();
  own.forEach((_, i) => {
    const root = find(i);
    const list = byRoot.get(root);
    if (list) list.push(ownIndex[i] as number);
    else byRoot.set(root, [ownIndex[i] as number]);
  });
  return [...byRoot.values()];
}

/** The results of an analysis, by the group whose statements hold them; undefined if one has no place. */
function place(analysis: Analysis, groups: ts.Statement[][]): Map<ts.Statement[], GroupResult> | undefined {
  const ranges = groups
    .flatMap((g) => g.map((s) => ({ pos: s.pos, end: s.end, g })))
    .sort((a, b) => a.pos - b.pos);
  const out = new Map<ts.Statement[], { findings: Finding[] } & Parts>(groups.map((g) => [g, { findings: [], models: [], sites: [] }]));
  const groupAt = (span: Span): ({ findings: Finding[] } & Parts) | undefined => {
    if (span.file) return undefined;
    let lo = 0;
    let hi = ranges.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = ranges[mid] as (typeof ranges)[number];
      if (span.start < r.pos) hi = mid - 1;
      else if (span.start >= r.end) lo = mid + 1;
      else return span.end <= r.end ? out.get(r.g) : undefined;
    }
    return undefined;
  };
  for (const f of analysis.findings) {
    const g = groupAt(f.span);
    if (!g) return undefined;
    g.findings.push(f);
  }
  for (const m of analysis.models) {
    const g = groupAt(m.span);
    if (!g) return undefined;
    g.models.push(m);
  }
  for (const s of analysis.sites) {
    const g = groupAt(s.span);
    if (!g) return undefined;
    g.sites.push(s);
  }
  return new Map([...out].map(([g, { findings, models, sites }]) => [g, { findings, parts: Later.of({ models, sites }) }]));
}

/** A kept group's results after `change`: findings moved now, the rest when asked for; undefined when a finding overlaps the edit. */
function moveGroup(r: GroupResult, change: Change, positions: Positions): GroupResult | undefined {
  const findings = moveThrough(r.findings, [change], positions);
  return findings && { findings, parts: r.parts.after(change, positions) };
}

/**
 * A group's models and sites, moved past the edits since they were last read: a chain of the
 * edits' changes, read back to the last moved value. The chain is bounded: past `MAX_CHAIN` edits
 * without a read, the values are moved at once.
 */
class Later {
  private constructor(
    private value: Parts | undefined,
    private from: Later | undefined,
    private readonly change: Change | undefined,
    private readonly depth: number,
  ) {}

  static of(value: Parts): Later {
    return new Later(value, undefined, undefined, 0);
  }

  /** These parts after `change`; `positions` are of the text after it. */
  after(change: Change, positions: Positions): Later {
    const next = new Later(undefined, this, change, this.depth + 1);
    return next.depth < MAX_CHAIN ? next : Later.of(next.get(positions));
  }

  /** The parts in the version whose `positions` these are (the version `after` made them for). */
  get(positions: Positions): Parts {
    if (this.value) return this.value;
    const changes: Change[] = [];
    let link: Later = this;
    while (!link.value && link.from && link.change) {
      changes.push(link.change);
      link = link.from;
    }
    const base = link.value ?? { models: [], sites: [] };
    // Spans of models and sites lie in their group's statements, which no edit of the chain touched.
    this.value = moveThrough(base, changes.reverse(), positions) ?? base;
    this.from = undefined;
    return this.value;
  }
}

const MAX_CHAIN = 32;

/**
 * `v` with every offset moved through the changes in order (ranges computed again where text
 * before them changed, ids that name an offset renamed); undefined when a span overlaps a change.
 * Returns objects themselves where nothing in them moves (results are never changed in place).
 */
function moveThrough<T>(v: T, changes: readonly Change[], positions: Positions): T | undefined {
  let valid = true;
  const offset = (o: number): number => {
    for (const c of changes) if (o >= c.oldEnd) o += c.newEnd - c.oldEnd;
    return o;
  };
  // Only strings and objects can hold offsets: other values are not visited.
  const visit = (x: string | object): unknown => {
    if (typeof x === 'string') {
      // Ids that name an offset; messages whose line marks name offsets (positions.ts).
      if (x.includes('@') && /^(?:model|site)@\d+$/.test(x)) return x.replace(/\d+$/, (n) => String(offset(Number(n))));
      return x.includes(LINE_MARK) ? x.replace(/\uE000(\d+)\uE001/g, (_, n: string) => `${LINE_MARK}${offset(Number(n))}${LINE_MARK_END}`) : x;
    }
    if (Array.isArray(x)) {
      // Data (a tensor's literal rows) holds no offsets.
      if (x.length === 0 || typeof x[0] === 'number' || (Array.isArray(x[0]) && typeof x[0][0] === 'number')) return x;
      let out: unknown[] | undefined;
      for (let i = 0; i < x.length; i++) {
        const e: unknown = x[i];
        if (e === null || (typeof e !== 'object' && typeof e !== 'string')) continue;
        const y = visit(e);
        if (y !== e) (out ??= x.slice())[i] = y;
      }
      return out ?? x;
    }
    const o = x as Record<string, unknown>;
    if (typeof o['start'] === 'number' && typeof o['end'] === 'number') {
      const s = o as unknown as Span;
      if (s.file) return s;
      let { start, end } = s;
      let moved = false;
      for (const c of changes) {
        if (end <= c.start) continue;
        if (start < c.oldEnd) valid = false;
        start += c.newEnd - c.oldEnd;
        end += c.newEnd - c.oldEnd;
        moved = true;
      }
      return moved ? { ...s, start, end } : s;
    }
    let out: Record<string, unknown> | undefined;
    for (const k of Object.keys(o)) {
      const e = o[k];
      if (e === null || (typeof e !== 'object' && typeof e !== 'string')) continue;
      const y = visit(e);
      if (y !== e) (out ??= { ...o })[k] = y;
    }
    if (!out) return o;
    // A place's line and character (not a value range, which tensor facts also call `range`).
    const range = out['range'] as { start?: unknown } | undefined;
    if (out['span'] !== o['span'] && range && typeof range.start === 'object') out['range'] = positions.range(out['span'] as Span);
    return out;
  };
  const moved = visit(v as unknown as object) as T;
  return valid ? moved : undefined;
}
