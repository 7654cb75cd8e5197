import ts = require('typescript');
import type { FileFacts, OpCall } from '../analysis/facts';
import * as R from '../analysis/ranges';
import { inputScale, isUnscaled } from '../analysis/training';
import type { Fix, Severity, TextEdit } from '../analysis/types';
import { span, type TensorValue } from '../analysis/values';
import { tfNamespace } from '../fixes/edits';
import { receiverText, textOf } from '../fixes/guards';
import { childrenOf, walk } from '../fixes/walk';
import { defineRule } from './rule';

type MessageId = 'overflows' | 'handSoftmax' | 'handLogSumExp' | 'canOverflow' | 'rawLogits' | 'unprovenPattern' | 'expLink';

/** Clipping the exponent here keeps exp and a sum of thousands of its values finite in float32. */
const CLIP_EXPONENT = 80;

export const expOverflow = defineRule<MessageId>({
  meta: {
    id: 'exp-overflow',
    fixable: true,
    messages: {
      overflows: '`exp` of {what}, which exceeds 88.7 here ({evidence}): float32 exp overflows to Infinity, and Infinity / Infinity or Infinity - Infinity is NaN.',
      handSoftmax: 'Hand-written softmax: `exp` of {what} without subtracting the max ({evidence}); above 88.7 exp overflows to Infinity in float32 and Infinity / Infinity is NaN. Use tf.softmax.',
      handLogSumExp: 'Hand-written log-sum-exp: `exp` of {what} without subtracting the max ({evidence}); above 88.7 exp overflows to Infinity in float32. Use tf.logSumExp.',
      canOverflow: '`exp` of {what}, which reaches {hi} ({evidence}): float32 exp overflows to Infinity above 88.7.',
      rawLogits: '`exp` of the raw predictions {what} of a linear output on inputs reaching {inputs}: the logits can pass 88.7, where float32 exp overflows to Infinity.',
      expLink: '`exp` of the linear predictor {what}, whose weights `{weights}` {optimizer} at {lr} moves by the learning rate times the gradient: the gradient in the predictor grows with exp({what}) and with the targets `{y}` it meets in the loss ({targets}), so a step can throw the predictor past 88.7, where float32 exp overflows to Infinity and the loss becomes NaN.',
      unprovenPattern: 'Hand-written {pattern}: `exp` of {what} without subtracting the max; the analysis cannot bound it below 88.7, where float32 exp overflows.',
    },
    docs: {
      summary: 'Flags `tf.exp` of values that can exceed 88.7 (float32 overflow) and hand-written softmax / log-sum-exp without max subtraction.',
      whatItDoes:
        'Checks every `tf.exp` / `.exp()` / `tf.expm1` and bounds its argument with the value-range analysis. It reports a hand-written softmax (`exp(z)` divided by its own sum) or log-sum-exp (`log(sum(exp(z)))`) whose `z` is not max-subtracted and can exceed 88.7 (a warning; information when nothing is known about `z` outside training), `exp` of data that reaches past 88.7 (a warning, an error when every path overflows or a literal does), and `exp` of a linear model\'s raw predictions inside its loss when its inputs are unscaled. It also reports an exp link trained by plain gradient steps: `exp(eta)` of a linear predictor of `tf.variable` weights (x·w + b) in a loss that multiplies the predictor by targets (the Poisson log-likelihood `exp(eta) - y * eta`), minimized with `sgd` or `momentum`, when the targets are not known to be within about ±10: the gradient in eta grows with the targets, the first step moves the weights by about lr · y · x, and exp(eta) overflows on the next (a warning). Adaptive optimizers, which move each weight by about the learning rate per step, are not reported. It stays quiet when the argument is bounded: max-subtracted (`z.sub(z.max(-1, true))`), clipped, from a `tanh` or `sigmoid`, or like `exp(-x²)`. `exp` of an unbounded value alone (a VAE\'s log-variance) is not reported.',
      whyIsThisBad:
        'In float32, exp(x) is Infinity for x above about 88.72. A hand-written softmax then divides Infinity by Infinity, which is NaN, and the NaN reaches every weight through the gradient. Logits of a linear layer on unscaled inputs (pixel sums up to 1000) pass 88.7 in the first batch. `tf.softmax`, `tf.logSoftmax` and `tf.logSumExp` subtract the maximum first, so their largest exponent is exp(0) = 1.',
      example: [
        "import * as tf from '@tensorflow/tfjs';",
        '',
        'function softmaxCrossEntropy(labels, logits) {',
        '  const expLogits = tf.exp(logits);',
        '  const probs = expLogits.div(expLogits.sum(-1, true));',
        '  return labels.mul(probs.add(tf.backend().epsilon()).log()).sum(-1).mean().neg();',
        '}',
        '',
        'const model = tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [4] })] });',
        "model.compile({ optimizer: 'sgd', loss: softmaxCrossEntropy });",
      ].join('\n'),
      useInstead: [
        "import * as tf from '@tensorflow/tfjs';",
        '',
        'function softmaxCrossEntropy(labels, logits) {',
        '  return labels.mul(tf.logSoftmax(logits)).sum(-1).mean().neg();',
        '}',
        '',
        'const model = tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [4] })] });',
        "model.compile({ optimizer: 'sgd', loss: softmaxCrossEntropy });",
      ].join('\n'),
      fixSafety:
        'Replacing a hand-written softmax by `tf.softmax(z)` (or, when its only use is a `log`, the log and the softmax by `tf.logSoftmax(z)`, which leaves no log of a softmax output behind), subtracting the max inside it (`exp(z - max(z))`), and replacing `log(sum(exp(z)))` by `tf.logSumExp(z)` are safe: the results are mathematically equal and only lose the overflow. Clipping the exponent (`tf.minimum(z, 80)`) is unsafe: it changes the value wherever the exponent was above 80.',
      probe:
        'The probe trains with the loss rebuilt by its interpreter; the first batch whose logits pass 88.7 produces Infinity in `Exp` and NaN after the division, and localization names the `Exp` kernel and this line. The fixes are verified by re-training.',
      references: [
        'https://js.tensorflow.org/api/latest/#exp',
        'https://js.tensorflow.org/api/latest/#softmax',
        'https://js.tensorflow.org/api/latest/#logSumExp',
      ],
    },
  },
  check(context) {
    const { facts } = context;
    // `exp(z) / sum(exp(z))` written inline has two exps and one cause: report it once.
    const reported = new Set<ts.Node>();
    for (const op of facts.ops) {
      if ((op.op !== 'exp' && op.op !== 'expm1') || !op.operand) continue;
      const link = op.op === 'exp' ? expLink(op, facts) : undefined;
      if (link) {
        context.report({
          messageId: 'expLink',
          severity: 'warning',
          span: span(op.node),
          data: { what: describe(op.operand), weights: link.weights, optimizer: link.optimizer, lr: link.lr, y: textOf(link.target).replace(/\s+/g, ' '), targets: link.targetEvidence },
          related: [
            { span: span(link.product), message: `the targets \`${textOf(link.target)}\` meet the predictor here: the gradient grows with them` },
            { span: span(link.variable), message: `\`${link.weights}\` is trained by ${link.optimizer}, whose steps scale with the gradient` },
          ],
          fixes: fixes(op, undefined, facts),
        });
        continue;
      }
      const z = facts.evaluator.tensor(op.operand);
      if (!z || z.range.hi <= R.EXP_OVERFLOW) continue;
      const pattern = op.op === 'exp' ? findPattern(op, facts) : undefined;
      if (pattern) {
        if (reported.has(pattern.node)) continue;
        reported.add(pattern.node);
      }
      const verdict = classify(op, z, pattern, facts);
      if (!verdict) continue;
      context.report({
        messageId: verdict.messageId,
        severity: verdict.severity,
        span: span(op.node),
        data: { what: describe(op.operand), evidence: verdict.evidence, hi: R.formatNumber(z.range.hi), inputs: verdict.inputs ?? '', pattern: pattern?.kind === 'softmax' ? 'softmax' : 'log-sum-exp' },
        ...(z.origin && verdict.severity !== 'info' && !contains(op.node, z.origin.span.start)
          ? { related: [{ span: z.origin.span, message: `the exponent comes from ${z.origin.description}` }] }
          : {}),
        fixes: fixes(op, pattern, facts),
      });
    }
  },
});

