// Seeded mutations of source text for the fuzzer: token deletion, duplication and swaps (tokens from
// `ts.createScanner`), truncation at each class of position (mid-identifier, mid-string,
// mid-template, mid-comment, after an operator, inside a call's arguments), random unicode (lone
// surrogates, U+2028/U+2029, a BOM, combining marks, ...) and 10,000-deep nesting. Everything is a
// pure function of (seed, index), so any failure reproduces from the two numbers.

import ts = require('typescript');
import { scriptKindFor } from '../../src/analysis/parse';

/** mulberry32: small, fast, and good enough to pick mutation sites. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[this.int(items.length)] as T;
  }
}

/** A seed for input `index` of a run seeded with `seed` (a hash, so neighbouring runs differ). */
export function inputSeed(seed: number, index: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  return h >>> 0;
}

export interface Token {
  kind: ts.SyntaxKind;
  start: number;
  end: number;
}

/**
 * The tokens of `text`, comments included (as trivia tokens). Template literals are rescanned
 * after each `}` that closes a substitution, so `${a}` parts come out as head/middle/tail.
 */
export function scanTokens(fileName: string, text: string): Token[] {
  const kind = scriptKindFor(fileName);
  const variant = kind === ts.ScriptKind.TSX || kind === ts.ScriptKind.JSX ? ts.LanguageVariant.JSX : ts.LanguageVariant.Standard;
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, variant, text);
  const out: Token[] = [];
  // For each open brace: does it open a template substitution?
  const braces: boolean[] = [];
  for (let guard = 0; guard < text.length + 10; guard++) {
    let token = scanner.scan();
    if (token === ts.SyntaxKind.EndOfFileToken) break;
    if (token === ts.SyntaxKind.OpenBraceToken) braces.push(false);
    else if (token === ts.SyntaxKind.TemplateHead) braces.push(true);
    else if (token === ts.SyntaxKind.CloseBraceToken) {
      if (braces.pop() === true) {
        token = scanner.reScanTemplateToken(false);
        if (token === ts.SyntaxKind.TemplateMiddle) braces.push(true);
      }
    } else if (token === ts.SyntaxKind.SlashToken || token === ts.SyntaxKind.SlashEqualsToken) {
      // A regular expression where a value may start (after an operator or an open bracket).
      const previous = out[out.length - 1];
      if (!previous || isOperator(previous.kind) || previous.kind === ts.SyntaxKind.OpenParenToken || previous.kind === ts.SyntaxKind.OpenBracketToken || previous.kind === ts.SyntaxKind.CommaToken) {
        token = scanner.reScanSlashToken();
      }
    }
    const start = scanner.getTokenStart();
    const end = scanner.getTokenEnd();
    if (end <= start) continue;
    out.push({ kind: token, start, end });
  }
  return out;
}

function isTrivia(kind: ts.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstTriviaToken && kind <= ts.SyntaxKind.LastTriviaToken;
}

function isComment(kind: ts.SyntaxKind): boolean {
  return kind === ts.SyntaxKind.SingleLineCommentTrivia || kind === ts.SyntaxKind.MultiLineCommentTrivia;
}

const BRACKETS = new Set([
  ts.SyntaxKind.OpenBraceToken,
  ts.SyntaxKind.CloseBraceToken,
  ts.SyntaxKind.OpenParenToken,
  ts.SyntaxKind.CloseParenToken,
  ts.SyntaxKind.OpenBracketToken,
  ts.SyntaxKind.CloseBracketToken,
  ts.SyntaxKind.DotToken,
  ts.SyntaxKind.SemicolonToken,
  ts.SyntaxKind.CommaToken,
]);

function isOperator(kind: ts.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstPunctuation && kind <= ts.SyntaxKind.LastPunctuation && !BRACKETS.has(kind);
}

/** The significant (non-trivia) tokens. */
export function codeTokens(fileName: string, text: string): Token[] {
  return scanTokens(fileName, text).filter((t) => !isTrivia(t.kind));
}

export const POSITION_CLASSES = [
  'mid-identifier',
  'mid-string',
  'mid-template',
  'mid-comment',
  'after-operator',
  'in-call-args',
  'after-open-bracket',
] as const;
export type PositionClass = (typeof POSITION_CLASSES)[number];

