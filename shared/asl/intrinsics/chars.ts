/**
 * Building short strings from character codes in one go: String.fromCharCode.apply over a reused
 * array of the exact length makes a flat string without the intermediate strings of `s += c`.
 */

/** Up to this many characters a pooled array is used; longer text goes through TextDecoder. */
export const POOL_MAX = 256;
const POOL: number[][] = [];

/** A reusable array of exactly n (≤ POOL_MAX) slots to fill with char codes, then pass to codesToString. */
export function codeArray(n: number): number[] {
  let a = POOL[n];
  if (a === undefined) a = POOL[n] = new Array<number>(n).fill(0);
  return a;
}

/** The string of the char codes in a codeArray. */
export function codesToString(codes: number[]): string {
  return String.fromCharCode.apply(null, codes);
}

const ascii = new TextDecoder();

/** The string of n ASCII bytes (all below 0x80) at the start of bytes. */
export function asciiToString(bytes: Uint8Array, n: number): string {
  if (n > POOL_MAX) return ascii.decode(bytes.subarray(0, n));
  const codes = codeArray(n);
  for (let i = 0; i < n; i++) codes[i] = bytes[i];
  return String.fromCharCode.apply(null, codes);
}
