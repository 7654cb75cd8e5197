// The analyzer's value range for `const result = ...` in a small program: what the range tests
// compare with real TF.js results.

import assert from 'node:assert/strict';
import ts = require('typescript');
import { defaultConfig } from '../../src/analysis/config';
import { buildFacts } from '../../src/analysis/facts';
import { parse } from '../../src/analysis/parse';
import type { ValueRange } from '../../src/analysis/types';

export function predictedRange(text: string, fileName = 'range.js'): ValueRange {
  const sourceFile = parse(fileName, text);
  const facts = buildFacts(sourceFile, defaultConfig());
  let range: ValueRange | undefined;
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === 'result' && node.initializer) {
      range = facts.evaluator.tensor(node.initializer)?.range;
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  assert.ok(range, `no tensor value for: ${text}`);
  return range;
}
