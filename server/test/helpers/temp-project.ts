// Temporary project folders for tests that need files on disk, removed after each test.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach } from 'node:test';

/**
 * Registers cleanup for the calling test file and returns `project(files)`, which writes
 * `files` (relative path → content) into a fresh folder and returns its real path.
 */
export function useTempProjects(prefix: string): (files: Record<string, string>) => string {
  const folders: string[] = [];
  afterEach(() => {
    for (const dir of folders.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });
  return (files) => {
    const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), `nanscope-${prefix}-`)));
    folders.push(root);
    for (const [name, content] of Object.entries(files)) {
      const file = path.join(root, name);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content);
    }
    return root;
  };
}
