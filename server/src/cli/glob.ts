// Glob patterns for the command line, for shells that pass them through unexpanded (quoted
// patterns, Windows). Node 20 has no stable glob API, and a dependency for this much is not worth
// it: `*`, `?`, `**`, `[...]` and `{a,b}` are what users write.

const GLOB_CHARS = /[*?[\]{}]/;

export function hasGlobChars(pattern: string): boolean {
  return GLOB_CHARS.test(pattern);
}

/**
 * The folder a walk for `pattern` starts in: its leading segments without glob characters
 * (`src/**\/*.ts` → `src`, `**\/*.ts` → `.`, `/abs/lib/*.js` → `/abs/lib`).
 */
export function globBase(pattern: string): string {
  const segments = pattern.split('/');
  const fixed: string[] = [];
  for (const segment of segments.slice(0, -1)) {
    if (hasGlobChars(segment)) break;
    fixed.push(segment);
  }
  if (fixed.length === 0) return '.';
  const base = fixed.join('/');
  return base === '' ? '/' : base;
}

/** A regular expression for the whole of a `/`-separated path. `*` matches dotfiles too. */
export function globToRegExp(pattern: string): RegExp {
  return new RegExp(`^${convert(pattern)}$`);
}

function convert(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '*') {
      const doubled = glob[i + 1] === '*';
      const segmentStart = i === 0 || glob[i - 1] === '/';
      const after = i + 2;
      if (doubled && segmentStart && after === glob.length) {
        out += '.*';
        i = after - 1;
      } else if (doubled && segmentStart && glob[after] === '/') {
        // `**/`: zero or more whole folders.
        out += '(?:[^/]*/)*';
        i = after;
      } else {
        out += '[^/]*';
        while (glob[i + 1] === '*') i++;
      }
    } else if (c === '?') {
      out += '[^/]';
    } else if (c === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close < 0) {
        out += '\\[';
        continue;
      }
      let body = glob.slice(i + 1, close);
      const negated = body.startsWith('!') || body.startsWith('^');
      if (negated) body = body.slice(1);
      out += `[${negated ? '^' : ''}${body.replace(/[\\\]]/g, '\\$&')}]`;
      i = close;
    } else if (c === '{') {
      const close = matchingBrace(glob, i);
      if (close < 0) {
        out += '\\{';
        continue;
      }
      const alternatives = splitTopLevel(glob.slice(i + 1, close));
      out += `(?:${alternatives.map(convert).join('|')})`;
      i = close;
    } else {
      out += c.replace(/[.+^$()|\\}\]]/g, '\\$&');
    }
  }
  return out;
}

function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

function splitTopLevel(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '{') depth++;
    else if (body[i] === '}') depth--;
    else if (body[i] === ',' && depth === 0) {
      parts.push(body.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(body.slice(start));
  return parts;
}
