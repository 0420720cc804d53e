/**
 * StringMatches without a regular expression: `*` matches any run of characters, `\*` a star and
 * `\\` a backslash (a backslash before any other character stands for that character; a lone
 * trailing one for itself). The pattern splits at its stars into literal pieces: the first must
 * start the string, the last must end it, and each piece between is found left to right at its
 * earliest place after the previous one (taking the earliest never loses a match, since the star
 * after it can absorb what a later place would have skipped). Each search is Knuth-Morris-Pratt,
 * so a match costs O(string + pattern) character comparisons whatever the input: the backtracking
 * RegExp this replaces was quadratic in the string for "*@*.*" and grew with its power per star.
 */

/** The pieces of a pattern between its unescaped stars, escapes resolved. */
export function wildcardPieces(pattern: string): string[] {
  const pieces: string[] = [];
  let cur = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "\\" && i + 1 < pattern.length) cur += pattern[++i];
    else if (c === "*") {
      pieces.push(cur);
      cur = "";
    } else cur += c;
  }
  pieces.push(cur);
  return pieces;
}

/** KMP failure table: fail[i] is the length of the longest proper border of needle[0..i]. */
function failureTable(needle: string): Int32Array {
  const fail = new Int32Array(needle.length);
  for (let i = 1, k = 0; i < needle.length; i++) {
    while (k > 0 && needle[i] !== needle[k]) k = fail[k - 1];
    if (needle[i] === needle[k]) k++;
    fail[i] = k;
  }
  return fail;
}

/** Where needle first occurs in s at or after `from`, or -1 (`fail` is needle's table). */
function kmpIndexOf(s: string, needle: string, fail: Int32Array, from: number): number {
  const m = needle.length;
  if (m === 0) return from;
  for (let i = from, k = 0; i < s.length; i++) {
    while (k > 0 && s[i] !== needle[k]) k = fail[k - 1];
    if (s[i] === needle[k] && ++k === m) return i - m + 1;
  }
  return -1;
}

/** Compile a StringMatches pattern into a test that is linear in the string and the pattern. */
export function compileWildcard(pattern: string): (s: string) => boolean {
  const pieces = wildcardPieces(pattern);
  if (pieces.length === 1) {
    const only = pieces[0];
    return (s) => s === only;
  }
  const first = pieces[0];
  const last = pieces[pieces.length - 1];
  const middle = pieces.slice(1, -1).filter((p) => p !== "");
  const tables = middle.map(failureTable);
  const fixed = first.length + last.length;
  return (s) => {
    if (s.length < fixed || !s.startsWith(first) || !s.endsWith(last)) return false;
    // The middle pieces must fit between the prefix and the suffix, without overlapping either.
    const inner = s.slice(0, s.length - last.length);
    let at = first.length;
    for (let i = 0; i < middle.length; i++) {
      const found = kmpIndexOf(inner, middle[i], tables[i], at);
      if (found < 0) return false;
      at = found + middle[i].length;
    }
    return true;
  };
}
