// Generated TF.js corpora for the analysis and editor benchmarks (issue 6, items 1, 2 and 4).
//
// Seeded and deterministic: the same (lines, seed) gives the same text. A file is a sequence of
// units drawn from a dozen shapes found in real training code: data preparation from records
// (means, stds, min-max scaling, one-hot labels), Sequential and functional models with varied
// layers, compile with every optimizer / loss form, fits with callbacks and validation, custom
// losses and metrics, custom training loops (optimizer.minimize, variableGrads), evaluation and
// prediction, a trainer class, and plain helpers (shuffling, splitting, CSV parsing, config).
// Every unit has its own names; parameters (sizes, rates, activations, data) vary per unit. A few
// units carry the mistakes nanscope is for (a log of a sigmoid output, unscaled features, a high
// SGD rate), as a real codebase does, so the analyzer does real work, not only the quiet path.
//
//   const { generateFile, generateWorkspace } = require('./corpus');
//   generateFile({ lines: 10000, seed: 1 })           -> string
//   generateWorkspace(dir, { files: 500, seed: 2 })   -> file paths written

'use strict';

const fs = require('node:fs');
const path = require('node:path');

function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
    num: (lo, hi, digits = 2) => Number((lo + next() * (hi - lo)).toFixed(digits)),
  };
}

const NOUNS = ['price', 'sales', 'temp', 'rain', 'age', 'income', 'score', 'rooms', 'area', 'speed', 'load', 'clicks', 'visits', 'dose', 'weight', 'height', 'volume', 'latency', 'energy', 'humidity'];
const DOMAINS = ['housing', 'churn', 'sensor', 'traffic', 'weather', 'retail', 'clinic', 'energy', 'ads', 'fleet', 'credit', 'crop'];
const ACTS = ['relu', 'relu', 'relu', 'elu', 'selu', 'tanh', 'sigmoid', 'softplus', 'linear'];
const INITS = ['glorotUniform', 'heNormal', 'leCunNormal', 'glorotNormal'];

const cap = (s) => s[0].toUpperCase() + s.slice(1);