/** Optimizers whose step is the learning rate times the raw gradient (no per-weight normalization). */
const GRADIENT_SCALED = new Set(['sgd', 'momentum']);
/** Targets up to this magnitude keep the first steps of an exp link small at usual rates. */
const SMALL_TARGETS = 10;

interface ExpLink {
  weights: string;
  variable: ts.Node;
  optimizer: string;
  lr: string;
  target: ts.Expression;
  product: ts.Expression;
  targetEvidence: string;
}

/**
 * An exp link trained by plain gradient steps: `exp(eta)` where `eta` is a linear predictor of
 * trainable `tf.variable`s (x·w + b), in a loss that also multiplies `eta` (or its exp) by targets
 * (`exp(eta) - y * eta`, the Poisson log-likelihood). The value analysis only knows a variable's
 * initial value, but the gradient in eta is exp(eta) - y, so SGD's first step moves the weights by
 * lr · y · x: with targets in the hundreds, eta jumps by dozens and exp(eta) overflows. Adaptive
 * optimizers (Adam, RMSProp, ...) move each weight by about lr per step and are left alone, as are
 * exps of model outputs (a VAE's log-variance) and max-subtracted logits.
 */
function expLink(op: OpCall, facts: FileFacts): ExpLink | undefined {
  if (!op.training || !op.operand) return undefined;
  if (/\b(max|logSumExp|minimum|clipByValue)\(/.test(expandedText(op.operand, facts))) return undefined;
  const variable = trainableVariable(op.operand, facts);
  if (!variable || !isLinearPredictor(op.operand, facts)) return undefined;
  const optimizers = facts.sites.map((s) => s.optimizer?.spec).filter((o): o is NonNullable<typeof o> => o !== undefined);
  if (optimizers.length === 0 || !optimizers.every((o) => GRADIENT_SCALED.has(o.kind))) return undefined;
  const spec = optimizers[0]!;
  const fn = enclosingFunction(op.node);
  if (!fn) return undefined;
  const predictorNames = new Set([compact(textOf(op.operand))]);
  let holder: ts.Node = op.node;
  while (ts.isParenthesizedExpression(holder.parent)) holder = holder.parent;
  if (ts.isVariableDeclaration(holder.parent) && ts.isIdentifier(holder.parent.name)) predictorNames.add(holder.parent.name.text);
  const mentionsPredictor = (e: ts.Expression): boolean => predictorNames.has(compact(textOf(stripParens(e))));
  let found: { target: ts.Expression; product: ts.Expression } | undefined;
  for (const other of facts.ops) {
    if (found || other.op !== 'mul' || !other.operand || !other.rest[0] || !contains(fn, other.node.getStart())) continue;
    const [a, b] = [other.operand, other.rest[0]];
    const target = mentionsPredictor(a) ? b : mentionsPredictor(b) ? a : undefined;
    if (target && !trainableVariable(target, facts)) found = { target, product: other.node };
  }
  if (!found) return undefined;
  const y = facts.evaluator.tensor(found.target);
  let targetEvidence = 'nothing shows they are small';
  if (y && !y.range.unknown) {
    const maxAbs = R.maxAbs(y.range);
    if (maxAbs <= SMALL_TARGETS) return undefined;
    targetEvidence = `they reach ${R.formatNumber(maxAbs)}`;
  }
  return {
    weights: variable.name,
    variable: variable.node,
    optimizer: `tf.train.${spec.kind}`,
    lr: spec.learningRate !== undefined ? R.formatNumber(spec.learningRate) : 'its rate',
    target: found.target,
    product: found.product,
    targetEvidence,
  };
}

/**
 * Visits `root` and its descendants in document order, and, after an identifier the visitor
 * answers with a declaration's initializer, that initializer (one more hop, up to `maxHops`).
 * Iterative: exponents nest thousands deep in generated code.
 */
function walkThroughConsts(
  root: ts.Node,
  maxHops: number,
  visit: (node: ts.Node, hops: number) => { stop?: true; skip?: true; follow?: ts.Node } | void,
): void {
  const stack: [ts.Node, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [node, hops] = stack.pop() as [ts.Node, number];
    const next = visit(node, hops);
    if (next?.stop) return;
    if (next?.follow && hops < maxHops) stack.push([next.follow, hops + 1]);
    if (next?.skip || next?.follow) continue;
    const children = childrenOf(node);
    for (let i = children.length - 1; i >= 0; i--) stack.push([children[i] as ts.Node, hops]);
  }
}

/** The first trainable `tf.variable` the expression reads, through consts. */
function trainableVariable(expr: ts.Node, facts: FileFacts): { name: string; node: ts.Node } | undefined {
  const seen = new Set<ts.Node>();
  let found: { name: string; node: ts.Node } | undefined;
  walkThroughConsts(expr, 9, (n, hops) => {
    if (ts.isFunctionLike(n)) return { skip: true };
    if (!ts.isIdentifier(n)) return undefined;
    if (ts.isPropertyAccessExpression(n.parent) && n.parent.name === n) return { skip: true };
    const decl = facts.scopes.resolve(n);
    if (!decl || !ts.isVariableDeclaration(decl) || !decl.initializer || seen.has(decl) || hops > 8) return { skip: true };
    seen.add(decl);
    const init = stripParens(decl.initializer);
    if (ts.isCallExpression(init) && facts.evaluator.tfPath(init.expression) === 'variable') {
      const trainable = init.arguments[1];
      if (trainable && trainable.kind === ts.SyntaxKind.FalseKeyword) return { skip: true };
      found = { name: n.text, node: decl };
      return { stop: true };
    }
    return { follow: decl.initializer };
  });
  return found;
}

/** A product of data and weights (`x.mul(w)`, `matMul`, `dot`), through consts. */
function isLinearPredictor(expr: ts.Node, facts: FileFacts): boolean {
  let found = false;
  const seen = new Set<ts.Node>();
  walkThroughConsts(expr, 8, (n) => {
    if (ts.isIdentifier(n)) {
      const decl = facts.scopes.resolve(n);
      if (!decl || !ts.isVariableDeclaration(decl) || !decl.initializer || seen.has(decl)) return { skip: true };
      seen.add(decl);
      return { follow: decl.initializer };
    }
    if (ts.isCallExpression(n)) {
      const callee = n.expression;
      const name = facts.evaluator.tfPath(callee) ?? (ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined);
      if (name === 'mul' || name === 'matMul' || name === 'dot') {
        found = true;
        return { stop: true };
      }
    }
    return ts.isFunctionLike(n) ? { skip: true } : undefined;
  });
  return found;
}

/**
 * The expression's text followed by the initializers of the variables it reads, up to four hops
 * deep, each once (a variable read a hundred times, `x / x / x ...`, is expanded once, not a
 * hundred times per hop).
 */
function expandedText(expr: ts.Expression, facts: FileFacts): string {
  let text = textOf(expr);
  const seen = new Set<ts.Node>();
  walkThroughConsts(expr, 4, (n) => {
    if (!ts.isIdentifier(n)) return undefined;
    const decl = facts.scopes.resolve(n);
    if (!decl || !ts.isVariableDeclaration(decl) || !decl.initializer || seen.has(decl)) return { skip: true };
    seen.add(decl);
    text += ` ${textOf(decl.initializer)}`;
    return { follow: decl.initializer };
  });
  return text;
}

function enclosingFunction(node: ts.Node): ts.Node | undefined {
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) if (ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n) || ts.isMethodDeclaration(n)) return n;
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) if (ts.isFunctionLike(n)) return n;
  return undefined;
}