/** Every truncation point of `text` by class (offsets where the text is cut: `text.slice(0, p)`). */
export function truncationPoints(fileName: string, text: string): Record<PositionClass, number[]> {
  const points: Record<PositionClass, number[]> = {
    'mid-identifier': [],
    'mid-string': [],
    'mid-template': [],
    'mid-comment': [],
    'after-operator': [],
    'in-call-args': [],
    'after-open-bracket': [],
  };
  const inside = (t: Token): number[] => {
    const out: number[] = [];
    for (let p = t.start + 1; p < t.end; p++) out.push(p);
    return out;
  };
  for (const t of scanTokens(fileName, text)) {
    if (t.kind === ts.SyntaxKind.Identifier || ts.tokenToString(t.kind)?.match(/^[a-z]+$/)) points['mid-identifier'].push(...inside(t));
    else if (t.kind === ts.SyntaxKind.StringLiteral) points['mid-string'].push(...inside(t));
    else if (
      t.kind === ts.SyntaxKind.NoSubstitutionTemplateLiteral ||
      t.kind === ts.SyntaxKind.TemplateHead ||
      t.kind === ts.SyntaxKind.TemplateMiddle ||
      t.kind === ts.SyntaxKind.TemplateTail
    ) {
      points['mid-template'].push(...inside(t));
    } else if (isComment(t.kind)) points['mid-comment'].push(...inside(t));
    else if (isOperator(t.kind)) points['after-operator'].push(t.end);
    else if (t.kind === ts.SyntaxKind.OpenParenToken || t.kind === ts.SyntaxKind.OpenBracketToken || t.kind === ts.SyntaxKind.OpenBraceToken) {
      points['after-open-bracket'].push(t.end);
    }
  }
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, scriptKindFor(fileName));
  const visit = (node: ts.Node): void => {
    if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && node.arguments && node.arguments.length > 0) {
      const first = node.arguments[0]!.getStart(source);
      const last = node.arguments[node.arguments.length - 1]!.end;
      for (let p = first; p <= last; p++) points['in-call-args'].push(p);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return points;
}

// ---------------------------------------------------------------------------------------------
// Unicode the scanner and the position mapping have to survive.

const ODD_CHARACTERS = [
  '\uD800', // a lone high surrogate
  '\uDC00', // a lone low surrogate
  '\uDBFF\uDFFF', // the last astral code point
  '\u{1F600}', // an emoji (a surrogate pair)
  '\u2028', // LINE SEPARATOR: a line break to the scanner, not to every editor
  '\u2029', // PARAGRAPH SEPARATOR
  '\uFEFF', // a BOM in the middle of the file
  '\u200B', // zero-width space
  '\u200D', // zero-width joiner (allowed in identifiers)
  '\u0301', // a combining mark (allowed in identifiers, not at their start)
  '\u202E', // right-to-left override
  '\u00A0', // no-break space (whitespace to the scanner)
  '\u0000', // NUL
  '\r', // a lone carriage return
  '\r\n',
  '\u03C0', // π (an identifier letter)
  '\u6570', // a CJK ideograph (an identifier letter)
  '\uFFFD', // the replacement character
  '\u{10FFFF}', // the last code point
  '\\u{1F600}', // a unicode escape, as text
  '\\uD800', // an escaped lone surrogate, as text
];

export function randomUnicode(rng: Rng, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) {
    const roll = rng.int(4);
    if (roll === 0) s += String.fromCharCode(rng.int(0x10000));
    else if (roll === 1) s += String.fromCodePoint(0x10000 + rng.int(0x100000));
    else s += rng.pick(ODD_CHARACTERS);
  }
  return s;
}

// ---------------------------------------------------------------------------------------------
// Deep nesting.

export const NESTING_KINDS = ['parens', 'brackets', 'arrows', 'objects', 'calls', 'blocks', 'ternaries', 'unary', 'binary', 'templates'] as const;
export type NestingKind = (typeof NESTING_KINDS)[number];

/** An expression (or, for `blocks`, a statement) nested `depth` deep; `closed: false` leaves it open. */
export function nested(kind: NestingKind, depth: number, closed = true): string {
  const close = (s: string): string => (closed ? s : '');
  switch (kind) {
    case 'parens':
      return '('.repeat(depth) + 'x' + close(')'.repeat(depth));
    case 'brackets':
      return '['.repeat(depth) + '1' + close(']'.repeat(depth));
    case 'arrows':
      return '(a) => '.repeat(depth) + 'a';
    case 'objects':
      return '{ a: '.repeat(depth) + '1' + close(' }'.repeat(depth));
    case 'calls':
      return 'tf.log('.repeat(depth) + 'x' + close(')'.repeat(depth));
    case 'blocks':
      return '{'.repeat(depth) + 'x;' + close('}'.repeat(depth));
    case 'ternaries':
      return 'a ? '.repeat(depth) + '1' + ' : 0'.repeat(closed ? depth : Math.floor(depth / 2));
    case 'unary':
      return '-'.repeat(depth) + 'x';
    case 'binary':
      return 'x' + ' / x'.repeat(depth);
    case 'templates':
      return '`${'.repeat(depth) + 'x' + close('}`'.repeat(depth));
  }
}

