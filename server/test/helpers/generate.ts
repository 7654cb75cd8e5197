// Generated bad input: files too large or too odd to commit. Deterministic, so a failure reproduces.

/**
 * One block of realistic TF.js training code per index, cycling through four shapes: a normalized
 * regression (healthy), a classifier with a hand-written log loss (raw log of a sigmoid), a tanh
 * network on unscaled inputs, and a custom loop with `optimizer.minimize`. Names carry the index
 * so that every block declares its own bindings.
 */
function block(i: number): string[] {
  switch (i % 4) {
    case 0:
      return [
        `// Block ${i}: house prices, z-scored, SGD.`,
        `function zScore${i}(t) {`,
        `  const { mean, variance } = tf.moments(t, 0);`,
        `  return t.sub(mean).div(variance.sqrt().add(1e-7));`,
        `}`,
        ``,
        `const rooms${i} = tf.tensor2d([[3, 1200], [4, 1800], [2, 900]]);`,
        `const prices${i} = tf.tensor2d([[0.3], [0.45], [0.2]]);`,
        `const model${i} = tf.sequential();`,
        `model${i}.add(tf.layers.dense({`,
        `  units: 1,`,
        `  inputShape: [2],`,
        `}));`,
        `model${i}.compile({`,
        `  optimizer: tf.train.sgd(0.05),`,
        `  loss: 'meanSquaredError',`,
        `});`,
        `model${i}.fit(zScore${i}(rooms${i}), prices${i}, {`,
        `  epochs: 5,`,
        `});`,
        ``,
      ];
    case 1:
      return [
        `// Block ${i}: a classifier with its own loss.`,
        `function logLoss${i}(yTrue, yPred) {`,
        `  const a = yTrue.mul(tf.log(yPred));`,
        `  const b = tf.sub(1, yTrue)`,
        `    .mul(tf.log(tf.sub(1, yPred)));`,
        `  return a.add(b).mean().neg();`,
        `}`,
        ``,
        `const clf${i} = tf.sequential({`,
        `  layers: [`,
        `    tf.layers.dense({`,
        `      units: 1,`,
        `      activation: 'sigmoid',`,
        `      inputShape: [4],`,
        `    }),`,
        `  ],`,
        `});`,
        `clf${i}.compile({`,
        `  optimizer: 'adam',`,
        `  loss: logLoss${i},`,
        `});`,
        `const feats${i} = tf.randomUniform([32, 4]);`,
        `const labels${i} = tf.randomUniform([32, 1])`,
        `  .round();`,
        `clf${i}.fit(feats${i}, labels${i}, {`,
        `  epochs: 3,`,
        `});`,
        ``,
      ];
    case 2:
      return [
        `// Block ${i}: tanh on raw readings.`,
        `const net${i} = tf.sequential();`,
        `net${i}.add(tf.layers.dense({`,
        `  units: 8,`,
        `  activation: 'tanh',`,
        `  inputShape: [3],`,
        `}));`,
        `net${i}.add(tf.layers.dense({`,
        `  units: 1,`,
        `}));`,
        `net${i}.compile({`,
        `  optimizer: 'adam',`,
        `  loss: 'meanSquaredError',`,
        `});`,
        `const raw${i} = tf.randomUniform(`,
        `  [50, 3], 0, 500);`,
        `const out${i} = tf.randomUniform(`,
        `  [50, 1]);`,
        `net${i}.fit(raw${i}, out${i}, {`,
        `  epochs: 2,`,
        `});`,
        ``,
      ];
    default:
      return [
        `// Block ${i}: a custom loop.`,
        `const w${i} = tf.variable(`,
        `  tf.scalar(0.1));`,
        `const xs${i} = tf.tensor1d([1, 2, 3]);`,
        `const ys${i} = tf.tensor1d([2, 4, 6]);`,
        `const opt${i} = tf.train.adam(0.01);`,
        `for (let s = 0; s < 5; s++) {`,
        `  opt${i}.minimize(() => {`,
        `    const p = w${i}.mul(xs${i});`,
        `    return tf.losses`,
        `      .meanSquaredError(ys${i}, p);`,
        `  });`,
        `}`,
        ``,
      ];
  }
}

/**
 * A syntactically valid TF.js file of exactly `lines` lines (each ending in `\n`): whole blocks,
 * then comment lines up to the count. 50,000 lines come to about 1.1 MB, under the default
 * `maxFileSize` (2 MiB), so the file is analyzed rather than skipped.
 */
export function generateLargeTfFile(lines: number): string {
  const out: string[] = [
    `// Generated: ${lines} lines of TF.js training code for the analyzer's large-file test.`,
    `import * as tf from '@tensorflow/tfjs';`,
    ``,
  ];
  for (let i = 0; ; i++) {
    const next = block(i);
    if (out.length + next.length > lines) break;
    out.push(...next);
  }
  while (out.length < lines) out.push(`// padding ${out.length + 1}`);
  return out.slice(0, lines).join('\n') + '\n';
}

/** A TF.js file whose one expression is a method chain `depth` calls long (deep syntax tree). */
export function generateDeepChain(depth: number): string {
  return [
    `import * as tf from '@tensorflow/tfjs';`,
    `const x = tf.scalar(1)${'.add(1)'.repeat(depth)};`,
    `const y = tf.log(x${'.mul(0.5)'.repeat(depth)});`,
    ``,
  ].join('\n');
}

/** A source-named file that is really binary (NUL bytes near the start). */
export function generateBinaryLooking(bytes: number): string {
  let text = "import * as tf from '@tensorflow/tfjs';\u0000\u0000";
  for (let i = 0; text.length < bytes; i++) text += String.fromCharCode(i % 256);
  return text;
}

/** Number of lines in `text`, counting a final line without a newline. */
export function countLines(text: string): number {
  if (text === '') return 0;
  const newlines = text.split('\n').length - 1;
  return text.endsWith('\n') ? newlines : newlines + 1;
}