interface Pattern {
  kind: 'softmax' | 'logSumExp';
  /** The division (softmax) or the log (log-sum-exp) that the built-in replaces. */
  node: ts.CallExpression;
  /** Axis and keepDims of the sum, as written. */
  axis?: ts.Expression;
  keepDims?: ts.Expression;
  /** The `const e = exp(z)` statement, when the division was its only use. */
  declaration?: ts.VariableStatement;
}

interface Verdict {
  messageId: MessageId;
  severity: Severity;
  evidence: string;
  inputs?: string;
}

function classify(op: OpCall, z: TensorValue, pattern: Pattern | undefined, facts: FileFacts): Verdict | undefined {
  const r = z.range;
  const certain = (z.concrete && z.concrete.values.some((v) => v > R.EXP_OVERFLOW)) || (!r.unknown && r.lo > R.EXP_OVERFLOW);
  if (certain) return { messageId: 'overflows', severity: 'error', evidence: z.concrete ? `it holds ${R.formatNumber(r.hi)}` : `it is at least ${R.formatNumber(r.lo)}` };
  if (pattern) {
    if (r.unknown) {
      return op.training
        ? { messageId: pattern.kind === 'softmax' ? 'handSoftmax' : 'handLogSumExp', severity: 'warning', evidence: 'nothing bounds it inside the training step' }
        : { messageId: 'unprovenPattern', severity: 'info', evidence: '' };
    }
    return { messageId: pattern.kind === 'softmax' ? 'handSoftmax' : 'handLogSumExp', severity: 'warning', evidence: rangeEvidence(z) };
  }
  if (r.unknown) return undefined;
  if (Number.isFinite(r.hi)) {
    const evidence = z.origin
      ? `${z.origin.description}, line ${facts.positions.lineLabel(z.origin.span)}`
      : `it lies in [${R.formatNumber(r.lo)}, ${R.formatNumber(r.hi)}]`;
    return { messageId: 'canOverflow', severity: 'warning', evidence };
  }
  // Unbounded alone (a VAE's log-variance trains fine); raw logits on unscaled inputs do overflow.
  const inputs = rawLogitsInputScale(op, facts);
  return inputs ? { messageId: 'rawLogits', severity: 'warning', evidence: '', inputs } : undefined;
}

