import ts = require('typescript');
import { constructedOptimizers, type FileFacts } from '../analysis/facts';
import type { Fix, OptimizerKind, TextEdit } from '../analysis/types';
import { learningRateBound, rateIsTooHigh, withMomentum } from '../analysis/training';
import { span, type OptimizerFact } from '../analysis/values';
import { defineRule } from './rule';

type MessageId = 'nanAfterFirstStep' | 'throws';

/**
 * TF.js optimizer constructors whose arguments have no default (tfjs-core 4.x, measured): `sgd()`
 * and `adagrad()` construct, then the first update multiplies by an undefined rate and every
 * weight is NaN; `rmsprop()` throws "learningRate for RMSPropOptimizer must be defined";
 * `momentum(lr)` throws while making a tensor of the undefined momentum, and `momentum(undefined, m)`
 * trains to NaN like `sgd()`.
 */
const REQUIRED: Partial<Record<OptimizerKind, { rate: number; momentum?: number }>> = {
  sgd: { rate: 0.01 },
  adagrad: { rate: 0.01 },
  rmsprop: { rate: 0.001 },
  momentum: { rate: 0.01, momentum: 0.9 },
};

export const missingLearningRate = defineRule<MessageId>({
  meta: {
    id: 'missing-learning-rate',
    fixable: true,
    messages: {
      nanAfterFirstStep:
        '`{call}` is called without a learning rate. TF.js has no default for it: the first update multiplies the gradients by `undefined`, and every weight is NaN after one step.',
      throws: '`{call}` is called without {missing}. TF.js has no default and throws when the optimizer is built: "{error}".',
    },
    docs: {
      summary: 'Flags `tf.train.sgd()`, `tf.train.adagrad()`, `tf.train.rmsprop()` without a learning rate and `tf.train.momentum(lr)` without a momentum.',
      whatItDoes:
        'Checks every `tf.train.*` optimizer call (namespace, named `train` import or destructured). `sgd`, `adagrad` and `rmsprop` have no default learning rate in TF.js, and `momentum` has no default momentum; the rule reports a call that leaves the argument out or passes `undefined`. `adam`, `adamax` and `adadelta` have defaults and are not reported, nor are string optimizers such as `\'sgd\'`, which `compile` builds with a default rate.',
      whyIsThisBad:
        'Keras gives every optimizer a default learning rate, so `SGD()` works there; TF.js does not. Measured with @tensorflow/tfjs 4.22 on the CPU backend: after one `minimize` step with `tf.train.sgd()` or `tf.train.adagrad()` the weight is NaN, and `model.fit` keeps training on NaN without an error (the loss shows NaN from the second epoch). `tf.train.rmsprop()` throws "learningRate for RMSPropOptimizer must be defined", `tf.train.momentum(0.1)` and `tf.train.momentum()` throw while converting the undefined momentum to a tensor, and `tf.train.momentum(undefined, 0.9)` gives NaN like `sgd()`.',
      example: [
        "const tf = require('@tensorflow/tfjs');",
        '',
        'const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1] })] });',
        "model.compile({ optimizer: tf.train.sgd(), loss: 'meanSquaredError' });",
        'model.fit(tf.tensor2d([[1], [2], [3]]), tf.tensor2d([[1], [3], [5]]), { epochs: 10 });',
      ].join('\n'),
      useInstead: [
        "const tf = require('@tensorflow/tfjs');",
        '',
        'const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1] })] });',
        "model.compile({ optimizer: tf.train.sgd(0.01), loss: 'meanSquaredError' });",
        'model.fit(tf.tensor2d([[1], [2], [3]]), tf.tensor2d([[1], [3], [5]]), { epochs: 10 });',
      ].join('\n'),
      fixSafety:
        'The fix inserts the value the string form of the optimizer uses (`compile({optimizer: \'sgd\'})`): learning rate 0.01 for `sgd`, `adagrad` and `momentum`, 0.001 for `rmsprop`, and momentum 0.9, or 0.5 when the written rate is too high for 0.9 (its effective step lr / (1 - 0.9) is ten times the rate, so `momentum(0.4)` would trade the throw for a divergence). It is safe: without it the program produces NaN or throws, so no working behaviour changes.',
      probe:
        'The probe builds the optimizer exactly as written (an undefined rate stays undefined) and reports NaN weights after the first batch, or the error the constructor throws; it then re-runs with the inserted default and reports whether the loss stays finite and decreases.',
      references: ['https://js.tensorflow.org/api/latest/#train.sgd', 'https://js.tensorflow.org/api/latest/#train.momentum'],
    },
  },
  check(context) {
    const { facts } = context;
    for (const { op, optimizer } of constructedOptimizers(facts)) {
      const kind = optimizer.spec.kind;
      const required = REQUIRED[kind];
      if (!required) continue;
      const call = op.node;
      const rateArg = call.arguments[0];
      const rateMissing = !rateArg || isUndefined(rateArg);
      const momentumArg = call.arguments[1];
      const momentumMissing = kind === 'momentum' && (!momentumArg || isUndefined(momentumArg));
      if (!rateMissing && !momentumMissing) continue;
      // rmsprop checks its rate; momentum converts its momentum to a tensor, which fails on undefined.
      const throws = kind === 'rmsprop' || momentumMissing;
      const missing = [rateMissing ? 'a learning rate' : '', momentumMissing ? 'a momentum' : ''].filter(Boolean).join(' or ');
      const error = kind === 'rmsprop' ? 'learningRate for RMSPropOptimizer must be defined' : 'values passed to tensor(values) must be a number/boolean/string or an array …';
      context.report({
        messageId: throws ? 'throws' : 'nanAfterFirstStep',
        severity: 'error',
        span: span(call),
        data: { call: call.getText(), optimizer: kind, missing, error },
        fixes: [fixFor(call, kind, { ...required, ...(required.momentum !== undefined ? { momentum: momentumFor(optimizer, required.momentum, facts) } : {}) }, rateMissing, momentumMissing, facts)],
        ...siteOf(optimizer, facts),
      });
    }
  },
});

