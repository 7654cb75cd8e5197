// The seed cases (../shared/seed-cases, the project's public spec) as the analyzer is meant to see
// them: the program text plus a hand-written AnalysisResult (ModelSpec, TrainingSite, TensorFacts,
// findings with fixes). The probe's tests and benchmark run on these, so they do not depend on the
// analyzer's progress; once it fills ModelSpecs, `probe-analyzer.test.ts` checks that its output
// builds the same plans.
//
// `truth` is the measured outcome on TF.js 4.22.0 (10 epochs): non-finite or finite.

import type {
  AnalysisResult,
  Finding,
  Fix,
  FitSpec,
  LayerSpec,
  LossSpec,
  ModelSpec,
  OptimizerSpec,
  Range,
  RemedyKind,
  Span,
  TensorFact,
  TrainingSite,
  ValueRange,
} from '../src/analysis/types';
import type { ProbeVerdict } from '../src/probe/protocol';

export interface SeedCase {
  name: string;
  text: string;
  truth: 'non-finite' | 'finite';
  /** A verdict the probe must give exactly, when the issue names one. */
  verdict?: ProbeVerdict;
  result: AnalysisResult;
  siteId: string;
}

// ---------------------------------------------------------------------------------------------
// Builders

function locate(text: string, snippet: string, after = 0): Span {
  const start = text.indexOf(snippet, after);
  if (start < 0) throw new Error(`snippet not found: ${snippet}`);
  return { start, end: start + snippet.length };
}

function rangeOf(text: string, span: Span): Range {
  const pos = (offset: number): { line: number; character: number } => {
    const before = text.slice(0, offset).split('\n');
    return { line: before.length - 1, character: (before[before.length - 1] ?? '').length };
  };
  return { start: pos(span.start), end: pos(span.end) };
}

function vr(lo: number, hi: number, extra: Partial<ValueRange> = {}): ValueRange {
  return { lo, hi, mayBeZero: lo <= 0 && hi >= 0, provenZero: false, provenNegative: hi < 0, unknown: false, ...extra };
}

const UNKNOWN: ValueRange = { lo: -Infinity, hi: Infinity, mayBeZero: true, provenZero: false, provenNegative: false, unknown: true };

function layer(text: string, snippet: string, kind: string, fields: Partial<LayerSpec> = {}): LayerSpec {
  return { kind, span: locate(text, snippet), activation: 'linear', recurrent: false, options: {}, ...fields };
}

function optimizer(text: string, snippet: string, kind: OptimizerSpec['kind'], fields: Partial<OptimizerSpec> = {}): OptimizerSpec {
  const fromString = snippet.startsWith("'");
  const defaults: Record<string, number> = { sgd: 0.01, adam: 0.001, rmsprop: 0.001, adagrad: 0.01, adadelta: 1, adamax: 0.002 };
  return {
    kind,
    span: locate(text, snippet),
    fromString,
    learningRate: defaults[kind],
    learningRateExplicit: false,
    learningRateMissing: false,
    clipped: false,
    ...fields,
  };
}

function loss(text: string, snippet: string, kind: LossSpec['kind'], fields: Partial<LossSpec> = {}): LossSpec {
  return { kind, span: locate(text, snippet), ...fields };
}

/** A tensor passed to fit: `expr` is located inside the `fit(` call. */
function fact(text: string, expr: string, fields: Partial<TensorFact> = {}, fitCall = '.fit('): TensorFact {
  const call = locate(text, fitCall);
  return { text: expr, span: locate(text, expr, call.end), range: UNKNOWN, normalized: false, ...fields };
}

function fit(text: string, fields: Partial<FitSpec> = {}, fitCall = 'model.fit('): FitSpec {
  return { kind: 'fit', span: locate(text, fitCall), ...fields };
}

function fix(text: string, title: string, remedy: RemedyKind, edits: [string, string][], after = 0): Fix {
  return { title, safety: remedy === 'epsilon' ? 'safe' : 'unsafe', remedy, edits: edits.map(([old, newText]) => ({ span: locate(text, old, after), newText })) };
}

function finding(text: string, ruleId: string, at: string, fixes: Fix[], siteId = 'site-1'): Finding {
  const span = locate(text, at);
  return { ruleId, messageId: ruleId, severity: 'warning', message: ruleId, span, range: rangeOf(text, span), data: {}, related: [], fixes, siteId };
}