function rangeEvidence(z: TensorValue): string {
  const r = z.range;
  if (r.hi === Infinity) return r.lo === -Infinity ? 'it is unbounded, like a linear layer\'s logits' : `it is bounded below by ${R.formatNumber(r.lo)} only`;
  return `it reaches ${R.formatNumber(r.hi)}${z.origin ? ` (${z.origin.description})` : ''}`;
}

/** The input scale of a linear-output model whose loss takes `exp` of its prediction parameter. */
function rawLogitsInputScale(op: OpCall, facts: FileFacts): string | undefined {
  const t = facts.config.thresholds;
  for (const { fact } of facts.models) {
    const loss = fact.lossFn;
    const pred = loss?.parameters[1];
    if (!loss || !pred || !ts.isIdentifier(pred.name) || !contains(loss, op.node.getStart())) continue;
    const last = fact.layers[fact.layers.length - 1];
    if (!last || last.spec.activation !== 'linear') continue;
    if (!mentions(op.operand, pred, facts)) continue;
    const scale = inputScale(fact, facts.positions);
    if (scale && isUnscaled(scale, t.unscaledInputLimit, t)) return R.formatNumber(scale.maxAbs);
  }
  return undefined;
}

function mentions(expr: ts.Node | undefined, decl: ts.ParameterDeclaration, facts: FileFacts): boolean {
  if (!expr) return false;
  let found = false;
  walk(expr, (n) => {
    if (!ts.isIdentifier(n)) return undefined;
    found = facts.scopes.resolve(n) === decl;
    return found ? 'stop' : 'skip';
  });
  return found;
}