function isUndefined(e: ts.Expression): boolean {
  return ts.isIdentifier(e) && e.text === 'undefined';
}

function fixFor(
  call: ts.CallExpression,
  kind: OptimizerKind,
  required: { rate: number; momentum?: number },
  rateMissing: boolean,
  momentumMissing: boolean,
  facts: FileFacts,
): Fix {
  const args = call.arguments;
  const edits: TextEdit[] = [];
  const inserted: string[] = [];
  const rate = String(required.rate);
  const momentum = required.momentum !== undefined ? String(required.momentum) : undefined;
  const first = args[0];
  const second = args[1];
  if (!first) {
    // `sgd()` / `momentum()`: the arguments list is empty.
    const text = momentum !== undefined ? `${rate}, ${momentum}` : rate;
    edits.push({ span: { start: args.pos, end: args.end }, newText: text });
    inserted.push(`learning rate ${rate}`);
    if (momentum !== undefined) inserted.push(`momentum ${momentum}`);
  } else {
    if (rateMissing) {
      edits.push({ span: { start: first.getStart(facts.sourceFile), end: first.getEnd() }, newText: rate });
      inserted.push(`learning rate ${rate}`);
    }
    if (momentumMissing && momentum !== undefined) {
      if (second) edits.push({ span: { start: second.getStart(facts.sourceFile), end: second.getEnd() }, newText: momentum });
      else edits.push({ span: { start: first.getEnd(), end: first.getEnd() }, newText: `, ${momentum}` });
      inserted.push(`momentum ${momentum}`);
    }
  }
  const usual = momentum === undefined || momentum === String(REQUIRED.momentum?.momentum);
  return {
    title: usual ? `Pass the usual default ${inserted.join(' and ')} to tf.train.${kind}` : `Pass ${inserted.join(' and ')} to tf.train.${kind} (0.9 would make the rate too high)`,
    safety: 'safe',
    remedy: rateMissing ? 'learning-rate' : 'other',
    preferred: true,
    edits,
  };
}

/** Momentum that keeps the momentum optimizer within its own bound (lr / (1 - m) at most twice lr). */
const MODERATE_MOMENTUM = 0.5;

/**
 * The usual momentum, unless the written rate is too high with it: momentum 0.9 makes the
 * effective step lr / (1 - 0.9) ten times the rate, so `momentum(0.4)` would become a rate that
 * high-learning-rate reports (the fix would trade a throw for a divergence). Then a moderate
 * momentum, which leaves the rate judged as it is without one.
 */
function momentumFor(optimizer: OptimizerFact, usual: number, facts: FileFacts): number {
  const lr = optimizer.spec.learningRate;
  if (lr === undefined) return usual;
  const model = facts.models.find((m) => m.fact.optimizer === optimizer)?.fact;
  const t = facts.config.thresholds;
  const limits = learningRateBound('momentum', lr, model, facts.positions, t);
  if (!limits) return usual;
  const spec = { ...optimizer.spec, momentum: usual };
  return rateIsTooHigh(spec, withMomentum(spec, limits, t.learningRate), t) ? MODERATE_MOMENTUM : usual;
}

/** The training site that uses this optimizer (a fit of a model compiled with it, or a minimize loop). */
function siteOf(opt: OptimizerFact, facts: FileFacts): { siteId?: string } {
  for (const s of facts.sites) {
    if (s.optimizer === opt || s.model?.optimizer === opt) return { siteId: s.site.id };
  }
  return {};
}