/** One unit of code; `id` makes its names unique in the file. */
const UNITS = {
  records(r, id, o) {
    const cols = Array.from({ length: r.int(2, 5) }, () => r.pick(NOUNS)).map((c, i) => `${c}${i}`);
    const rows = r.int(4, 12);
    const scales = cols.map(() => r.pick([1, 10, 100, 1000]));
    const data = Array.from({ length: rows }, () => `  { ${cols.map((c, i) => `${c}: ${r.num(0, scales[i], 1)}`).join(', ')}, label: ${r.int(0, 1)} },`);
    const domain = r.pick(DOMAINS);
    const T = o.ts ? `: ${cap(domain)}Row${id}[]` : '';
    return [
      ...(o.ts ? [`interface ${cap(domain)}Row${id} {`, ...cols.map((c) => `  ${c}: number;`), '  label: number;', '}', ''] : []),
      `// ${domain} records (${rows} rows), as loaded from the export`,
      `const ${domain}Rows${id}${T} = [`,
      ...data,
      '];',
      '',
      `function ${domain}Features${id}(rows${o.ts ? `: ${cap(domain)}Row${id}[]` : ''}) {`,
      `  const columns = [${cols.map((c) => `'${c}'`).join(', ')}];`,
      `  const means = columns.map((c) => rows.reduce((s, row) => s + row[c], 0) / rows.length);`,
      `  const stds = columns.map((c, j) => Math.sqrt(rows.reduce((s, row) => s + (row[c] - means[j]) ** 2, 0) / rows.length) || 1);`,
      `  const xs = rows.map((row) => columns.map((c, j) => (row[c] - means[j]) / stds[j]));`,
      `  const ys = rows.map((row) => [row.label]);`,
      `  return { xs: tf.tensor2d(xs), ys: tf.tensor2d(ys), means, stds };`,
      '}',
    ];
  },

  minmax(r, id, o) {
    const n = r.int(6, 16);
    const values = Array.from({ length: n }, () => r.num(-50, 500, 1));
    const N = o.ts ? ': tf.Tensor' : '';
    return [
      `const raw${id} = [${values.join(', ')}];`,
      `const series${id} = tf.tensor1d(raw${id});`,
      '',
      `/** Scales a tensor to [0, 1] by its observed range. */`,
      `function minMaxScale${id}(t${N})${N} {`,
      '  return tf.tidy(() => {',
      '    const lo = t.min();',
      '    const hi = t.max();',
      r.chance(0.7) ? '    return t.sub(lo).div(hi.sub(lo).add(tf.backend().epsilon()));' : '    return t.sub(lo).div(tf.maximum(hi.sub(lo), 1e-6));',
      '  });',
      '}',
      `const scaled${id} = minMaxScale${id}(series${id});`,
    ];
  },

  sequential(r, id, o) {
    const inputs = r.int(2, 32);
    const depth = r.int(1, 4);
    const lines = [`function build${cap(r.pick(DOMAINS))}Model${id}() {`, '  const model = tf.sequential();'];
    for (let i = 0; i < depth; i++) {
      const units = r.pick([8, 16, 32, 64, 128]);
      const act = r.pick(ACTS);
      const extras = [i === 0 ? `inputShape: [${inputs}]` : '', r.chance(0.4) ? `kernelInitializer: '${r.pick(INITS)}'` : '', r.chance(0.2) ? `kernelRegularizer: tf.regularizers.l2({ l2: ${r.pick([1e-4, 1e-3, 0.01])} })` : '']
        .filter(Boolean)
        .join(', ');
      lines.push(`  model.add(tf.layers.dense({ units: ${units}, activation: '${act}'${extras ? `, ${extras}` : ''} }));`);
      if (r.chance(0.25)) lines.push(`  model.add(tf.layers.dropout({ rate: ${r.pick([0.1, 0.2, 0.3, 0.5])} }));`);
      if (r.chance(0.15)) lines.push('  model.add(tf.layers.batchNormalization());');
    }
    const head = r.pick([
      ["units: 1, activation: 'sigmoid'", 'binaryCrossentropy', "'accuracy'"],
      ['units: 1', 'meanSquaredError', "'mae'"],
      ["units: 3, activation: 'softmax'", 'categoricalCrossentropy', "'accuracy'"],
      ['units: 1', "'meanAbsoluteError'", null],
    ]);
    lines.push(`  model.add(tf.layers.dense({ ${head[0]} }));`);
    const optimizer = r.pick([
      `tf.train.adam(${r.pick([0.001, 0.0005, 0.003, 0.01])})`,
      `tf.train.sgd(${r.pick([0.01, 0.05, 0.001])})`,
      `tf.train.rmsprop(${r.pick([0.001, 0.002])})`,
      "'adam'",
      `tf.train.momentum(${r.pick([0.01, 0.005])}, 0.9)`,
      `tf.train.adagrad(${r.pick([0.05, 0.1])})`,
    ]);
    const loss = head[1].startsWith("'") ? head[1] : `'${head[1]}'`;
    lines.push(`  model.compile({ optimizer: ${optimizer}, loss: ${loss}${head[2] ? `, metrics: [${head[2]}]` : ''} });`, '  return model;', '}');
    return lines;
  },

  functional(r, id) {
    const features = r.int(3, 20);
    const hidden = r.pick([16, 32, 64]);
    return [
      `function buildWideAndDeep${id}() {`,
      `  const input = tf.input({ shape: [${features}] });`,
      `  const deep = tf.layers.dense({ units: ${hidden}, activation: '${r.pick(['relu', 'elu'])}' }).apply(input);`,
      `  const deeper = tf.layers.dense({ units: ${hidden / 2}, activation: 'relu' }).apply(deep);`,
      `  const wide = tf.layers.dense({ units: ${r.int(2, 8)} }).apply(input);`,
      '  const merged = tf.layers.concatenate().apply([wide, deeper]);',
      `  const output = tf.layers.dense({ units: 1, activation: 'sigmoid' }).apply(merged);`,
      '  const model = tf.model({ inputs: input, outputs: output });',
      `  model.compile({ optimizer: tf.train.adam(${r.pick([1e-3, 3e-4])}), loss: 'binaryCrossentropy', metrics: ['accuracy'] });`,
      '  return model;',
      '}',
    ];
  },

  fit(r, id, o) {
    const n = r.int(3, 8);
    const f = r.int(2, 4);
    const unscaled = r.chance(0.12);
    const rows = Array.from({ length: n }, () => `[${Array.from({ length: f }, () => (unscaled ? r.num(100, 90000, 0) : r.num(-2, 2))).join(', ')}]`);
    const targets = Array.from({ length: n }, () => `[${r.num(0, 1)}]`);
    const epochs = r.pick([5, 10, 20, 50, 100]);
    const act = r.pick(['relu', 'tanh', 'relu']);
    const lr = unscaled ? r.pick([0.01, 0.1]) : r.pick([0.001, 0.01]);
    return [
      `async function train${cap(r.pick(DOMAINS))}${id}()${o.ts ? ': Promise<number[]>' : ''} {`,
      `  const xs = tf.tensor2d([${rows.join(', ')}]);`,
      `  const ys = tf.tensor2d([${targets.join(', ')}]);`,
      '  const model = tf.sequential({',
      `    layers: [tf.layers.dense({ units: ${r.pick([4, 8, 16])}, activation: '${act}', inputShape: [${f}] }), tf.layers.dense({ units: 1 })],`,
      '  });',
      `  model.compile({ optimizer: tf.train.sgd(${lr}), loss: 'meanSquaredError' });`,
      `  const history = await model.fit(xs, ys, {`,
      `    epochs: ${epochs},`,
      `    batchSize: ${r.pick([2, 4, 8, 32])},`,
      ...(r.chance(0.5) ? [`    validationSplit: ${r.pick([0.1, 0.2])},`] : []),
      `    shuffle: ${r.chance(0.8)},`,
      '    callbacks: {',
      `      onEpochEnd: (epoch, logs) => {`,
      `        if (epoch % ${r.pick([5, 10])} === 0) console.log(\`epoch \${epoch}: loss \${logs${o.ts ? '!' : ''}.loss.toFixed(4)}\`);`,
      '      },',
      '    },',
      '  });',
      '  xs.dispose();',
      '  ys.dispose();',
      '  return history.history.loss' + (o.ts ? ' as number[]' : '') + ';',
      '}',
    ];
  },

  customLoss(r, id, o) {
    const N = o.ts ? ': tf.Tensor' : '';
    const safe = r.chance(0.85);
    const body = r.pick([
      [
        `  const p = ${safe ? "tf.clipByValue(yPred, 1e-7, 1 - 1e-7)" : 'tf.sigmoid(yPred)'};`,
        '  const pos = yTrue.mul(tf.log(p));',
        '  const neg = tf.scalar(1).sub(yTrue).mul(tf.log(tf.scalar(1).sub(p)));',
        '  return pos.add(neg).neg().mean();',
      ],
      [
        '  const err = yPred.sub(yTrue);',
        `  const delta = ${r.num(0.5, 2)};`,
        '  const abs = err.abs();',
        '  const quadratic = tf.minimum(abs, delta);',
        '  const linear = abs.sub(quadratic);',
        '  return quadratic.square().mul(0.5).add(linear.mul(delta)).mean();',
      ],
      [
        `  const weights = tf.tensor1d([${Array.from({ length: 3 }, () => r.num(0.2, 2)).join(', ')}]);`,
        '  return tf.losses.softmaxCrossEntropy(yTrue, yPred).mul(weights.mean());',
      ],
      [`  return tf.losses.${r.pick(['meanSquaredError', 'absoluteDifference', 'huberLoss'])}(yTrue, yPred);`],
    ]);
    return [`/** Loss used by the ${r.pick(DOMAINS)} experiments. */`, `function customLoss${id}(yTrue${N}, yPred${N})${N} {`, '  return tf.tidy(() => {', ...body.map((l) => `  ${l}`), '  });', '}'];
  },

  loop(r, id, o) {
    const lr = r.pick([0.01, 0.05, 0.001]);
    const n = r.int(4, 10);
    const xs = Array.from({ length: n }, () => r.num(0, 1));
    const ys = xs.map((x) => Number((x * r.num(1, 3) + r.num(-1, 1)).toFixed(2)));
    return [
      `// Fits y = a·x + b by gradient descent on ${n} points.`,
      `const a${id} = tf.variable(tf.scalar(Math.random()));`,
      `const b${id} = tf.variable(tf.scalar(Math.random()));`,
      `const xsLoop${id} = tf.tensor1d([${xs.join(', ')}]);`,
      `const ysLoop${id} = tf.tensor1d([${ys.join(', ')}]);`,
      `const optimizer${id} = tf.train.${r.pick(['sgd', 'adam'])}(${lr});`,
      `function predict${id}(x${o.ts ? ': tf.Tensor' : ''}) {`,
      `  return x.mul(a${id}).add(b${id});`,
      '}',
      `for (let step = 0; step < ${r.pick([50, 100, 200])}; step++) {`,
      `  const cost = optimizer${id}.minimize(() => predict${id}(xsLoop${id}).sub(ysLoop${id}).square().mean(), true);`,
      `  if (step % 25 === 0 && cost) console.log('step', step, cost.dataSync()[0]);`,
      '}',
    ];
  },

  grads(r, id) {
    return [
      `function gradientStep${id}(model, xs, ys, lr = ${r.pick([0.01, 0.001])}) {`,
      '  const { value, grads } = tf.variableGrads(() => tf.losses.meanSquaredError(ys, model.predict(xs)));',
      '  const clipped = Object.fromEntries(',
      `    Object.entries(grads).map(([name, g]) => [name, tf.clipByValue(g, -${r.pick([1, 5])}, ${r.pick([1, 5])})]),`,
      '  );',
      '  tf.train.sgd(lr).applyGradients(clipped);',
      '  tf.dispose(grads);',
      '  return value.dataSync()[0];',
      '}',
    ];
  },

  evaluate(r, id, o) {
    const classes = r.int(2, 10);
    return [
      `function accuracy${id}(model, xs, labels${o.ts ? ': number[]' : ''}) {`,
      '  return tf.tidy(() => {',
      '    const predicted = model.predict(xs).argMax(-1).dataSync();',
      '    let correct = 0;',
      '    for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) correct++;',
      '    return correct / Math.max(1, labels.length);',
      '  });',
      '}',
      '',
      `function oneHot${id}(labels${o.ts ? ': number[]' : ''}) {`,
      `  return tf.oneHot(tf.tensor1d(labels, 'int32'), ${classes});`,
      '}',
      '',
      `function confusion${id}(actual${o.ts ? ': number[]' : ''}, predicted${o.ts ? ': number[]' : ''}) {`,
      `  const matrix = Array.from({ length: ${classes} }, () => new Array(${classes}).fill(0));`,
      '  actual.forEach((a, i) => matrix[a][predicted[i]]++);',
      '  return matrix;',
      '}',
    ];
  },

  softmaxLog(r, id) {
    // A real mistake, at a low rate: log of a probability that can underflow to 0.
    const safe = r.chance(0.6);
    return [
      `function crossEntropy${id}(logits, labels) {`,
      safe ? '  const logProbs = tf.logSoftmax(logits);' : '  const logProbs = tf.log(tf.softmax(logits));',
      '  return labels.mul(logProbs).sum(-1).neg().mean();',
      '}',
    ];
  },

  trainer(r, id, o) {
    const T = o.ts;
    return [
      `class Trainer${id} {`,
      ...(T ? ['  private history: number[] = [];', '  constructor(private readonly model: tf.LayersModel, private readonly patience = ' + r.int(2, 10) + ') {}'] : [`  constructor(model, patience = ${r.int(2, 10)}) {`, '    this.model = model;', '    this.patience = patience;', '    this.history = [];', '  }']),
      '',
      `  async run(xs${T ? ': tf.Tensor' : ''}, ys${T ? ': tf.Tensor' : ''}, epochs = ${r.pick([10, 30, 100])}) {`,
      '    let best = Infinity;',
      '    let waited = 0;',
      '    for (let epoch = 0; epoch < epochs; epoch++) {',
      `      const h = await this.model.fit(xs, ys, { epochs: 1, batchSize: ${r.pick([16, 32, 64])}, verbose: 0 });`,
      `      const loss = h.history.loss[0]${T ? ' as number' : ''};`,
      '      this.history.push(loss);',
      '      if (loss < best - 1e-4) {',
      '        best = loss;',
      '        waited = 0;',
      '      } else if (++waited >= this.patience) {',
      '        break;',
      '      }',
      '    }',
      '    return best;',
      '  }',
      '',
      '  summary() {',
      "    return this.history.map((l, i) => `${i}: ${l.toFixed(3)}`).join('\\n');",
      '  }',
      '}',
    ];
  },

  helpers(r, id, o) {
    const sep = r.pick([',', ';', '\\t']);
    return [
      `function shuffle${id}${o.ts ? '<T>' : ''}(items${o.ts ? ': T[]' : ''}, seed = ${r.int(1, 9999)}) {`,
      '  const out = items.slice();',
      '  let s = seed;',
      '  for (let i = out.length - 1; i > 0; i--) {',
      '    s = (s * 16807) % 2147483647;',
      '    const j = s % (i + 1);',
      '    [out[i], out[j]] = [out[j], out[i]];',
      '  }',
      '  return out;',
      '}',
      '',
      `function split${id}${o.ts ? '<T>' : ''}(items${o.ts ? ': T[]' : ''}, ratio = ${r.pick([0.7, 0.8, 0.9])}) {`,
      '  const cut = Math.floor(items.length * ratio);',
      '  return { train: items.slice(0, cut), test: items.slice(cut) };',
      '}',
      '',
      `function parseCsv${id}(text${o.ts ? ': string' : ''}) {`,
      `  const [header, ...lines] = text.trim().split('\\n');`,
      `  const names = header.split('${sep}').map((h) => h.trim());`,
      '  return lines.map((line) => {',
      `    const cells = line.split('${sep}');`,
      '    return Object.fromEntries(names.map((n, i) => [n, Number(cells[i])]));',
      '  });',
      '}',
    ];
  },

  config(r, id) {
    return [
      `const config${id} = {`,
      `  name: '${r.pick(DOMAINS)}-${r.int(1, 99)}',`,
      `  epochs: ${r.pick([10, 20, 50])},`,
      `  batchSize: ${r.pick([16, 32, 64, 128])},`,
      `  learningRate: ${r.pick([1e-3, 3e-4, 1e-2])},`,
      `  features: [${Array.from({ length: r.int(2, 6) }, () => `'${r.pick(NOUNS)}'`).join(', ')}],`,
      `  earlyStopping: { patience: ${r.int(2, 8)}, minDelta: ${r.pick([1e-4, 1e-3])} },`,
      '};',
      `function describe${id}(c = config${id}) {`,
      "  return `${c.name}: ${c.epochs} epochs × batch ${c.batchSize} at lr ${c.learningRate}`;",
      '}',
    ];
  },

  predict(r, id, o) {
    const f = r.int(2, 6);
    return [
      `async function forecast${id}(model${o.ts ? ': tf.LayersModel' : ''}, rows${o.ts ? ': number[][]' : ''}) {`,
      `  const input = tf.tensor2d(rows, [rows.length, ${f}]);`,
      `  const output = model.predict(input)${o.ts ? ' as tf.Tensor' : ''};`,
      '  const values = await output.data();',
      '  tf.dispose([input, output]);',
      `  return Array.from(values, (v) => Math.round(v * ${r.pick([100, 1000])}) / ${r.pick([100, 1000])});`,
      '}',
    ];
  },
};

