/**
 * Where each value of a JSON text sits: a small parser that tracks lines and columns, so that a
 * diagnostic located by JSON pointer (`/States/Charge/Retry/0/BackoffRate`) can be shown at its line
 * in an editor or a terminal. JSON.parse says neither where a value is nor, portably, where it failed.
 *
 * One pass over the text, no backtracking. Lines and columns are 1-based; columns count UTF-16 code
 * units (what an editor's string index is), and `offset` is the 0-based index into the text.
 */

export interface Position {
  line: number;
  column: number;
  offset: number;
}

export interface Located {
  /** `""` for the root; an object member is at its key, an array item at its value. */
  pointers: Map<string, Position>;
  /** The first syntax error; `pointers` then holds what was read before it. */
  error?: Position & { message: string };
}

/** RFC 6901: `~` and `/` in a key are escaped as `~0` and `~1`. */
export function pointerToken(key: string): string {
  return key.includes("~") || key.includes("/") ? key.replaceAll("~", "~0").replaceAll("/", "~1") : key;
}

class SyntaxProblem extends Error {
  readonly at: Position;
  constructor(message: string, at: Position) {
    super(message);
    this.at = at;
  }
}

const WORDS = ["true", "false", "null"];

/** Parse `text` as JSON, recording the position of every value by its JSON pointer. Never throws. */
export function locate(text: string): Located {
  const pointers = new Map<string, Position>();
  let i = 0;
  let line = 1;
  // Offset of the current line's first character: column = i - lineStart + 1.
  let lineStart = 0;

  const here = (): Position => ({ line, column: i - lineStart + 1, offset: i });
  const fail = (what: string, at = here()): never => {
    throw new SyntaxProblem(`${what} at line ${at.line}, column ${at.column}`, at);
  };
  const unexpected = (): never => {
    if (i >= text.length) return fail("Unexpected end of input");
    const c = text.codePointAt(i)!;
    return fail(`Unexpected token ${c < 32 ? `U+${c.toString(16).padStart(4, "0")}` : String.fromCodePoint(c)}`);
  };

  const skipSpace = (): void => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 10) {
        i++;
        line++;
        lineStart = i;
      } else if (c === 32 || c === 9 || c === 13) i++;
      else return;
    }
  };

  const readString = (): string => {
    const start = here();
    i++; // the opening quote
    let out = "";
    let from = i;
    for (;;) {
      if (i >= text.length) fail("Unterminated string", start);
      const c = text.charCodeAt(i);
      if (c === 34) break;
      if (c === 10 || c === 13) fail("Unterminated string", start);
      if (c < 32) fail("Control character in a string (escape it)");
      if (c !== 92) {
        i++;
        continue;
      }
      out += text.slice(from, i);
      const e = text[i + 1];
      const simple = ESCAPES[e];
      if (simple !== undefined) {
        out += simple;
        i += 2;
      } else if (e === "u") {
        const hex = text.slice(i + 2, i + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail("Invalid \\u escape (four hex digits expected)");
        out += String.fromCharCode(parseInt(hex, 16));
        i += 6;
      } else {
        i++;
        fail(e === undefined ? "Unterminated string" : `Invalid escape \\${e}`);
      }
      from = i;
    }
    out += text.slice(from, i);
    i++; // the closing quote
    return out;
  };

  const digits = (): number => {
    const from = i;
    while (i < text.length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
    return i - from;
  };

  const readNumber = (): void => {
    const start = here();
    if (text[i] === "-") i++;
    if (text[i] === "0") i++;
    else if (!digits()) fail("Invalid number", start);
    if (text[i] === ".") {
      i++;
      if (!digits()) fail("Invalid number (digits expected after '.')");
    }
    if (text[i] === "e" || text[i] === "E") {
      i++;
      if (text[i] === "+" || text[i] === "-") i++;
      if (!digits()) fail("Invalid number (digits expected in the exponent)");
    }
  };

  const readValue = (pointer: string, at: Position | undefined): void => {
    skipSpace();
    pointers.set(pointer, at ?? here());
    const c = text[i];
    if (c === "{") readObject(pointer);
    else if (c === "[") readArray(pointer);
    else if (c === '"') readString();
    else if (c === "-" || (c >= "0" && c <= "9")) readNumber();
    else {
      const word = WORDS.find((w) => text.startsWith(w, i));
      if (!word) unexpected();
      i += word!.length;
    }
  };

  const readObject = (pointer: string): void => {
    i++;
    skipSpace();
    if (text[i] === "}") {
      i++;
      return;
    }
    for (;;) {
      skipSpace();
      if (text[i] !== '"') {
        if (text[i] === "}") fail("Trailing comma before '}'");
        fail(i >= text.length ? "Unexpected end of input (a property name or '}' expected)" : "Expected a property name in double quotes");
      }
      const keyAt = here();
      const key = readString();
      skipSpace();
      if (text[i] !== ":") fail("Expected ':' after a property name");
      i++;
      readValue(`${pointer}/${pointerToken(key)}`, keyAt);
      skipSpace();
      if (text[i] === ",") i++;
      else if (text[i] === "}") {
        i++;
        return;
      } else fail(i >= text.length ? "Unexpected end of input (',' or '}' expected)" : "Expected ',' or '}'");
    }
  };

  const readArray = (pointer: string): void => {
    i++;
    skipSpace();
    if (text[i] === "]") {
      i++;
      return;
    }
    for (let n = 0; ; n++) {
      skipSpace();
      if (text[i] === "]") fail("Trailing comma before ']'");
      readValue(`${pointer}/${n}`, undefined);
      skipSpace();
      if (text[i] === ",") i++;
      else if (text[i] === "]") {
        i++;
        return;
      } else fail(i >= text.length ? "Unexpected end of input (',' or ']' expected)" : "Expected ',' or ']'");
    }
  };

  try {
    readValue("", undefined);
    skipSpace();
    if (i < text.length) fail("Unexpected text after the end of the document");
    return { pointers };
  } catch (e) {
    if (e instanceof SyntaxProblem) return { pointers, error: { message: e.message, ...e.at } };
    // The call stack ran out: a document nested thousands deep (still no throw, as promised).
    const at = here();
    return { pointers, error: { message: `Nested too deeply at line ${at.line}, column ${at.column}`, ...at } };
  }
}

const ESCAPES: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };
