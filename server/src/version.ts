// nanscope's own version, read once from its package.json (the CLI's --version, the language
// server's serverInfo, SARIF's tool.driver). Found upward from this file, so it works bundled too.

import * as fs from 'node:fs';
import * as path from 'node:path';

let cachedVersion: string | undefined;

/** The version in nanscope's own package.json, found upward from this file (works bundled too). */
export function version(): string {
  if (cachedVersion) return cachedVersion;
  cachedVersion = '0.0.0';
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    try {
      const pkg: unknown = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
      if (typeof pkg === 'object' && pkg !== null && (pkg as { name?: unknown }).name === 'nanscope') {
        const v = (pkg as { version?: unknown }).version;
        if (typeof v === 'string') cachedVersion = v;
        break;
      }
    } catch {
      // No package.json here; keep looking upward.
    }
    if (path.dirname(dir) === dir) break;
  }
  return cachedVersion;
}
