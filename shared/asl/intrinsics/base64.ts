/** Base64 (RFC 4648, padded) in plain TypeScript, with the lenient decoder AWS's interpreter uses. */
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const DECODE = new Int8Array(128).fill(-1);
for (let i = 0; i < 64; i++) DECODE[ALPHABET.charCodeAt(i)] = i;
// The URL-safe letters decode too, as in Apache Commons Codec.
DECODE["-".charCodeAt(0)] = 62;
DECODE["_".charCodeAt(0)] = 63;

export function base64Encode(bytes: Uint8Array): string {
  let s = "";
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    s += ALPHABET[n >>> 18] + ALPHABET[(n >>> 12) & 63] + ALPHABET[(n >>> 6) & 63] + ALPHABET[n & 63];
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i] << 16;
    s += ALPHABET[n >>> 18] + ALPHABET[(n >>> 12) & 63] + "==";
  } else if (rest === 2) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8);
    s += ALPHABET[n >>> 18] + ALPHABET[(n >>> 12) & 63] + ALPHABET[(n >>> 6) & 63] + "=";
  }
  return s;
}

/**
 * Decode like Apache Commons Codec's non-strict Base64 (what AWS accepts): characters outside the
 * alphabet are skipped, the first '=' ends the data, a missing padding is fine and a last lone
 * character is dropped. Never fails.
 */
export function base64Decode(text: string): Uint8Array {
  const out = new Uint8Array(Math.floor((text.length * 3) / 4) + 3);
  let n = 0;
  let acc = 0;
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 61 /* = */) break;
    const v = c < 128 ? DECODE[c] : -1;
    if (v < 0) continue;
    acc = (acc << 6) | v;
    if (++count === 4) {
      out[n++] = (acc >>> 16) & 0xff;
      out[n++] = (acc >>> 8) & 0xff;
      out[n++] = acc & 0xff;
      acc = 0;
      count = 0;
    }
  }
  if (count === 2) {
    out[n++] = (acc >>> 4) & 0xff;
  } else if (count === 3) {
    out[n++] = (acc >>> 10) & 0xff;
    out[n++] = (acc >>> 2) & 0xff;
  }
  return out.subarray(0, n);
}