function modelCase(
  name: string,
  text: string,
  truth: SeedCase['truth'],
  model: Omit<ModelSpec, 'id' | 'span' | 'style' | 'metrics' | 'fits'> & { fit: FitSpec; modelAt: string },
  findings: Finding[] = [],
  verdict?: ProbeVerdict,
): SeedCase {
  const spec: ModelSpec = {
    id: 'model-1',
    span: locate(text, model.modelAt),
    style: 'sequential',
    layers: model.layers,
    metrics: [],
    fits: [model.fit],
  };
  if (model.optimizer) spec.optimizer = model.optimizer;
  if (model.loss) spec.loss = model.loss;
  const site: TrainingSite = { id: 'site-1', kind: 'fit', span: model.fit.span, range: rangeOf(text, model.fit.span), modelId: 'model-1' };
  const seed: SeedCase = {
    name,
    text,
    truth,
    siteId: 'site-1',
    result: {
      fileName: `/seeds/${name}.js`,
      usesTf: true,
      syntaxErrors: [],
      bindings: { namespaces: ['tf'], named: {}, packageName: '@tensorflow/tfjs' },
      findings,
      models: [spec],
      sites: [site],
      internalErrors: [],
    },
  };
  if (verdict) seed.verdict = verdict;
  return seed;
}

const TANH_MODEL = `
const model = tf.sequential({
  layers: [
    tf.layers.dense({ units: 128, activation: 'tanh', inputShape: [10] }),
    tf.layers.dense({ units: 64, activation: 'tanh' }),
    tf.layers.dense({ units: 1 }),
  ],
});`;

function tanhLayers(text: string): LayerSpec[] {
  return [
    layer(text, "tf.layers.dense({ units: 128, activation: 'tanh', inputShape: [10] })", 'dense', { units: 128, activation: 'tanh', inputShape: [10] }),
    layer(text, "tf.layers.dense({ units: 64, activation: 'tanh' })", 'dense', { units: 64, activation: 'tanh' }),
    layer(text, 'tf.layers.dense({ units: 1 })', 'dense', { units: 1 }),
  ];
}

// ---------------------------------------------------------------------------------------------
// The cases

const C1 = `const tf = require('@tensorflow/tfjs');

// One feature is vastly larger than the other.
const X = tf.tensor2d([[1, 100000], [2, 200000], [3, 300000]]);
const y = tf.tensor2d([[10], [20], [30]]);

const model = tf.sequential();
model.add(tf.layers.dense({ units: 1, inputShape: [2] }));
model.compile({ optimizer: 'sgd', loss: 'meanSquaredError', metrics: ['mae'] });

async function main() {
  const history = await model.fit(X, y, { epochs: 10, verbose: 0 });
  console.log(history.history.loss);
}
main();
`;

const C3 = `const tf = require('@tensorflow/tfjs');

const square = tf.customGrad((x, save) => {
  save([x]);
  return {
    value: tf.square(x),
    gradFunc: (dy, [saved]) => [tf.div(dy, tf.scalar(0))],
  };
});

const w = tf.variable(tf.scalar(0.5));
const xs = tf.tensor1d([1, 2, 3]);
const ys = tf.tensor1d([1, 4, 9]);
const optimizer = tf.train.sgd(0.01);

for (let step = 0; step < 10; step++) {
  const cost = optimizer.minimize(() => tf.mean(tf.square(tf.sub(square(tf.mul(w, xs)), ys))), true);
  console.log(step, cost.dataSync()[0]);
}
`;

const C4 = `const tf = require('@tensorflow/tfjs');
${TANH_MODEL}
model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });

const X = tf.randomUniform([100, 10]).mul(100); // intentionally large values
const y = tf.randomUniform([100, 1]);

model.fit(X, y, { epochs: 10 }).catch((e) => console.log(\`Training failed with error: \${e}\`));
`;

const C5 = `const tf = require('@tensorflow/tfjs');

const model = tf.sequential({
  layers: [
    tf.layers.dense({ units: 64, activation: 'sigmoid', inputShape: [10] }),
    tf.layers.dense({ units: 1, activation: 'sigmoid' }),
  ],
});
model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });

const X = tf.randomUniform([100, 10]);
const y = tf.clipByValue(tf.randomUniform([100, 1]), 0.01, 0.99);

model.fit(X, y, { epochs: 10 });
`;

