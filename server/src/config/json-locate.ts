// Where things are in a JSON file: the offset of its first syntax error, and the offset of every
// object key by path. JSON.parse stays the authority on values; this scanner exists because V8's
// messages give a position for some errors and not others (`Unexpected token '}', "{"a": }" is not
// valid JSON`), and nothing at all for a valid file whose keys the configuration rejects.

export interface JsonSyntaxProblem {
  offset: number;
  message: string;
}

export interface JsonScan {
  /** The first syntax error, when the text is not strict JSON. */
  error?: JsonSyntaxProblem;
  /**
   * Offset of each object key, by dotted path (`rules.raw-log`, `thresholds.learningRate.sgd`).
   * Array elements are addressed by index (`a.0.b`). A duplicated key keeps its last position,
   * as JSON.parse keeps its last value.
   */
  keys: Map<string, number>;
}

/** Nesting beyond this stops the scan quietly: no configuration is that deep, and recursion is. */
const MAX_DEPTH = 256;

export function scanJson(text: string): JsonScan {
  const scanner = new Scanner(text);
  try {
    scanner.document();
  } catch (error) {
    if (error instanceof JsonError) return { error: { offset: error.offset, message: error.message }, keys: scanner.keys };
    if (error instanceof TooDeep) return { keys: scanner.keys };
    throw error;
  }
  return { keys: scanner.keys };
}

/** 1-based line and column of an offset, counting line breaks as TypeScript (and editors) do. */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.max(0, Math.min(offset, text.length));
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0d && text.charCodeAt(i + 1) === 0x0a) continue; // CRLF counts once, at the LF
    if (c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

class JsonError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

class TooDeep extends Error {}

class Scanner {
  readonly keys = new Map<string, number>();
  private i = 0;
  private depth = 0;

  constructor(private readonly text: string) {}

  document(): void {
    this.skipWhitespace();
    if (this.i >= this.text.length) throw new JsonError('the file is empty; expected a JSON object', 0);
    this.value('');
    this.skipWhitespace();
    if (this.i < this.text.length) {
      throw new JsonError(`unexpected ${this.describe(this.i)} after the end of the JSON value`, this.i);
    }
  }

  private value(path: string): void {
    this.skipWhitespace();
    const c = this.text[this.i];
    if (c === '{') return this.object(path);
    if (c === '[') return this.array(path);
    if (c === '"') {
      this.string();
      return;
    }
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
    for (const word of ['true', 'false', 'null']) {
      if (this.text.startsWith(word, this.i)) {
        this.i += word.length;
        return;
      }
    }
    throw new JsonError(`expected a value, found ${this.describe(this.i)}`, this.i);
  }

  private object(path: string): void {
    this.enter();
    this.i++; // {
    this.skipWhitespace();
    if (this.text[this.i] === '}') {
      this.i++;
      this.depth--;
      return;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.i] !== '"') {
        throw new JsonError(`expected a property name in double quotes, found ${this.describe(this.i)}`, this.i);
      }
      const keyOffset = this.i;
      const key = this.string();
      const keyPath = path ? `${path}.${key}` : key;
      this.keys.set(keyPath, keyOffset);
      this.skipWhitespace();
      if (this.text[this.i] !== ':') {
        throw new JsonError(`expected ":" after the property name "${key}", found ${this.describe(this.i)}`, this.i);
      }
      this.i++;
      this.value(keyPath);
      this.skipWhitespace();
      const next = this.text[this.i];
      if (next === '}') {
        this.i++;
        this.depth--;
        return;
      }
      if (next !== ',') {
        throw new JsonError(`expected "," or "}" after the value of "${key}", found ${this.describe(this.i)}`, this.i);
      }
      const comma = this.i;
      this.i++;
      this.skipWhitespace();
      if (this.text[this.i] === '}') throw new JsonError('trailing comma: JSON does not allow a "," before "}"', comma);
    }
  }

  private array(path: string): void {
    this.enter();
    this.i++; // [
    this.skipWhitespace();
    if (this.text[this.i] === ']') {
      this.i++;
      this.depth--;
      return;
    }
    for (let index = 0; ; index++) {
      this.value(path ? `${path}.${index}` : String(index));
      this.skipWhitespace();
      const next = this.text[this.i];
      if (next === ']') {
        this.i++;
        this.depth--;
        return;
      }
      if (next !== ',') throw new JsonError(`expected "," or "]" in the array, found ${this.describe(this.i)}`, this.i);
      const comma = this.i;
      this.i++;
      this.skipWhitespace();
      if (this.text[this.i] === ']') throw new JsonError('trailing comma: JSON does not allow a "," before "]"', comma);
    }
  }

  /** Reads a string starting at the opening quote and returns its value. */
  private string(): string {
    const start = this.i;
    this.i++;
    for (;;) {
      const c = this.text.charCodeAt(this.i);
      if (Number.isNaN(c)) throw new JsonError('unterminated string', start);
      if (c === 0x22 /* " */) {
        this.i++;
        // The slice is valid JSON string syntax by now, so JSON.parse decodes the escapes for us.
        return JSON.parse(this.text.slice(start, this.i)) as string;
      }
      if (c === 0x5c /* \ */) {
        const escape = this.text[this.i + 1];
        if (escape === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(this.text.slice(this.i + 2, this.i + 6))) {
            throw new JsonError('invalid \\u escape: expected four hex digits', this.i);
          }
          this.i += 6;
          continue;
        }
        if (escape === undefined || !'"\\/bfnrt'.includes(escape)) {
          throw new JsonError(`invalid escape "\\${escape ?? ''}" in string`, this.i);
        }
        this.i += 2;
        continue;
      }
      if (c < 0x20) throw new JsonError('line break or control character inside a string (JSON needs an escape such as \\n)', this.i);
      this.i++;
    }
  }

  private number(): void {
    const pattern = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
    pattern.lastIndex = this.i;
    const match = pattern.exec(this.text);
    if (!match) throw new JsonError(`invalid number, found ${this.describe(this.i)}`, this.i);
    this.i += match[0].length;
  }

  private enter(): void {
    this.depth++;
    if (this.depth > MAX_DEPTH) throw new TooDeep();
  }

  private skipWhitespace(): void {
    for (;;) {
      const c = this.text[this.i];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') this.i++;
      else return;
    }
  }

  /** Names what sits at an offset in words a user recognizes, with a hint for common mistakes. */
  private describe(offset: number): string {
    const c = this.text[offset];
    if (c === undefined) return 'the end of the file';
    if (c === "'") return `"'" (JSON strings and names need double quotes)`;
    if (c === '/' && (this.text[offset + 1] === '/' || this.text[offset + 1] === '*')) return 'a comment (JSON does not allow comments)';
    const word = /^[A-Za-z_$][\w$]*/.exec(this.text.slice(offset, offset + 40));
    if (word) return `"${word[0]}"`;
    return JSON.stringify(c);
  }
}
