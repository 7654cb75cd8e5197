// Syntax-tree walks for rules and fix builders, without recursion: a generated or half-edited file
// nests expressions thousands deep, and a rule that overflows the stack costs the whole file its
// analysis.

import ts = require('typescript');

/** The node's children, in document order. */
export function childrenOf(node: ts.Node): ts.Node[] {
  const out: ts.Node[] = [];
  ts.forEachChild(node, (c) => {
    out.push(c);
  });
  return out;
}

/**
 * Visits `root` and its descendants in document order (each node before its children). `visit`
 * returns 'skip' to leave the node's children out, 'stop' to end the walk.
 */
export function walk(root: ts.Node, visit: (node: ts.Node) => 'skip' | 'stop' | void): void {
  const stack: ts.Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as ts.Node;
    const next = visit(node);
    if (next === 'stop') return;
    if (next === 'skip') continue;
    const children = childrenOf(node);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as ts.Node);
  }
}
