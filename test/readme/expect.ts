/**
 * How the README test judges a command's output against the output the README claims for it.
 *
 * 1. Pairs: every `"key": value` pair written in the claim (value a string, number, true, false or
 *    null; pairs inside nested objects included) must appear in the output, spaces around `:` aside.
 *    Inside a claimed string, `...` and a `<placeholder>` stand for any text; a timestamp (ISO text, or
 *    a number of epoch seconds as the AWS protocol writes dates) stands for any timestamp, and a UUID
 *    for any UUID (dates and generated names differ on every run).
 * 2. Shape: when the whole claim is one JSON object without `...`, the output must be one JSON
 *    object with exactly the same top-level keys (so `{}` means `{}`).
 * 3. HTTP errors: a claim that starts with `{"error":` (the REST API's error body) or `{"__type":`
 *    (the AWS protocol's) expects an HTTP error status; any other curl must get a status below 400.
 * A claim with no pair and no JSON object in it (a remark, `{...}`) checks nothing beyond 3.
 */

export interface Pair {
  key: string;
  /** The value as written in the claim (a JSON string with its quotes, or a literal). */
  value: string;
}

/** The `"key": value` pairs of a claim, read left to right without ever starting inside a string. */
export function pairsOf(claim: string): Pair[] {
  const pairs: Pair[] = [];
  const string = /"(?:[^"\\]|\\.)*"/y;
  const after = /\s*:\s*("(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null)/y;
  for (let i = 0; i < claim.length; i++) {
    if (claim[i] !== '"') continue;
    string.lastIndex = i;
    const s = string.exec(claim);
    if (!s) break; // an unclosed quote: prose
    after.lastIndex = i + s[0].length;
    const v = after.exec(claim);
    if (v) pairs.push({ key: s[0], value: v[1] });
    i = (v && v[1].startsWith('"') ? after.lastIndex : i + s[0].length) - 1;
  }
  return pairs;
}

const ISO = /^"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z"$/;
/** Epoch seconds, as the AWS protocol writes dates (2001 to 2286). */
const EPOCH = /^[1-9]\d{9}(?:\.\d+)?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** The wildcards of a claimed string, captured so that split() keeps them. */
const WILDCARDS = /(\.\.\.|<[A-Za-z][\w -]*>|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/;
const ANY_TEXT = String.raw`(?:[^"\\]|\\.)*?`;

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The regular expression a claimed pair must match in the output. */
export function pairPattern(p: Pair): RegExp {
  let value: string;
  if (ISO.test(p.value)) {
    value = String.raw`"\d{4}-\d\d-\d\dT[\d:.]+Z"`;
  } else if (p.value.startsWith('"')) {
    // Odd parts are wildcards: a UUID stands for any UUID, the others for any text.
    value = p.value
      .split(WILDCARDS)
      .map((part, i) => (i % 2 === 0 ? escape(part) : UUID.test(part) ? "[0-9a-f-]{36}" : ANY_TEXT))
      .join("");
  } else if (EPOCH.test(p.value)) {
    value = String.raw`\d{10}(?:\.\d+)?(?![\w.])`;
  } else {
    value = `${escape(p.value)}(?![\\w.])`;
  }
  return new RegExp(`${escape(p.key)}\\s*:\\s*${value}`);
}

/** Whether the claim says the request fails with an HTTP error. */
export function claimsHttpError(claim: string): boolean {
  return /^\{\s*"(?:error|__type)"\s*:/.test(claim.trim());
}

/** What is wrong with an output, given the claim; an empty list when nothing is. */
export function judge(claim: string, output: string): string[] {
  const problems: string[] = [];
  for (const p of pairsOf(claim)) {
    if (!pairPattern(p).test(output)) problems.push(`${p.key}: ${p.value} is not in the output`);
  }
  const object = wholeObject(claim);
  if (object) {
    const actual = wholeObject(output.trim());
    if (!actual) {
      problems.push("the README shows one JSON object; the output is not one");
    } else {
      const want = Object.keys(object).sort().join(", ");
      const got = Object.keys(actual).sort().join(", ");
      if (want !== got) problems.push(`top-level keys differ: the README shows {${want}}, the output has {${got}}`);
    }
  }
  return problems;
}

/** The claim as one JSON object, when it is exactly one and has no `...` in it. */
function wholeObject(text: string): Record<string, unknown> | null {
  if (text.includes("...")) return null;
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