/**
 * `exp(z).div(exp(z).sum(axis, true))` or `const e = exp(z); e.div(e.sum(...))` (softmax), and
 * `log(sum(exp(z)))` in either form (log-sum-exp), found among the file's op calls.
 */
function findPattern(op: OpCall, facts: FileFacts): Pattern | undefined {
  const names = new Set([compact(textOf(op.node))]);
  let holder: ts.Node = op.node;
  while (ts.isParenthesizedExpression(holder.parent) || ts.isAsExpression(holder.parent)) holder = holder.parent;
  const decl = ts.isVariableDeclaration(holder.parent) && holder.parent.initializer === holder && ts.isIdentifier(holder.parent.name) ? holder.parent : undefined;
  if (decl) names.add((decl.name as ts.Identifier).text);
  const isExpValue = (e: ts.Expression | undefined): boolean => {
    if (!e) return false;
    const text = compact(textOf(e));
    if (!names.has(text)) return false;
    return !decl || !ts.isIdentifier(e) || text !== (decl.name as ts.Identifier).text || facts.scopes.resolve(e) === decl;
  };
  const sumOf = (e: ts.Expression | undefined): { axis?: ts.Expression; keepDims?: ts.Expression } | undefined => {
    if (!e) return undefined;
    const t = facts.evaluator.tensor(e);
    if (t?.stat !== 'sum' || !t.statSource || !names.has(compact(t.statSource.text))) return undefined;
    const call = stripParens(e);
    if (!ts.isCallExpression(call)) return {};
    const method = ts.isPropertyAccessExpression(call.expression) && facts.evaluator.tfPath(call.expression) === undefined;
    const [axis, keepDims] = method ? call.arguments : call.arguments.slice(1);
    return { ...(axis ? { axis } : {}), ...(keepDims ? { keepDims } : {}) };
  };
  for (const other of facts.ops) {
    if (other.op === 'div' && isExpValue(other.operand)) {
      const sum = sumOf(other.rest[0]);
      if (sum) {
        const pattern: Pattern = { kind: 'softmax', node: other.node, ...sum };
        if (decl && onlyUsedIn(decl, other.node, facts)) {
          const statement = decl.parent.parent;
          if (ts.isVariableStatement(statement) && statement.declarationList.declarations.length === 1) pattern.declaration = statement;
        }
        return pattern;
      }
    }
    if (other.op === 'log' && other.operand) {
      const sum = sumOf(other.operand);
      if (sum && !(decl && !onlyUsedIn(decl, other.node, facts))) return { kind: 'logSumExp', node: other.node, ...sum };
    }
  }
  return undefined;
}

