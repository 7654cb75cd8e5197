// Which files a command line names. Folders are walked, skipping dependencies, build output, .git
// and whatever .gitignore files ignore (nested ones too, with git's precedence: the deepest file
// that has an opinion decides). A file named explicitly is always linted: the user asked for it.

import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { globBase, globToRegExp, hasGlobChars } from './glob';

export const LINTABLE_EXTENSIONS: readonly string[] = ['.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx'];

/** Never walked into: dependencies, build output, version control. */
export const SKIPPED_FOLDERS: readonly string[] = ['node_modules', 'dist', 'out', 'build', 'coverage', '.git'];

export interface FileSearch {
  /** Absolute paths, in the order the patterns name them, each once. */
  files: string[];
  /** Patterns that matched nothing lintable (a usage error: CI must not pass on a typo). */
  unmatched: { pattern: string; reason: string }[];
  /** Folders that could not be read: the search is incomplete. */
  errors: string[];
}

export function findFiles(patterns: readonly string[], cwd: string): FileSearch {
  const search: FileSearch = { files: [], unmatched: [], errors: [] };
  const seen = new Set<string>();
  const gitignores = new GitignoreCache();
  // Counts what each pattern matched, including files an earlier pattern already added.
  let matched = 0;
  const add = (file: string): void => {
    matched++;
    if (seen.has(file)) return;
    seen.add(file);
    search.files.push(file);
  };

  for (const pattern of patterns.length ? patterns : ['.']) {
    const absolute = path.resolve(cwd, pattern);
    const stat = statOrUndefined(absolute);
    // An existing path is taken literally even with glob characters: Next.js routes are named
    // `[id].tsx`.
    if (stat?.isFile()) {
      add(absolute);
      continue;
    }
    matched = 0;
    if (stat?.isDirectory()) {
      const rules = gitignores.forRoot(projectRoot(absolute, cwd));
      walk(absolute, rules, search, (file) => add(file));
      if (matched === 0) {
        search.unmatched.push({ pattern, reason: 'no JavaScript or TypeScript files in it that are not ignored' });
      }
      continue;
    }
    if (!hasGlobChars(pattern)) {
      search.unmatched.push({ pattern, reason: 'no such file or folder' });
      continue;
    }
    const posixPattern = pattern.split(path.sep).join('/').replace(/^\.\//, '');
    const matcher = globToRegExp(posixPattern);
    const isAbsolute = path.isAbsolute(pattern);
    const base = path.resolve(cwd, globBase(posixPattern));
    if (statOrUndefined(base)?.isDirectory()) {
      const rules = gitignores.forRoot(projectRoot(base, cwd));
      walk(base, rules, search, (file) => {
        const candidate = isAbsolute ? toPosix(file) : toPosix(path.relative(cwd, file));
        if (matcher.test(candidate)) add(file);
      });
    }
    if (matched === 0) {
      search.unmatched.push({ pattern, reason: 'the pattern matches no JavaScript or TypeScript files that are not ignored' });
    }
  }
  return search;
}

export function isLintable(file: string): boolean {
  const lower = file.toLowerCase();
  // Declaration files hold types, never training code.
  if (/\.d\.[cm]?ts$/.test(lower)) return false;
  return LINTABLE_EXTENSIONS.includes(path.extname(lower));
}

function walk(directory: string, rules: GitignoreRules, search: FileSearch, visit: (file: string) => void): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(directory, { withFileTypes: true });
  } catch (error) {
    search.errors.push(`cannot read folder ${directory}: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) {
      // Symbolic links to folders are not followed (as git does not), which also rules out cycles.
      if (SKIPPED_FOLDERS.includes(entry.name) || rules.ignores(full, true)) continue;
      walk(full, rules, search, visit);
    } else if (isLintable(entry.name) && (entry.isFile() || (entry.isSymbolicLink() && statOrUndefined(full)?.isFile()))) {
      if (!rules.ignores(full, false)) visit(full);
    }
  }
}

/**
 * Where .gitignore files start to count: the repository root (the nearest folder with `.git`).
 * Outside a repository, the working folder when the walk is inside it, since people keep a
 * .gitignore before they run `git init`; else the walked folder itself.
 */
function projectRoot(start: string, cwd: string): string {
  for (let directory = start; ; ) {
    if (fs.existsSync(path.join(directory, '.git'))) return directory;
    const parent = path.dirname(directory);
    if (parent === directory) break;
    directory = parent;
  }
  return isInside(start, cwd) ? path.resolve(cwd) : start;
}

class GitignoreCache {
  private readonly byRoot = new Map<string, GitignoreRules>();

  forRoot(root: string): GitignoreRules {
    let rules = this.byRoot.get(root);
    if (!rules) {
      rules = new GitignoreRules(root);
      this.byRoot.set(root, rules);
    }
    return rules;
  }
}

/** The .gitignore files from a project root down, each read once. */
export class GitignoreRules {
  private readonly perFolder = new Map<string, Ignore | null>();

  constructor(private readonly root: string) {}

  ignores(file: string, isDirectory: boolean): boolean {
    if (!isInside(file, this.root) || file === this.root) return false;
    // Deepest .gitignore first: a nested file can re-include what its parent ignores.
    for (let folder = path.dirname(file); ; folder = path.dirname(folder)) {
      const rules = this.rulesIn(folder);
      if (rules) {
        const relative = toPosix(path.relative(folder, file)) + (isDirectory ? '/' : '');
        const verdict = rules.test(relative);
        if (verdict.ignored) return true;
        if (verdict.unignored) return false;
      }
      if (folder === this.root || path.dirname(folder) === folder) return false;
    }
  }

  private rulesIn(folder: string): Ignore | null {
    let rules = this.perFolder.get(folder);
    if (rules === undefined) {
      rules = null;
      try {
        rules = ignore().add(fs.readFileSync(path.join(folder, '.gitignore'), 'utf8'));
      } catch {
        // No .gitignore here (or unreadable, which git also treats as absent).
      }
      this.perFolder.set(folder, rules);
    }
    return rules;
  }
}

function isInside(file: string, folder: string): boolean {
  const relative = path.relative(folder, file);
  return relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}

function statOrUndefined(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch {
    return undefined;
  }
}

function toPosix(file: string): string {
  return file.split(path.sep).join('/');
}
