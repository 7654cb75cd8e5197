// Helper functions that fixes insert into the user's file. They are written for humans to read and
// keep: plain TF.js, no dependency on nanscope.

export const CLIP_HELPER = 'clipGradientsByGlobalNorm';
export const STANDARDIZE_HELPER = 'standardizeFeatures';
export const DROP_NON_FINITE_HELPER = 'dropNonFiniteRows';

/** Every helper a fix may insert: whether the file declares one is all that fixes read of other statements. */
export const HELPER_NAMES: readonly string[] = [CLIP_HELPER, STANDARDIZE_HELPER, DROP_NON_FINITE_HELPER];

export function clipHelper(ns: string, flavour: 'ts' | 'js'): string {
  const sig = flavour === 'ts'
    ? `function ${CLIP_HELPER}<O extends ${ns}.Optimizer>(optimizer: O, clipNorm: number): O {`
    : `function ${CLIP_HELPER}(optimizer, clipNorm) {`;
  const param = flavour === 'ts'
    ? `(variableGradients: ${ns}.NamedTensorMap | { name: string; tensor: ${ns}.Tensor }[])`
    : '(variableGradients)';
  return [
    '// TF.js optimizers have no clipnorm: clip the gradients by their global norm before they are',
    '// applied. This covers model.fit, optimizer.minimize and custom training loops alike.',
    sig,
    '  const applyGradients = optimizer.applyGradients.bind(optimizer);',
    `  optimizer.applyGradients = ${param} => {`,
    '    // model.fit passes a list of {name, tensor}; custom loops may pass a name -> tensor map.',
    '    const list = Array.isArray(variableGradients)',
    '      ? variableGradients',
    '      : Object.keys(variableGradients).map((name) => ({ name, tensor: variableGradients[name] }));',
    `    const clipped = ${ns}.tidy(() => {`,
    `      const norm = ${ns}.sqrt(${ns}.addN(list.map((g) => ${ns}.sum(${ns}.square(g.tensor)))));`,
    `      const scale = ${ns}.div(clipNorm, ${ns}.maximum(norm, clipNorm));`,
    `      return list.map((g) => ({ name: g.name, tensor: ${ns}.mul(g.tensor, scale) }));`,
    '    });',
    '    try {',
    '      return applyGradients(clipped);',
    '    } finally {',
    `      ${ns}.dispose(clipped.map((g) => g.tensor));`,
    '    }',
    '  };',
    '  return optimizer;',
    '}',
  ].join('\n');
}

export function standardizeHelper(ns: string, flavour: 'ts' | 'js'): string {
  const sig = flavour === 'ts'
    ? `function ${STANDARDIZE_HELPER}<T extends ${ns}.Tensor>(t: T): T {`
    : `function ${STANDARDIZE_HELPER}(t) {`;
  const cast = flavour === 'ts' ? ' as T' : '';
  return [
    '// Z-score every feature (last axis) so the first layer sees unit-scale inputs. The epsilon keeps',
    '// a constant feature at 0 instead of 0 / 0. Apply the same statistics to data you predict on.',
    sig,
    `  return ${ns}.tidy(() => {`,
    `    const { mean, variance } = ${ns}.moments(t, 0);`,
    `    return t.sub(mean).div(variance.sqrt().add(1e-7))${cast};`,
    '  });',
    '}',
  ].join('\n');
}