function onlyUsedIn(decl: ts.VariableDeclaration, within: ts.Node, facts: FileFacts): boolean {
  const name = (decl.name as ts.Identifier).text;
  const scope = enclosingScope(decl);
  let outside = false;
  walk(scope, (n) => {
    if (ts.isIdentifier(n) && n.text === name && n !== decl.name && facts.scopes.resolve(n) === decl && !contains(within, n.getStart())) outside = true;
    return outside ? 'stop' : undefined;
  });
  return !outside;
}

function enclosingScope(node: ts.Node): ts.Node {
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) if (ts.isFunctionLike(n) || ts.isSourceFile(n)) return n;
  return node.getSourceFile();
}

/** The exps a pattern is made of (`exp(z) / sum(exp(z))` written inline has two). */
function patternExps(op: OpCall, pattern: Pattern | undefined, facts: FileFacts): OpCall[] {
  if (!pattern || !op.operand) return [op];
  const zText = compact(textOf(op.operand));
  const inside = facts.ops.filter((o) => o !== op && o.op === 'exp' && o.operand && contains(pattern.node, o.node.getStart()) &&
    compact(textOf(o.operand)) === zText);
  return [op, ...inside].sort((a, b) => a.node.getStart() - b.node.getStart());
}

function fixes(op: OpCall, pattern: Pattern | undefined, facts: FileFacts): Fix[] {
  const z = op.operand;
  if (!z) return [];
  const ns = tfNamespace(facts);
  const out: Fix[] = [];
  const zText = textOf(z);
  const exps = patternExps(op, pattern, facts);
  const eachExponent = (rewrite: (e: OpCall, operand: ts.Expression) => string): TextEdit[] =>
    exps.flatMap((e) => (e.operand ? [{ span: span(e.operand), newText: rewrite(e, e.operand) }] : []));
  const axisText = pattern?.axis ? textOf(pattern.axis) : undefined;
  if (pattern?.kind === 'softmax') {
    const axis = axisText === undefined || axisText === '-1' ? '' : `, ${axisText}`;
    // Only a log reads the softmax (a hand-written cross-entropy): tf.logSoftmax replaces both, so
    // the log of the built-in softmax is not left for raw-log to report.
    const log = logOfSoftmax(pattern, z, facts);
    if (log) {
      const edits: TextEdit[] = [...ns.edits, { span: span(log.node), newText: `${ns.name}.logSoftmax(${zText}${axis})` }];
      if (log.declaration) edits.push({ span: statementLine(log.declaration, facts), newText: '' });
      if (pattern.declaration) edits.push({ span: statementLine(pattern.declaration, facts), newText: '' });
      out.push({ title: 'Use tf.logSoftmax for the log of this softmax (subtracts the max internally)', safety: 'safe', remedy: 'other', preferred: true, edits: sortEdits(edits) });
    }
    const edits: TextEdit[] = [...ns.edits, { span: span(pattern.node), newText: `${ns.name}.softmax(${zText}${axis})` }];
    if (pattern.declaration) edits.push({ span: statementLine(pattern.declaration, facts), newText: '' });
    out.push({ title: 'Use tf.softmax (subtracts the max internally)', safety: 'safe', remedy: 'other', preferred: !log, edits: sortEdits(edits) });
    const axisArg = axisText ?? '-1';
    const shifted = (e: OpCall, operand: ts.Expression): string => e.style === 'method'
      ? `${receiverText(operand)}.sub(${receiverText(operand)}.max(${axisArg}, true))`
      : `${ns.name}.sub(${textOf(operand)}, ${ns.name}.max(${textOf(operand)}, ${axisArg}, true))`;
    out.push({ title: 'Subtract the max before exp', safety: 'safe', remedy: 'other', edits: [...ns.edits, ...eachExponent(shifted)] });
  } else if (pattern?.kind === 'logSumExp') {
    const args = [zText, ...(axisText !== undefined ? [axisText] : []), ...(pattern.keepDims ? [textOf(pattern.keepDims)] : [])];
    out.push({
      title: 'Use tf.logSumExp (subtracts the max internally)',
      safety: 'safe',
      remedy: 'other',
      preferred: true,
      edits: [...ns.edits, { span: span(pattern.node), newText: `${ns.name}.logSumExp(${args.join(', ')})` }],
    });
  }
  const clipped = (e: OpCall, operand: ts.Expression): string => e.style === 'method'
    ? `${receiverText(operand)}.minimum(${CLIP_EXPONENT})`
    : `${ns.name}.minimum(${textOf(operand)}, ${CLIP_EXPONENT})`;
  out.push({
    title: `Clip the exponent at ${CLIP_EXPONENT} (changes values above it)`,
    safety: 'unsafe',
    remedy: 'other',
    preferred: out.length === 0,
    edits: [...ns.edits, ...eachExponent(clipped)],
  });
  return out;
}

