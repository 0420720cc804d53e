/** Base64 (RFC 4648, padded) in plain TypeScript, with the lenient decoder AWS's interpreter uses. */
import { asciiToString, codeArray, POOL_MAX } from "./chars.ts";
import { encodeUtf8, utf8Length } from "./utf8.ts";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const CODES = new Uint8Array(64);
for (let i = 0; i < 64; i++) CODES[i] = ALPHABET.charCodeAt(i);
const DECODE = new Int8Array(128).fill(-1);
for (let i = 0; i < 64; i++) DECODE[ALPHABET.charCodeAt(i)] = i;
// The URL-safe letters decode too, as in Apache Commons Codec.
DECODE["-".charCodeAt(0)] = 62;
DECODE["_".charCodeAt(0)] = 63;

/** Scratch buffers shared by every call (single-threaded), grown when too small. */
let encoded = new Uint8Array(1024);
let decoded = new Uint8Array(1024);

/** Base64 of the first `length` bytes of bytes. */
export function base64Encode(bytes: Uint8Array, length: number): string {
  const n = Math.ceil(length / 3) * 4;
  if (encoded.length < n) encoded = new Uint8Array(n + 1024);
  const out = encoded;
  const codes = CODES;
  let i = 0;
  let j = 0;
  for (; i + 2 < length; i += 3) {
    const v = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out[j] = codes[v >>> 18];
    out[j + 1] = codes[(v >>> 12) & 63];
    out[j + 2] = codes[(v >>> 6) & 63];
    out[j + 3] = codes[v & 63];
    j += 4;
  }
  const rest = length - i;
  if (rest === 1) {
    const v = bytes[i] << 16;
    out[j] = codes[v >>> 18];
    out[j + 1] = codes[(v >>> 12) & 63];
    out[j + 2] = 61; // =
    out[j + 3] = 61;
    j += 4;
  } else if (rest === 2) {
    const v = (bytes[i] << 16) | (bytes[i + 1] << 8);
    out[j] = codes[v >>> 18];
    out[j + 1] = codes[(v >>> 12) & 63];
    out[j + 2] = codes[(v >>> 6) & 63];
    out[j + 3] = 61;
    j += 4;
  }
  return asciiToString(out, j);
}

/** Base64 of the UTF-8 bytes of text. */
export function base64EncodeText(text: string): string {
  const n = text.length;
  const outLength = Math.ceil(n / 3) * 4;
  // Short ASCII text (the usual case): straight from the characters into the result's char codes.
  if (outLength <= POOL_MAX) {
    const out = codeArray(outLength);
    const codes = CODES;
    let i = 0;
    let j = 0;
    for (; i + 2 < n; i += 3) {
      const c0 = text.charCodeAt(i);
      const c1 = text.charCodeAt(i + 1);
      const c2 = text.charCodeAt(i + 2);
      if ((c0 | c1 | c2) >= 0x80) return base64Encode(encodeUtf8(text), utf8Length);
      const v = (c0 << 16) | (c1 << 8) | c2;
      out[j] = codes[v >>> 18];
      out[j + 1] = codes[(v >>> 12) & 63];
      out[j + 2] = codes[(v >>> 6) & 63];
      out[j + 3] = codes[v & 63];
      j += 4;
    }
    const rest = n - i;
    if (rest === 1) {
      const c0 = text.charCodeAt(i);
      if (c0 >= 0x80) return base64Encode(encodeUtf8(text), utf8Length);
      out[j] = codes[c0 >>> 2];
      out[j + 1] = codes[(c0 & 3) << 4];
      out[j + 2] = 61; // =
      out[j + 3] = 61;
    } else if (rest === 2) {
      const c0 = text.charCodeAt(i);
      const c1 = text.charCodeAt(i + 1);
      if ((c0 | c1) >= 0x80) return base64Encode(encodeUtf8(text), utf8Length);
      const v = (c0 << 16) | (c1 << 8);
      out[j] = codes[v >>> 18];
      out[j + 1] = codes[(v >>> 12) & 63];
      out[j + 2] = codes[(v >>> 6) & 63];
      out[j + 3] = 61;
    }
    return String.fromCharCode.apply(null, out);
  }
  return base64Encode(encodeUtf8(text), utf8Length);
}

/** The byte count of the last base64Decode result. */
export let decodedLength = 0;

/**
 * Decode like Apache Commons Codec's non-strict Base64 (what AWS accepts): characters outside the
 * alphabet are skipped, the first '=' ends the data, a missing padding is fine and a last lone
 * character is dropped. Never fails. The bytes land in a shared buffer, valid until the next call;
 * their count is in `decodedLength`.
 */
export function base64Decode(text: string): Uint8Array {
  const max = Math.floor((text.length * 3) / 4) + 3;
  if (decoded.length < max) decoded = new Uint8Array(max + 1024);
  const out = decoded;
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
      out[n] = (acc >>> 16) & 0xff;
      out[n + 1] = (acc >>> 8) & 0xff;
      out[n + 2] = acc & 0xff;
      n += 3;
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
  decodedLength = n;
  return out;
}