const WEIGHTS = [
  ['records', 3], ['minmax', 2], ['sequential', 3], ['functional', 1], ['fit', 3], ['customLoss', 2], ['loop', 2],
  ['grads', 1], ['evaluate', 2], ['softmaxLog', 1], ['trainer', 1], ['helpers', 2], ['config', 2], ['predict', 2],
];
const BAG = WEIGHTS.flatMap(([name, w]) => new Array(w).fill(name));

function header(r, o) {
  const esm = o.ts || r.chance(0.6);
  return [
    `// ${cap(r.pick(DOMAINS))} ${r.pick(['experiments', 'models', 'training', 'pipeline'])} (generated by bench/corpus.js)`,
    esm ? "import * as tf from '@tensorflow/tfjs';" : "const tf = require('@tensorflow/tfjs');",
    '',
  ];
}

/** A file of about `lines` lines (never fewer; the last unit may overshoot by a few lines). */
function generateFile({ lines, seed = 1, ts = false }) {
  const r = rng(seed);
  const o = { ts };
  const out = header(r, o);
  for (let id = 0; out.length < lines; id++) {
    out.push(...UNITS[r.pick(BAG)](r, id, o), '');
  }
  return out.join('\n');
}

/** `files` files under `dir` (about 40-400 lines each, a quarter TypeScript, in a few folders). */
function generateWorkspace(dir, { files = 500, seed = 2 } = {}) {
  const r = rng(seed);
  const written = [];
  fs.mkdirSync(dir, { recursive: true });
  for (let i = 0; i < files; i++) {
    const ts = r.chance(0.25);
    const folder = path.join(dir, r.pick(['models', 'data', 'training', 'experiments', 'lib']));
    fs.mkdirSync(folder, { recursive: true });
    const file = path.join(folder, `${r.pick(DOMAINS)}-${i}.${ts ? 'ts' : 'js'}`);
    fs.writeFileSync(file, generateFile({ lines: r.int(40, 400), seed: seed * 100003 + i, ts }));
    written.push(file);
  }
  return written;
}

module.exports = { generateFile, generateWorkspace, rng };

if (require.main === module) {
  const lines = Number(process.argv[2] ?? 200);
  process.stdout.write(generateFile({ lines, seed: Number(process.argv[3] ?? 1), ts: process.argv[4] === 'ts' }));
}
