// Security (issue 7): reconstruct mode never evaluates workspace text, and nothing but an applied fix
// is written. A scan of the syntax trees of every source file (comments do not count): no `eval`, no
// `Function` constructor, no `vm` module anywhere; running a user's file (`require` of a computed
// path, `Module._compile`) only in the execute-as-written path, which plan.ts grants to trusted
// callers alone (tested in probe-execute.test.ts); file writes only where the CLI applies `--fix`.
// The webview's CSP is tested with the panel (client/src/test/unit/panel.test.ts).

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import ts = require('typescript');
import { repoRoot } from './helpers/fixture-headers';

interface Hit {
  file: string;
  line: number;
  what: string;
}

/** The only files allowed each kind of sensitive call, with why. */
const ALLOWED: Record<string, { files: string[]; why: string }> = {
  'dynamic require': {
    files: ['server/src/probe/execute.ts', 'server/src/probe/worker.ts'],
    why: 'execute mode runs the user file as written (trusted workspaces, explicit opt-in); the worker loads the workspace\'s @tensorflow/tfjs-node only when plan.ts was allowed to resolve it (allowWorkspaceBackend, trusted callers)',
  },
  'Module._compile': { files: ['server/src/probe/execute.ts'], why: 'execute mode compiles a TypeScript user file before running it' },
  'file write': { files: ['server/src/cli/main.ts', 'server/src/cli/lint.ts'], why: '`nanscope --fix` writes the fixed file (lint.ts through the writer main.ts gives it)' },
};

const NEVER = new Set(['eval', 'Function constructor', 'vm module']);

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'test') out.push(...sourceFiles(full));
    } else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

function scan(file: string, text: string): Hit[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const hits: Hit[] = [];
  const hit = (node: ts.Node, what: string): void => {
    hits.push({ file, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, what });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      const callee = node.expression;
      const args = node.arguments ?? ts.factory.createNodeArray();
      if (ts.isIdentifier(callee) && callee.text === 'eval') hit(node, 'eval');
      if (ts.isIdentifier(callee) && callee.text === 'Function') hit(node, 'Function constructor');
      if (ts.isPropertyAccessExpression(callee) && ['Function', 'eval'].includes(callee.name.text) && ts.isIdentifier(callee.expression) && ['globalThis', 'window', 'global'].includes(callee.expression.text)) {
        hit(node, callee.name.text === 'eval' ? 'eval' : 'Function constructor');
      }
      if (ts.isIdentifier(callee) && callee.text === 'require') {
        const arg = args[0];
        if (arg && ts.isStringLiteralLike(arg)) {
          if (arg.text === 'vm' || arg.text === 'node:vm') hit(node, 'vm module');
        } else hit(node, 'dynamic require');
      }
      if (ts.isPropertyAccessExpression(callee) && callee.name.text === '_compile') hit(node, 'Module._compile');
      if (ts.isPropertyAccessExpression(callee) && /^(writeFile|writeFileSync|appendFile|appendFileSync|createWriteStream|rmSync|unlinkSync|renameSync)$/.test(callee.name.text)) {
        hit(node, 'file write');
      }
    }
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier) && ['vm', 'node:vm'].includes(node.moduleSpecifier.text)) hit(node, 'vm module');
    if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const m = node.moduleReference.expression;
      if (ts.isStringLiteral(m) && ['vm', 'node:vm'].includes(m.text)) hit(node, 'vm module');
    }
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const arg = node.arguments[0];
      if (!arg || !ts.isStringLiteralLike(arg)) hit(node, 'dynamic require');
      else if (['vm', 'node:vm'].includes(arg.text)) hit(node, 'vm module');
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return hits;
}

function scanAll(): Hit[] {
  const root = repoRoot();
  const files = [...sourceFiles(path.join(root, 'server', 'src')), ...sourceFiles(path.join(root, 'client', 'src'))];
  assert.ok(files.length > 50, `only ${files.length} source files found`);
  return files.flatMap((f) => scan(path.relative(root, f).split(path.sep).join('/'), fs.readFileSync(f, 'utf8')));
}

test('no eval, Function constructor or vm module in any source file', () => {
  const hits = scanAll().filter((h) => NEVER.has(h.what));
  assert.deepEqual(hits.map((h) => `${h.file}:${h.line}: ${h.what}`), []);
});

test('running user code and writing files happen only where allowed', () => {
  const hits = scanAll().filter((h) => !NEVER.has(h.what));
  const outside = hits.filter((h) => !(ALLOWED[h.what]?.files.includes(h.file) ?? false));
  assert.deepEqual(outside.map((h) => `${h.file}:${h.line}: ${h.what}`), []);
  // The allowlist is not stale: every allowed kind is really used where it says (and nowhere else).
  for (const [what, { files }] of Object.entries(ALLOWED)) {
    for (const file of files) assert.ok(hits.some((h) => h.what === what && h.file === file), `${what} is allowed in ${file} but not found there`);
  }
});

test('the scan finds what it looks for (it is not vacuous)', () => {
  const probe = [
    'eval("1");',
    'const f = new Function("return 1");',
    "import * as vm from 'node:vm';",
    "const v = require('vm');",
    'require(userPath);',
    "fs.writeFileSync('x', 'y');",
    '// eval("in a comment") does not count',
    'this.eval(x);',
  ].join('\n');
  assert.deepEqual(
    scan('probe.ts', probe).map((h) => `${h.line}: ${h.what}`),
    ['1: eval', '2: Function constructor', '3: vm module', '4: vm module', '5: dynamic require', '6: file write'],
  );
});