const C6 = `const tf = require('@tensorflow/tfjs');

function withClipNorm(optimizer, clipNorm) {
  const applyGradients = optimizer.applyGradients.bind(optimizer);
  optimizer.applyGradients = (variableGradients) => {
    const list = Array.isArray(variableGradients)
      ? variableGradients
      : Object.keys(variableGradients).map((name) => ({ name, tensor: variableGradients[name] }));
    const clipped = tf.tidy(() => list.map(({ name, tensor }) => ({
      name,
      tensor: tf.mul(tensor, tf.div(clipNorm, tf.maximum(tf.norm(tensor), clipNorm))),
    })));
    try {
      return applyGradients(clipped);
    } finally {
      tf.dispose(clipped.map((g) => g.tensor));
    }
  };
  return optimizer;
}
${TANH_MODEL}
model.compile({ optimizer: withClipNorm(tf.train.adam(0.001), 1.0), loss: 'meanSquaredError' });

const X = tf.randomUniform([100, 10]).mul(100);
const y = tf.randomUniform([100, 1]);

model.fit(X, y, { epochs: 10 });
`;

const C7 = `const tf = require('@tensorflow/tfjs');

const X = tf.tensor2d([[1], [2], [3], [1000]]);
const y = tf.tensor2d([[2], [4], [6], [2000]]);

const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1] })] });
model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
model.fit(X, y, { epochs: 10 });
`;

const C8 = `const tf = require('@tensorflow/tfjs');

function standardize(t) {
  return tf.tidy(() => {
    const { mean, variance } = tf.moments(t, 0);
    return t.sub(mean).div(variance.sqrt().add(1e-7));
  });
}

function clipByGlobalNorm(optimizer, clipNorm) {
  const applyGradients = optimizer.applyGradients.bind(optimizer);
  optimizer.applyGradients = (variableGradients) => {
    const list = Array.isArray(variableGradients)
      ? variableGradients
      : Object.keys(variableGradients).map((name) => ({ name, tensor: variableGradients[name] }));
    const clipped = tf.tidy(() => {
      const norm = tf.sqrt(tf.addN(list.map((g) => tf.sum(tf.square(g.tensor)))));
      const scale = tf.div(clipNorm, tf.maximum(norm, clipNorm));
      return list.map((g) => ({ name: g.name, tensor: tf.mul(g.tensor, scale) }));
    });
    try {
      return applyGradients(clipped);
    } finally {
      tf.dispose(clipped.map((g) => g.tensor));
    }
  };
  return optimizer;
}

const X = standardize(tf.tensor2d([[1], [2], [3], [1000]]));
const y = standardize(tf.tensor2d([[2], [4], [6], [2000]]));

const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1] })] });
model.compile({ optimizer: clipByGlobalNorm(tf.train.adam(), 1.0), loss: 'meanSquaredError' });
model.fit(X, y, { epochs: 10 });
`;

const C9 = `const tf = require('@tensorflow/tfjs');

function standardize(values) {
  const t = tf.tensor2d(values);
  const { mean, variance } = tf.moments(t, 0);
  return t.sub(mean).div(variance.sqrt().add(1e-7));
}

const X = standardize([[1], [2], [3], [4]]);
const y = standardize([[2], [4], [6], [8]]);

const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1] })] });
model.compile({ optimizer: tf.train.adam(0.001), loss: 'meanSquaredError' });
model.fit(X, y, { epochs: 10 });
`;

const V01 = `const tf = require('@tensorflow/tfjs');

const X = tf.tensor2d([[1], [2], [3], [4]]);
const y = tf.tensor2d([[2], [4], [6], [8]]);

const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1] })] });
model.compile({ optimizer: tf.train.sgd(), loss: 'meanSquaredError' });
model.fit(X, y, { epochs: 10 });
`;

const V02 = `const tf = require('@tensorflow/tfjs');

function logLoss(yTrue, yPred) {
  return tf.neg(tf.mean(tf.add(
    tf.mul(yTrue, tf.log(yPred)),
    tf.mul(tf.sub(1, yTrue), tf.log(tf.sub(1, yPred))),
  )));
}

const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [10] })] });
model.compile({ optimizer: 'adam', loss: logLoss });

const X = tf.randomUniform([100, 10]);
const y = tf.randomUniform([100, 1]).greater(0.5).toFloat();
model.fit(X, y, { epochs: 10 });
`;

const V03 = `const tf = require('@tensorflow/tfjs');

const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [10] })] });
model.compile({ optimizer: 'adam', loss: (yTrue, yPred) => tf.losses.logLoss(yTrue, yPred) });

const X = tf.randomUniform([100, 10]);
const y = tf.randomUniform([100, 1]).greater(0.5).toFloat();
model.fit(X, y, { epochs: 10 });
`;

const V04 = `const tf = require('@tensorflow/tfjs');

const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [10] })] });
model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });

const X = tf.randomUniform([100, 10]);
const y = tf.randomUniform([100, 1]).greater(0.5).toFloat();
model.fit(X, y, { epochs: 10 });
`;

