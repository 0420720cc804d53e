/**
 * Map `Label` rules (it names the Map Run): at most 40 characters and none of whitespace, brackets
 * `< > { } [ ]`, wildcards `? *`, the specials `: ; , \ | ^ ~ $ # % & \` "`, or control characters
 * (U+0000-U+001F, U+007F-U+009F).
 */
const SPECIAL = new Set(Array.from('?*<>{}[]:;,\\|^~$#%&`"'));
const WHITESPACE = /\s/;

function invalid(ch: string): boolean {
  const c = ch.codePointAt(0) ?? 0;
  return c <= 0x20 || (c >= 0x7f && c <= 0x9f) || SPECIAL.has(ch) || WHITESPACE.test(ch);
}

/** The character as Python's repr shows it, which is how AWS's message quotes it: `'\x00'`, `'\\'`. */
function quote(ch: string): string {
  const c = ch.codePointAt(0) ?? 0;
  if (ch === "\\") return "'\\\\'";
  if (c < 0x20 || (c >= 0x7f && c <= 0xa0)) return `'\\x${c.toString(16).padStart(2, "0")}'`;
  if (c > 0xa0 && WHITESPACE.test(ch)) return `'\\u${c.toString(16).padStart(4, "0")}'`;
  return `'${ch}'`;
}

/** Returns what is wrong with a label, or undefined when it is fine. */
export function labelProblem(label: string): string | undefined {
  if (label.length === 0) return "Label cannot be empty";
  let count = 0;
  for (const ch of label) {
    if (invalid(ch)) return `Label contains invalid character: ${quote(ch)}`;
    count++;
  }
  if (count > 40) return "Label cannot exceed 40 characters";
  return undefined;
}
