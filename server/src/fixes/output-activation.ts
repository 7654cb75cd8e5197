// The "set the output activation" fix of loss-activation-mismatch: rewrite (or add) the
// `activation` option of the layer that produces a model's output.

import ts = require('typescript');
import type { FileFacts } from '../analysis/facts';
import type { Fix } from '../analysis/types';
import type { LayerFact } from '../analysis/values';

export function setActivationFix(facts: FileFacts, layer: LayerFact, activation: string, title: string): Fix | undefined {
  const config = layer.config;
  if (!config) return undefined;
  // The last `activation` is the one the layer gets (a repeated key overrides).
  const property = [...config.properties].reverse().find(
    (p) => (ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)) && ts.isIdentifier(p.name) && p.name.text === 'activation',
  );
  const newProperty = `activation: '${activation}'`;
  if (property) {
    return {
      title,
      safety: 'unsafe',
      remedy: 'other',
      edits: [{ span: { start: property.getStart(facts.sourceFile), end: property.getEnd() }, newText: newProperty }],
    };
  }
  if (config.properties.some((p) => ts.isSpreadAssignment(p))) return undefined;
  const last = config.properties[config.properties.length - 1];
  if (!last) {
    // `dense({})`: fill the empty braces.
    return { title, safety: 'unsafe', remedy: 'other', edits: [{ span: { start: config.getStart(facts.sourceFile), end: config.getEnd() }, newText: `{ ${newProperty} }` }] };
  }
  // After the last property, on its line, keeping a trailing comma style when the literal spans lines.
  const multiline = facts.text.slice(config.getStart(facts.sourceFile), config.getEnd()).includes('\n');
  const hasTrailingComma = config.properties.hasTrailingComma;
  const at = last.getEnd();
  if (multiline) {
    const lineStart = facts.text.lastIndexOf('\n', last.getStart(facts.sourceFile)) + 1;
    const indent = /^[ \t]*/.exec(facts.text.slice(lineStart))?.[0] ?? '';
    const lastLineIsOwn = facts.text.slice(lineStart, last.getStart(facts.sourceFile)).trim() === '';
    if (lastLineIsOwn) {
      const comma = hasTrailingComma ? ',' : '';
      const insertAt = hasTrailingComma ? facts.text.indexOf(',', at) + 1 : at;
      return { title, safety: 'unsafe', remedy: 'other', edits: [{ span: { start: insertAt, end: insertAt }, newText: `${hasTrailingComma ? '' : ','}\n${indent}${newProperty}${comma}` }] };
    }
  }
  return { title, safety: 'unsafe', remedy: 'other', edits: [{ span: { start: at, end: at }, newText: `, ${newProperty}` }] };
}
