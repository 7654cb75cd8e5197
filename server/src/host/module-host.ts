// The file-system side of cross-file analysis: resolves relative specifiers the way Node and
// TypeScript do (extensions, `index` files, `./x.js` written for `x.ts`) and reads files.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ModuleHost } from '../analysis/modules';

const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
/** A TypeScript project writes `./data.js` for `data.ts` (and `.mjs` for `.mts`). */
const TS_FOR_JS: Record<string, string[]> = { '.js': ['.ts', '.tsx'], '.jsx': ['.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'] };

function isFile(fileName: string): boolean {
  try {
    return fs.statSync(fileName).isFile();
  } catch {
    return false;
  }
}

export function resolveRelative(specifier: string, fromFile: string): string | undefined {
  const base = path.resolve(path.dirname(fromFile), specifier);
  const ext = path.extname(base);
  if (EXTENSIONS.includes(ext) && isFile(base)) return base;
  for (const alt of TS_FOR_JS[ext] ?? []) {
    const candidate = base.slice(0, -ext.length) + alt;
    if (isFile(candidate)) return candidate;
  }
  for (const e of EXTENSIONS) if (isFile(base + e)) return base + e;
  for (const e of EXTENSIONS) {
    const index = path.join(base, `index${e}`);
    if (isFile(index)) return index;
  }
  return undefined;
}

export function nodeModuleHost(maxFileSize = 2 * 1024 * 1024): ModuleHost {
  return {
    resolve: resolveRelative,
    read(fileName) {
      try {
        if (fs.statSync(fileName).size > maxFileSize) return undefined;
        return fs.readFileSync(fileName, 'utf8');
      } catch {
        return undefined;
      }
    },
  };
}