/** A file that puts a deep `kind` nesting where the analysis will evaluate it (as training data). */
export function deepNestingFile(kind: NestingKind, depth: number, closed: boolean): string {
  const expression = nested(kind, depth, closed);
  const lines = [
    "import * as tf from '@tensorflow/tfjs';",
    'const x = tf.randomUniform([8, 1]);',
    'const a = 1;',
  ];
  if (kind === 'blocks') lines.push(expression);
  else lines.push(`const deep = ${expression};`);
  lines.push(
    'const model = tf.sequential();',
    "model.add(tf.layers.dense({ units: 1, inputShape: [1], activation: 'sigmoid' }));",
    "model.compile({ optimizer: tf.train.sgd(0.1), loss: 'binaryCrossentropy' });",
    kind === 'blocks' ? 'model.fit(x, x);' : 'model.fit(tf.tensor2d([[deep]]).add(x), x);',
    '',
  );
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// One fuzzed input.

export const MUTATIONS = ['delete', 'duplicate', 'swap', 'truncate', 'unicode', 'splice', 'stack', 'nest'] as const;
export type Mutation = (typeof MUTATIONS)[number];

export interface CorpusFile {
  /** Path relative to the repository root, with `/`. */
  name: string;
  text: string;
}

export interface FuzzInput {
  index: number;
  fileName: string;
  text: string;
  /** What was done, to reproduce and to minimize by hand. */
  description: string;
}

interface Mutated {
  text: string;
  description: string;
}

function deleteTokens(rng: Rng, fileName: string, text: string): Mutated {
  const tokens = codeTokens(fileName, text);
  if (tokens.length === 0) return { text, description: 'delete (no tokens)' };
  const i = rng.int(tokens.length);
  const count = 1 + rng.int(3);
  const first = tokens[i]!;
  const last = tokens[Math.min(tokens.length - 1, i + count - 1)]!;
  return {
    text: text.slice(0, first.start) + text.slice(last.end),
    description: `delete ${count} token(s) at ${first.start} ${JSON.stringify(text.slice(first.start, last.end).slice(0, 40))}`,
  };
}

function duplicateTokens(rng: Rng, fileName: string, text: string): Mutated {
  const tokens = codeTokens(fileName, text);
  if (tokens.length === 0) return { text: text + text, description: 'duplicate the whole text' };
  const i = rng.int(tokens.length);
  const count = 1 + rng.int(3);
  const first = tokens[i]!;
  const last = tokens[Math.min(tokens.length - 1, i + count - 1)]!;
  const copy = text.slice(first.start, last.end);
  return { text: text.slice(0, last.end) + ' ' + copy + text.slice(last.end), description: `duplicate ${JSON.stringify(copy.slice(0, 40))} at ${first.start}` };
}

function swapTokens(rng: Rng, fileName: string, text: string): Mutated {
  const tokens = codeTokens(fileName, text);
  if (tokens.length < 2) return { text, description: 'swap (fewer than 2 tokens)' };
  const i = rng.int(tokens.length - 1);
  // Half the time neighbours (`a.b` → `.ab`), half the time anywhere after.
  const j = rng.int(2) === 0 ? i + 1 : i + 1 + rng.int(tokens.length - i - 1);
  const a = tokens[i]!;
  const b = tokens[j]!;
  const swapped = text.slice(0, a.start) + text.slice(b.start, b.end) + text.slice(a.end, b.start) + text.slice(a.start, a.end) + text.slice(b.end);
  return { text: swapped, description: `swap ${JSON.stringify(text.slice(a.start, a.end))}@${a.start} with ${JSON.stringify(text.slice(b.start, b.end))}@${b.start}` };
}

function truncate(rng: Rng, fileName: string, text: string, classIndex: number): Mutated {
  const points = truncationPoints(fileName, text);
  // Take the class in turn, or the next one that has a point in this file.
  for (let k = 0; k < POSITION_CLASSES.length; k++) {
    const cls = POSITION_CLASSES[(classIndex + k) % POSITION_CLASSES.length]!;
    const candidates = points[cls];
    if (candidates.length > 0) {
      const p = rng.pick(candidates);
      return { text: text.slice(0, p), description: `truncate ${cls} at ${p}` };
    }
  }
  const p = rng.int(text.length + 1);
  return { text: text.slice(0, p), description: `truncate anywhere at ${p}` };
}

function insertUnicode(rng: Rng, text: string): Mutated {
  let out = text;
  const places: number[] = [];
  const n = 1 + rng.int(4);
  for (let k = 0; k < n; k++) {
    const p = rng.int(out.length + 1);
    // Half the time replace a character, half the time insert.
    const replace = rng.int(2) === 0 && p < out.length ? 1 : 0;
    out = out.slice(0, p) + randomUnicode(rng, 1 + rng.int(3)) + out.slice(p + replace);
    places.push(p);
  }
  return { text: out, description: `unicode at ${places.join(', ')}` };
}

function spliceFrom(rng: Rng, fileName: string, text: string, other: CorpusFile): Mutated {
  const mine = codeTokens(fileName, text);
  const theirs = codeTokens(other.name, other.text);
  if (mine.length === 0 || theirs.length === 0) return { text: text + other.text, description: `append ${other.name}` };
  const at = rng.pick(mine);
  const from = rng.int(theirs.length);
  const to = Math.min(theirs.length - 1, from + rng.int(12));
  const piece = other.text.slice(theirs[from]!.start, theirs[to]!.end);
  return { text: text.slice(0, at.start) + piece + text.slice(at.end), description: `replace token at ${at.start} by ${JSON.stringify(piece.slice(0, 40))} from ${other.name}` };
}

/** A nesting `depth` deep put in place of one token of the file (often a tf call's argument). */
function nestInto(rng: Rng, fileName: string, text: string, depth: number): Mutated {
  const kind = rng.pick(NESTING_KINDS);
  const closed = rng.int(3) !== 0;
  const tokens = codeTokens(fileName, text).filter((t) => t.kind === ts.SyntaxKind.Identifier || t.kind === ts.SyntaxKind.NumericLiteral);
  const expression = nested(kind, depth, closed);
  if (tokens.length === 0) return { text: text + '\n' + expression, description: `append ${kind} nesting ${depth} deep` };
  const at = rng.pick(tokens);
  return {
    text: text.slice(0, at.start) + expression + text.slice(at.end),
    description: `${closed ? 'closed' : 'unclosed'} ${kind} nesting ${depth} deep in place of ${JSON.stringify(text.slice(at.start, at.end))}@${at.start}`,
  };
}

export interface GenerateOptions {
  /** Depth of the nestings spliced into fixtures and of the pure nesting files. */
  nestingDepth?: number;
}

export const DEFAULT_NESTING_DEPTH = 10_000;

/**
 * Input `index` of a run: fixture `index mod corpus size` under mutation `index div corpus size`
 * (so each mutation visits every fixture once before any repeats), with pure deep-nesting files
 * (every kind, closed and open) in place of every 50th input.
 */
export function generateInput(corpus: readonly CorpusFile[], seed: number, index: number, options: GenerateOptions = {}): FuzzInput {
  const depth = options.nestingDepth ?? DEFAULT_NESTING_DEPTH;
  const rng = new Rng(inputSeed(seed, index));
  if (index % 50 === 49) {
    const k = Math.floor(index / 50);
    const kind = NESTING_KINDS[k % NESTING_KINDS.length]!;
    const closed = Math.floor(k / NESTING_KINDS.length) % 2 === 0;
    return { index, fileName: `deep-${kind}.js`, text: deepNestingFile(kind, depth, closed), description: `${closed ? 'closed' : 'unclosed'} ${kind} nesting ${depth} deep` };
  }
  const file = corpus[index % corpus.length]!;
  const round = Math.floor(index / corpus.length);
  const mutation = MUTATIONS[round % MUTATIONS.length]!;
  const fileName = file.name.split('/').pop()!;
  const apply = (m: Mutation, text: string): Mutated => {
    switch (m) {
      case 'delete':
        return deleteTokens(rng, fileName, text);
      case 'duplicate':
        return duplicateTokens(rng, fileName, text);
      case 'swap':
        return swapTokens(rng, fileName, text);
      case 'truncate':
        return truncate(rng, fileName, text, round + index);
      case 'unicode':
        return insertUnicode(rng, text);
      case 'splice':
        return spliceFrom(rng, fileName, text, rng.pick(corpus));
      case 'nest':
        // The full depth (the parser gives up), depths the parser survives but a recursive walk
        // of the analysis may not, and shallow ones the evaluator really follows.
        return nestInto(rng, fileName, text, rng.pick([depth, Math.min(depth, 3000), Math.min(depth, 1200), Math.min(depth, 500), 1 + rng.int(200)]));
      case 'stack': {
        // Two to five mutations on top of each other (nesting excluded: it would dominate).
        let current: Mutated = { text, description: '' };
        const parts: string[] = [];
        const steps = 2 + rng.int(4);
        for (let s = 0; s < steps; s++) {
          const next = apply(rng.pick(['delete', 'duplicate', 'swap', 'unicode', 'splice'] as const), current.text);
          parts.push(next.description);
          current = next;
        }
        return { text: current.text, description: parts.join('; ') };
      }
    }
  };
  const mutated = apply(mutation, file.text);
  return { index, fileName, text: mutated.text, description: `${file.name}: ${mutation}: ${mutated.description}` };
}