const softmaxCase = (lossBody: string): string => `const tf = require('@tensorflow/tfjs');

function crossEntropy(yTrue, logits) {
${lossBody}
}

const model = tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [4] })] });
model.compile({ optimizer: 'sgd', loss: crossEntropy });

const X = tf.randomUniform([64, 4]).mul(1000);
const y = tf.oneHot(tf.randomUniform([64], 0, 3, 'int32'), 3).toFloat();
model.fit(X, y, { epochs: 10 });
`;

const V05 = softmaxCase(`  const p = tf.div(tf.exp(logits), tf.sum(tf.exp(logits), -1, true));
  return tf.neg(tf.mean(tf.sum(tf.mul(yTrue, tf.log(p)), -1)));`);
const V06 = softmaxCase('  return tf.neg(tf.mean(tf.sum(tf.mul(yTrue, tf.log(tf.softmax(logits))), -1)));');
const V07 = softmaxCase('  return tf.neg(tf.mean(tf.sum(tf.mul(yTrue, tf.logSoftmax(logits)), -1)));');

const V08 = `const tf = require('@tensorflow/tfjs');

const model = tf.sequential({
  layers: [tf.layers.dense({ units: 1, inputShape: [3], kernelInitializer: 'zeros' })],
});
model.compile({
  optimizer: 'sgd',
  loss: (yTrue, yPred) => tf.sqrt(tf.mean(tf.square(tf.sub(yPred, yTrue)))),
});

const X = tf.tensor2d([[1, 2, 3], [4, 5, 6], [7, 8, 9], [1, 0, 1]]);
const y = tf.zeros([4, 1]);
model.fit(X, y, { epochs: 10 });
`;

const zeroVariance = (xExpr: string, yExpr: string): string => `const tf = require('@tensorflow/tfjs');

const raw = tf.tensor2d([[1, 5], [2, 5], [3, 5], [4, 5]]);
const { mean, variance } = tf.moments(raw, 0);
const X = ${xExpr};
const y = ${yExpr};

const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });
model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
model.fit(X, y, { epochs: 10 });
`;

const V09 = zeroVariance('tf.div(tf.sub(raw, mean), tf.sqrt(variance))', 'tf.tensor2d([[2], [4], [6], [8]])');
const V12 = zeroVariance('tf.div(tf.sub(raw, mean), tf.sqrt(variance).add(1e-7))', 'tf.tensor2d([[2], [4], [6], [8]]).div(8)');

const V10 = `const tf = require('@tensorflow/tfjs');

const X = tf.tensor2d([[1], [2], [3], [1000]]);
const y = tf.tensor2d([[2], [4], [6], [2000]]);

const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1] })] });
model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
model.fit(X, y, { epochs: 10 });
`;

const V11 = `const tf = require('@tensorflow/tfjs');
${TANH_MODEL}
model.compile({ optimizer: tf.train.sgd(1.0), loss: 'meanSquaredError' });

const X = tf.randomUniform([100, 10]).mul(100);
const y = tf.randomUniform([100, 1]);
model.fit(X, y, { epochs: 10 });
`;

const dense1 = (text: string, inputs: number): LayerSpec[] => [
  layer(text, `tf.layers.dense({ units: 1, inputShape: [${inputs}] })`, 'dense', { units: 1, inputShape: [inputs] }),
];

/** loss-activation-mismatch: a sigmoid output for a probability loss. */
const sigmoidFix = (text: string): Finding =>
  finding(text, 'loss-activation-mismatch', 'tf.layers.dense({ units: 1, inputShape: [10] })', [
    fix(text, "Set the output activation to 'sigmoid'", 'other', [['tf.layers.dense({ units: 1, inputShape: [10] })', "tf.layers.dense({ units: 1, inputShape: [10], activation: 'sigmoid' })"]]),
  ]);

const normalizeFix = (text: string, x = 'X'): Fix =>
  fix(text, 'Normalize the inputs (z-score with epsilon)', 'normalize-inputs', [[`${x}, y`, `${x}.sub(${x}.mean(0)).div(tf.moments(${x}, 0).variance.sqrt().add(1e-7)), y`]], text.indexOf('.fit('));