/**
 * The log a hand-written softmax only feeds: `tf.log(e.div(s))` / `e.div(s).log()`, or
 * `const probs = e.div(s)` whose one use is such a log. Through the const, the logits are written
 * at the log instead: they must name the same value there (a const or a parameter nothing
 * assigns, in scope).
 */
function logOfSoftmax(pattern: Pattern, z: ts.Expression, facts: FileFacts): { node: ts.CallExpression; declaration?: ts.VariableStatement } | undefined {
  let holder: ts.Node = pattern.node;
  while (ts.isParenthesizedExpression(holder.parent)) holder = holder.parent;
  const logReading = (e: ts.Node): OpCall | undefined => {
    let n = e;
    while (ts.isParenthesizedExpression(n.parent)) n = n.parent;
    return facts.ops.find((o) => o.op === 'log' && o.operand !== undefined && stripParens(o.operand) === stripParens(n as ts.Expression) && o.rest.length === 0);
  };
  const direct = logReading(holder);
  if (direct) return { node: direct.node };
  const decl = holder.parent;
  if (!ts.isVariableDeclaration(decl) || decl.initializer !== holder || !ts.isIdentifier(decl.name)) return undefined;
  const statement = decl.parent.parent;
  if (!ts.isVariableStatement(statement) || statement.declarationList.declarations.length !== 1 || !isConst(decl)) return undefined;
  const name = decl.name.text;
  const uses: ts.Identifier[] = [];
  walk(enclosingScope(decl), (n) => {
    if (ts.isIdentifier(n) && n.text === name && n !== decl.name && facts.scopes.resolve(n) === decl) uses.push(n);
  });
  const log = uses.length === 1 ? logReading(uses[0] as ts.Identifier) : undefined;
  if (!log || !sameValueAt(z, log.node, facts)) return undefined;
  return { node: log.node, declaration: statement };
}

