/**
 * Regular expressions from definitions and data, run by RE2 (re2js): matching is linear in the
 * text, where a backtracking RegExp is exponential for patterns such as `(a+)+$`. Patterns are
 * written in JavaScript's syntax and translated; what RE2 cannot run in linear time
 * (backreferences, lookahead, lookbehind) is refused with UnsupportedRegexError.
 *
 * Where the two differ, the translation keeps JavaScript's meaning for `.` (no \n, \r, \u2028,
 * \u2029) and for `\s`/`\S` outside a character class (Unicode white space); inside one, `\s` is
 * RE2's ASCII white space.
 */
import { RE2JS } from "re2js";

/** A pattern RE2 refuses: its syntax is wrong, or it needs backtracking. */
export class UnsupportedRegexError extends Error {}

const DOT = "[^\\n\\r\\x{2028}\\x{2029}]";
const SPACE = "\\t\\n\\x0B\\f\\r \\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}";

/** JavaScript's `.` and `\s` in RE2 syntax (the input is RE2 syntax from re2js's translation). */
function jsClasses(src: string): string {
  let out = "";
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === "\\" && i + 1 < src.length) {
      const n = src[++i];
      if (n === "s" && !inClass) out += `[${SPACE}]`;
      else if (n === "S" && !inClass) out += `[^${SPACE}]`;
      else out += c + n;
    } else if (inClass) {
      if (c === "]") inClass = false;
      out += c;
    } else if (c === "[") {
      inClass = true;
      out += c;
      // A `]` first in a class (after an optional `^`) is a member in RE2's syntax.
      if (src[i + 1] === "^") out += src[++i];
      if (src[i + 1] === "]") out += src[++i];
    } else out += c === "." ? DOT : c;
  }
  return out;
}

/** Why RE2 refused a pattern, in words a definition's author can act on. */
function refusal(source: string, e: unknown): UnsupportedRegexError {
  const why = e instanceof Error ? e.message : String(e);
  const hint = /\\[1-9]|\(\?[=!<]/.test(source) ? " (backreferences and lookaround are not supported: they need backtracking)" : "";
  return new UnsupportedRegexError(`The regular expression /${source}/ cannot be used: ${why}${hint}`);
}

/**
 * Compile a JavaScript-syntax pattern for RE2. `flags` may hold i (ignore case), m (multiline),
 * s (dotAll) and g (ignored here). Throws UnsupportedRegexError.
 */
export function compileRegex(source: string, flags = ""): RE2JS {
  let f = 0;
  if (flags.includes("i")) f |= RE2JS.CASE_INSENSITIVE;
  if (flags.includes("m")) f |= RE2JS.MULTILINE;
  if (flags.includes("s")) f |= RE2JS.DOTALL;
  try {
    const translated = RE2JS.translateRegExp(source);
    return RE2JS.compile(flags.includes("s") ? translated : jsClasses(translated), f);
  } catch (e) {
    throw refusal(source, e);
  }
}

/** Called once per search with the number of characters the match consumed. */
export type SearchMeter = (consumed: number) => void;

/**
 * A stand-in for the global RegExp that jsonata builds from a `/.../` literal: jsonata constructs
 * one per evaluation (`new RegexEngine(regexp)`), sets `lastIndex` and calls `exec`, which here
 * searches with RE2 and returns a RegExpExecArray-shaped result.
 */
export class LinearRegExp {
  readonly source: string;
  readonly flags: string;
  lastIndex = 0;
  private readonly re: RE2JS;
  /** Charged for each search (the JSONata work budget); set by the host of the evaluation. */
  static meter: SearchMeter | undefined;
  private static readonly compiled = new WeakMap<RegExp, RE2JS>();

  constructor(re: RegExp) {
    this.source = re.source;
    this.flags = re.flags;
    this.re = LinearRegExp.of(re);
  }

  /** The RE2 program for a parsed literal, compiled once. Throws UnsupportedRegexError. */
  static of(re: RegExp): RE2JS {
    let c = LinearRegExp.compiled.get(re);
    if (c === undefined) {
      c = compileRegex(re.source, re.flags);
      LinearRegExp.compiled.set(re, c);
    }
    return c;
  }

  exec(str: string): RegExpExecArray | null {
    const from = this.lastIndex;
    const m = from <= str.length ? this.re.matcher(str) : undefined;
    if (m === undefined || !m.find(from)) {
      LinearRegExp.meter?.(0);
      this.lastIndex = 0;
      return null;
    }
    const out = [m.group(0) ?? ""] as unknown as RegExpExecArray;
    for (let g = 1, n = m.groupCount(); g <= n; g++) out.push(m.group(g) ?? (undefined as unknown as string));
    out.index = m.start();
    out.input = str;
    this.lastIndex = m.end();
    LinearRegExp.meter?.(m.end() - from);
    return out;
  }

  test(str: string): boolean {
    return this.exec(str) !== null;
  }
}