export const SEED_CASES: SeedCase[] = [
  modelCase(
    'c1-unscaled-features-sgd',
    C1,
    'non-finite',
    {
      modelAt: 'tf.sequential()',
      layers: [layer(C1, 'tf.layers.dense({ units: 1, inputShape: [2] })', 'dense', { units: 1, inputShape: [2] })],
      optimizer: optimizer(C1, "'sgd'", 'sgd'),
      loss: loss(C1, "'meanSquaredError'", 'builtin', { name: 'meanSquaredError' }),
      fit: fit(C1, {
        epochs: 10,
        x: fact(C1, 'X', { literal: [[1, 100000], [2, 200000], [3, 300000]], shape: [3, 2], range: vr(1, 300000), columns: [vr(1, 3), vr(100000, 300000)], meanSquare: 2.33e10 }),
        y: fact(C1, 'y', { literal: [[10], [20], [30]], shape: [3, 1], range: vr(10, 30) }),
      }),
    },
    [
      finding(C1, 'unscaled-input', 'X', [normalizeFix(C1)]),
      finding(C1, 'high-learning-rate', "'sgd'", [fix(C1, 'Set the learning rate to 1e-11', 'learning-rate', [["'sgd'", 'tf.train.sgd(1e-11)']])]),
    ],
  ),
  {
    name: 'c3-custom-gradient-divides-by-zero',
    text: C3,
    truth: 'non-finite',
    siteId: 'site-1',
    result: {
      fileName: '/seeds/c3-custom-gradient-divides-by-zero.js',
      usesTf: true,
      syntaxErrors: [],
      bindings: { namespaces: ['tf'], named: {} },
      findings: [
        finding(C3, 'unsafe-division', 'tf.div(dy, tf.scalar(0))', [
          fix(C3, 'Use tf.divNoNan', 'epsilon', [['tf.div(dy, tf.scalar(0))', 'tf.divNoNan(dy, tf.scalar(0))']]),
          fix(C3, 'Add an epsilon to the divisor', 'epsilon', [['tf.scalar(0))]', 'tf.scalar(0).add(1e-7))]']]),
        ]),
      ],
      models: [],
      sites: [
        {
          id: 'site-1',
          kind: 'minimize',
          span: locate(C3, 'optimizer.minimize(() => tf.mean(tf.square(tf.sub(square(tf.mul(w, xs)), ys))), true)'),
          range: rangeOf(C3, locate(C3, 'optimizer.minimize(')),
          optimizer: optimizer(C3, 'tf.train.sgd(0.01)', 'sgd', { learningRate: 0.01, learningRateExplicit: true }),
          lossSource: '() => tf.mean(tf.square(tf.sub(square(tf.mul(w, xs)), ys)))',
        },
      ],
      internalErrors: [],
    },
  },
  modelCase(
    'c4-tanh-on-unscaled-input',
    C4,
    'finite',
    {
      modelAt: 'tf.sequential({',
      layers: tanhLayers(C4),
      optimizer: optimizer(C4, "'adam'", 'adam'),
      loss: loss(C4, "'meanSquaredError'", 'builtin', { name: 'meanSquaredError' }),
      fit: fit(C4, { epochs: 10, x: fact(C4, 'X', { shape: [100, 10], range: vr(0, 100) }), y: fact(C4, 'y', { shape: [100, 1], range: vr(0, 1) }) }),
    },
    [finding(C4, 'saturating-activation-unscaled-input', "activation: 'tanh', inputShape", [normalizeFix(C4)])],
    'saturated',
  ),
  modelCase('c5-sigmoid-bce-near-bounds', C5, 'finite', {
    modelAt: 'tf.sequential({',
    layers: [
      layer(C5, "tf.layers.dense({ units: 64, activation: 'sigmoid', inputShape: [10] })", 'dense', { units: 64, activation: 'sigmoid', inputShape: [10] }),
      layer(C5, "tf.layers.dense({ units: 1, activation: 'sigmoid' })", 'dense', { units: 1, activation: 'sigmoid' }),
    ],
    optimizer: optimizer(C5, "'adam'", 'adam'),
    loss: loss(C5, "'binaryCrossentropy'", 'builtin', { name: 'binaryCrossentropy' }),
    fit: fit(C5, { epochs: 10, x: fact(C5, 'X', { shape: [100, 10], range: vr(0, 1) }), y: fact(C5, 'y', { shape: [100, 1], range: vr(0.01, 0.99) }) }),
  }),
  modelCase(
    'c6-tanh-with-gradient-clipping',
    C6,
    'finite',
    {
      modelAt: 'tf.sequential({',
      layers: tanhLayers(C6),
      optimizer: optimizer(C6, 'tf.train.adam(0.001)', 'adam', { learningRateExplicit: true, clipped: true }),
      loss: loss(C6, "'meanSquaredError'", 'builtin', { name: 'meanSquaredError' }),
      fit: fit(C6, { epochs: 10, x: fact(C6, 'X', { shape: [100, 10], range: vr(0, 100) }), y: fact(C6, 'y', { shape: [100, 1], range: vr(0, 1) }) }),
    },
    [],
    'saturated',
  ),
  modelCase(
    'c7-outlier-adam',
    C7,
    'finite',
    {
      modelAt: 'tf.sequential({',
      layers: dense1(C7, 1),
      optimizer: optimizer(C7, "'adam'", 'adam'),
      loss: loss(C7, "'meanSquaredError'", 'builtin', { name: 'meanSquaredError' }),
      fit: fit(C7, {
        epochs: 10,
        x: fact(C7, 'X', { literal: [[1], [2], [3], [1000]], shape: [4, 1], range: vr(1, 1000) }),
        y: fact(C7, 'y', { literal: [[2], [4], [6], [2000]], shape: [4, 1], range: vr(2, 2000) }),
      }),
    },
    [
      finding(C7, 'unscaled-input', 'X, y', [normalizeFix(C7)]),
      finding(C7, 'unscaled-targets', 'y, {', [fix(C7, 'Scale the targets', 'normalize-targets', [['y, {', 'y.div(1000), {']])]),
    ],
    'not-learning',
  ),
  modelCase('c8-standardized-and-clipped', C8, 'finite', {
    modelAt: 'tf.sequential({',
    layers: dense1(C8, 1),
    optimizer: optimizer(C8, 'tf.train.adam()', 'adam', { clipped: true }),
    loss: loss(C8, "'meanSquaredError'", 'builtin', { name: 'meanSquaredError' }),
    fit: fit(C8, { epochs: 10, x: fact(C8, 'X', { shape: [4, 1], range: vr(-1.8, 1.8), normalized: true }), y: fact(C8, 'y', { shape: [4, 1], range: vr(-1.8, 1.8), normalized: true }) }),
  }),
  modelCase('c9-standardized-low-lr', C9, 'finite', {
    modelAt: 'tf.sequential({',
    layers: dense1(C9, 1),
    optimizer: optimizer(C9, 'tf.train.adam(0.001)', 'adam', { learningRateExplicit: true }),
    loss: loss(C9, "'meanSquaredError'", 'builtin', { name: 'meanSquaredError' }),
    fit: fit(C9, { epochs: 10, x: fact(C9, 'X', { shape: [4, 1], range: vr(-1.8, 1.8), normalized: true }), y: fact(C9, 'y', { shape: [4, 1], range: vr(-1.8, 1.8), normalized: true }) }),
  }),
  modelCase(
    'v01-sgd-without-learning-rate',
    V01,
    'non-finite',
    {
      modelAt: 'tf.sequential({',
      layers: dense1(V01, 1),
      optimizer: optimizer(V01, 'tf.train.sgd()', 'sgd', { learningRate: undefined, learningRateMissing: true, argsSpan: { start: V01.indexOf('sgd()') + 4, end: V01.indexOf('sgd()') + 4 } }),
      loss: loss(V01, "'meanSquaredError'", 'builtin', { name: 'meanSquaredError' }),
      fit: fit(V01, { epochs: 10, x: fact(V01, 'X', { literal: [[1], [2], [3], [4]], shape: [4, 1], range: vr(1, 4) }), y: fact(V01, 'y', { literal: [[2], [4], [6], [8]], shape: [4, 1], range: vr(2, 8) }) }),
    },
    [finding(V01, 'missing-learning-rate', 'tf.train.sgd()', [fix(V01, 'Use the usual default rate 0.01', 'learning-rate', [['tf.train.sgd()', 'tf.train.sgd(0.01)']])])],
  ),
  modelCase(
    'v02-linear-output-manual-log-loss',
    V02,
    'non-finite',
    {
      modelAt: 'tf.sequential({',
      layers: dense1(V02, 10),
      optimizer: optimizer(V02, "'adam'", 'adam'),
      loss: loss(V02, 'logLoss }', 'custom', { span: locate(V02, 'logLoss', V02.indexOf('loss: ')), source: V02.slice(V02.indexOf('function logLoss'), V02.indexOf('}\n\nconst model') + 1) }),
      fit: fit(V02, { epochs: 10, x: fact(V02, 'X', { shape: [100, 10], range: vr(0, 1) }), y: fact(V02, 'y', { shape: [100, 1], range: vr(0, 1) }) }),
    },
    [
      finding(V02, 'raw-log', 'tf.log(yPred)', [
        fix(V02, 'Clip the prediction before the log', 'epsilon', [
          ['tf.log(yPred)', 'tf.log(tf.clipByValue(yPred, 1e-7, 1 - 1e-7))'],
          ['tf.log(tf.sub(1, yPred))', 'tf.log(tf.clipByValue(tf.sub(1, yPred), 1e-7, 1 - 1e-7))'],
        ]),
      ]),
      sigmoidFix(V02),
    ],
  ),
  modelCase(
    'v03-linear-output-tf-losses-logloss',
    V03,
    'non-finite',
    {
      modelAt: 'tf.sequential({',
      layers: dense1(V03, 10),
      optimizer: optimizer(V03, "'adam'", 'adam'),
      loss: loss(V03, '(yTrue, yPred) => tf.losses.logLoss(yTrue, yPred)', 'custom', { source: '(yTrue, yPred) => tf.losses.logLoss(yTrue, yPred)' }),
      fit: fit(V03, { epochs: 10, x: fact(V03, 'X', { shape: [100, 10], range: vr(0, 1) }), y: fact(V03, 'y', { shape: [100, 1], range: vr(0, 1) }) }),
    },
    [sigmoidFix(V03)],
  ),
  modelCase('v04-linear-output-layers-bce', V04, 'finite', {
    modelAt: 'tf.sequential({',
    layers: dense1(V04, 10),
    optimizer: optimizer(V04, "'adam'", 'adam'),
    loss: loss(V04, "'binaryCrossentropy'", 'builtin', { name: 'binaryCrossentropy' }),
    fit: fit(V04, { epochs: 10, x: fact(V04, 'X', { shape: [100, 10], range: vr(0, 1) }), y: fact(V04, 'y', { shape: [100, 1], range: vr(0, 1) }) }),
  }),
  ...(
    [
      ['v05-manual-softmax-large-logits', V05, 'non-finite'],
      ['v06-log-of-softmax', V06, 'non-finite'],
      ['v07-log-softmax-builtin', V07, 'finite'],
    ] as const
  ).map(([name, text, truth]) =>
    modelCase(
      name,
      text,
      truth,
      {
        modelAt: 'tf.sequential({',
        layers: [layer(text, 'tf.layers.dense({ units: 3, inputShape: [4] })', 'dense', { units: 3, inputShape: [4] })],
        optimizer: optimizer(text, "'sgd'", 'sgd'),
        loss: loss(text, 'crossEntropy }', 'custom', { span: locate(text, 'crossEntropy', text.indexOf('loss: ')) }),
        fit: fit(text, { epochs: 10, x: fact(text, 'X', { shape: [64, 4], range: vr(0, 1000) }), y: fact(text, 'y', { shape: [64, 3], range: vr(0, 1) }) }),
      },
      [
        finding(text, 'unscaled-input', 'X, y', [normalizeFix(text)]),
        ...(name === 'v06-log-of-softmax'
        ? [finding(text, 'raw-log', 'tf.log(tf.softmax(logits))', [fix(text, 'Use tf.logSoftmax', 'other', [['tf.log(tf.softmax(logits))', 'tf.logSoftmax(logits)']])])]
        : name === 'v05-manual-softmax-large-logits'
          ? [
              finding(text, 'exp-overflow', 'tf.exp(logits)', [
                fix(text, 'Use tf.softmax', 'other', [['tf.div(tf.exp(logits), tf.sum(tf.exp(logits), -1, true))', 'tf.softmax(logits)']]),
                fix(text, 'Use tf.logSoftmax', 'other', [
                  ['const p = tf.div(tf.exp(logits), tf.sum(tf.exp(logits), -1, true));\n', ''],
                  ['tf.log(p)', 'tf.logSoftmax(logits)'],
                ]),
              ]),
            ]
          : []),
      ].sort((a, b) => a.span.start - b.span.start),
    ),
  ),
  modelCase(
    'v08-rmse-at-zero-error',
    V08,
    'non-finite',
    {
      modelAt: 'tf.sequential({',
      layers: [layer(V08, "tf.layers.dense({ units: 1, inputShape: [3], kernelInitializer: 'zeros' })", 'dense', { units: 1, inputShape: [3], kernelInitializer: 'zeros' })],
      optimizer: optimizer(V08, "'sgd'", 'sgd'),
      loss: loss(V08, '(yTrue, yPred) => tf.sqrt(tf.mean(tf.square(tf.sub(yPred, yTrue))))', 'custom', { source: '(yTrue, yPred) => tf.sqrt(tf.mean(tf.square(tf.sub(yPred, yTrue))))' }),
      fit: fit(V08, {
        epochs: 10,
        x: fact(V08, 'X', { literal: [[1, 2, 3], [4, 5, 6], [7, 8, 9], [1, 0, 1]], shape: [4, 3], range: vr(0, 9) }),
        y: fact(V08, 'y', { literal: [[0], [0], [0], [0]], shape: [4, 1], range: vr(0, 0, { provenZero: true }) }),
      }),
    },
    [finding(V08, 'unsafe-sqrt', 'tf.sqrt(', [fix(V08, 'Add an epsilon inside the sqrt', 'epsilon', [['tf.mean(tf.square(tf.sub(yPred, yTrue))))', 'tf.mean(tf.square(tf.sub(yPred, yTrue))).add(1e-7))']])])],
  ),
  modelCase(
    'v09-zero-variance-column',
    V09,
    'non-finite',
    {
      modelAt: 'tf.sequential({',
      layers: dense1(V09, 2),
      optimizer: optimizer(V09, "'adam'", 'adam'),
      loss: loss(V09, "'meanSquaredError'", 'builtin', { name: 'meanSquaredError' }),
      fit: fit(V09, { epochs: 10, x: fact(V09, 'X', { shape: [4, 2], range: UNKNOWN, normalized: true }), y: fact(V09, 'y', { literal: [[2], [4], [6], [8]], shape: [4, 1], range: vr(2, 8) }) }),
    },
    [finding(V09, 'unsafe-division', 'tf.div(tf.sub(raw, mean), tf.sqrt(variance))', [fix(V09, 'Add an epsilon to the divisor', 'epsilon', [['tf.sqrt(variance))', 'tf.sqrt(variance).add(1e-7))']])])],
  ),
  modelCase(
    'v10-outlier-sgd',
    V10,
    'non-finite',
    {
      modelAt: 'tf.sequential({',
      layers: dense1(V10, 1),
      optimizer: optimizer(V10, "'sgd'", 'sgd'),
      loss: loss(V10, "'meanSquaredError'", 'builtin', { name: 'meanSquaredError' }),
      fit: fit(V10, {
        epochs: 10,
        x: fact(V10, 'X', { literal: [[1], [2], [3], [1000]], shape: [4, 1], range: vr(1, 1000) }),
        y: fact(V10, 'y', { literal: [[2], [4], [6], [2000]], shape: [4, 1], range: vr(2, 2000) }),
      }),
    },
    [
      finding(V10, 'unscaled-input', 'X, y', [normalizeFix(V10)]),
      finding(V10, 'high-learning-rate', "'sgd'", [fix(V10, 'Set the learning rate to 1e-7', 'learning-rate', [["'sgd'", 'tf.train.sgd(1e-7)']])]),
    ],
  ),
  modelCase(
    'v11-tanh-sgd-high-lr',
    V11,
    'non-finite',
    {
      modelAt: 'tf.sequential({',
      layers: tanhLayers(V11),
      optimizer: optimizer(V11, 'tf.train.sgd(1.0)', 'sgd', { learningRate: 1, learningRateExplicit: true }),
      loss: loss(V11, "'meanSquaredError'", 'builtin', { name: 'meanSquaredError' }),
      fit: fit(V11, { epochs: 10, x: fact(V11, 'X', { shape: [100, 10], range: vr(0, 100) }), y: fact(V11, 'y', { shape: [100, 1], range: vr(0, 1) }) }),
    },
    [
      finding(V11, 'high-learning-rate', 'tf.train.sgd(1.0)', [fix(V11, 'Set the learning rate to 0.01', 'learning-rate', [['1.0', '0.01']], V11.indexOf('tf.train.sgd('))]),
      finding(V11, 'missing-gradient-clipping', 'tf.train.sgd(1.0)', [fix(V11, 'Clip gradients by global norm 1.0', 'gradient-clipping', [['tf.train.sgd(1.0)', 'clipByGlobalNorm(tf.train.sgd(1.0), 1.0)']])]),
    ],
  ),
  modelCase('v12-zero-variance-with-epsilon', V12, 'finite', {
    modelAt: 'tf.sequential({',
    layers: dense1(V12, 2),
    optimizer: optimizer(V12, "'adam'", 'adam'),
    loss: loss(V12, "'meanSquaredError'", 'builtin', { name: 'meanSquaredError' }),
    fit: fit(V12, { epochs: 10, x: fact(V12, 'X', { shape: [4, 2], range: vr(-1.4, 1.4), normalized: true }), y: fact(V12, 'y', { shape: [4, 1], range: vr(0.25, 1) }) }),
  }),
];

export function seedCase(name: string): SeedCase {
  const found = SEED_CASES.find((c) => c.name === name || c.name.startsWith(`${name}-`));
  if (!found) throw new Error(`no seed case ${name}`);
  return found;
}