function isConst(decl: ts.VariableDeclaration): boolean {
  return ts.isVariableDeclarationList(decl.parent) && (decl.parent.flags & ts.NodeFlags.Const) !== 0;
}

/** An identifier of a const or of a parameter nothing assigns, whose scope holds `at`. */
function sameValueAt(expr: ts.Expression, at: ts.Node, facts: FileFacts): boolean {
  const e = stripParens(expr);
  if (!ts.isIdentifier(e)) return false;
  const decl = facts.scopes.resolve(e);
  if (!decl || (!ts.isParameter(decl) && !(ts.isVariableDeclaration(decl) && isConst(decl)))) return false;
  if (facts.scopes.assignmentsTo(decl).length > 0 || facts.scopes.updatesTo(decl).length > 0) return false;
  let scope: ts.Node | undefined = decl.parent;
  while (scope && !ts.isFunctionLike(scope) && !ts.isBlock(scope) && !ts.isSourceFile(scope)) scope = scope.parent;
  return !!scope && at.getStart() >= scope.getStart() && at.getEnd() <= scope.getEnd();
}

/** The statement's whole line(s), so deleting it leaves no blank line behind. */
function statementLine(statement: ts.Statement, facts: FileFacts): { start: number; end: number } {
  const text = facts.text;
  let start = statement.getStart();
  let end = statement.getEnd();
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  if (/^[ \t]*$/.test(text.slice(lineStart, start))) start = lineStart;
  if (text.startsWith('\r\n', end)) end += 2;
  else if (text[end] === '\n') end += 1;
  return { start, end };
}

function sortEdits(edits: TextEdit[]): TextEdit[] {
  return [...edits].sort((a, b) => a.span.start - b.span.start);
}

function describe(operand: ts.Expression): string {
  const text = textOf(operand).replace(/\s+/g, ' ');
  return text.length <= 40 ? `\`${text}\`` : 'this value';
}

function compact(text: string): string {
  return text.replace(/\s+/g, '');
}

function stripParens(e: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(e)) e = e.expression;
  return e;
}

function contains(node: ts.Node, offset: number): boolean {
  return offset >= node.getStart() && offset < node.getEnd();
}
