/**
 * SHA-256 and SHA-1 (FIPS 180-4) of a byte buffer in one call, for the short strings States.Hash sees.
 *
 * A general hasher (streaming updates, a block buffer, a DataView, a digest array) costs more than the
 * compression itself for a string of a few bytes. Here the message is padded in the caller's buffer, its
 * words read into one reused array, the state lives in locals, and the digest is written as hex char
 * codes into a pooled array made a string at once. The engine is single-threaded and a call finishes
 * before it returns, so the shared arrays are safe.
 */
import { codeArray, codesToString } from "./chars.ts";

const W = new Int32Array(80);
const K256 = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be,
  0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa,
  0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85,
  0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3,
  0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f,
  0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

/** The char codes of "0" … "f". */
const DIGIT = new Uint8Array([48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102]);

/** Writes word w as 8 hex digits at codes[at]. */
function putHex(codes: number[], at: number, w: number): void {
  for (let k = 28; k >= 0; k -= 4) codes[at++] = DIGIT[(w >>> k) & 15];
}

/** The number of 64-byte blocks of the padded message of `length` bytes. */
function blockCount(length: number): number {
  return ((length + 8) >>> 6) + 1;
}

/**
 * The message padded (0x80, zeros, the bit length to a whole number of blocks): in place when `bytes`
 * has room after it (encodeUtf8's buffer always has), else in a copy.
 */
function pad(bytes: Uint8Array, length: number, blocks: number): Uint8Array {
  const end = blocks * 64;
  if (bytes.length < end) {
    const copy = new Uint8Array(end);
    copy.set(bytes.subarray(0, length));
    bytes = copy;
  }
  bytes[length] = 0x80;
  bytes.fill(0, length + 1, end - 8);
  const hi = (length / 0x20000000) | 0;
  const lo = length << 3;
  bytes[end - 8] = hi >>> 24;
  bytes[end - 7] = hi >>> 16;
  bytes[end - 6] = hi >>> 8;
  bytes[end - 5] = hi;
  bytes[end - 4] = lo >>> 24;
  bytes[end - 3] = lo >>> 16;
  bytes[end - 2] = lo >>> 8;
  bytes[end - 1] = lo;
  return bytes;
}

/** The 16 big-endian words of the block at byte `at` into W. */
function readBlock(bytes: Uint8Array, at: number): void {
  for (let i = 0; i < 16; i++, at += 4) W[i] = (bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3];
}

/** Lowercase hex SHA-256 of the first `length` bytes of bytes (the bytes after them may be overwritten). */
export function sha256Hex(bytes: Uint8Array, length: number): string {
  let h0 = 0x6a09e667,
    h1 = 0xbb67ae85 | 0,
    h2 = 0x3c6ef372,
    h3 = 0xa54ff53a | 0;
  let h4 = 0x510e527f,
    h5 = 0x9b05688c | 0,
    h6 = 0x1f83d9ab,
    h7 = 0x5be0cd19;
  const blocks = blockCount(length);
  const message = pad(bytes, length, blocks);
  for (let block = 0; block < blocks; block++) {
    readBlock(message, block * 64);
    for (let i = 16; i < 64; i++) {
      const x = W[i - 15];
      const y = W[i - 2];
      const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
      const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
      W[i] = (W[i - 16] + s0 + W[i - 7] + s1) | 0;
    }
    let a = h0,
      b = h1,
      c = h2,
      d = h3,
      e = h4,
      f = h5,
      g = h6,
      h = h7;
    for (let i = 0; i < 64; i++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const t1 = (h + S1 + ((e & f) ^ (~e & g)) + K256[i] + W[i]) | 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      h = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    h0 = (h0 + a) | 0;
    h1 = (h1 + b) | 0;
    h2 = (h2 + c) | 0;
    h3 = (h3 + d) | 0;
    h4 = (h4 + e) | 0;
    h5 = (h5 + f) | 0;
    h6 = (h6 + g) | 0;
    h7 = (h7 + h) | 0;
  }
  const codes = codeArray(64);
  putHex(codes, 0, h0);
  putHex(codes, 8, h1);
  putHex(codes, 16, h2);
  putHex(codes, 24, h3);
  putHex(codes, 32, h4);
  putHex(codes, 40, h5);
  putHex(codes, 48, h6);
  putHex(codes, 56, h7);
  return codesToString(codes);
}

/** SHA-1's round constants of the last two stages, as signed 32-bit integers. */
const K3 = 0x8f1bbcdc | 0;
const K4 = 0xca62c1d6 | 0;

/** Lowercase hex SHA-1 of the first `length` bytes of bytes (the bytes after them may be overwritten). */
export function sha1Hex(bytes: Uint8Array, length: number): string {
  let h0 = 0x67452301,
    h1 = 0xefcdab89 | 0,
    h2 = 0x98badcfe | 0,
    h3 = 0x10325476,
    h4 = 0xc3d2e1f0 | 0;
  const blocks = blockCount(length);
  const message = pad(bytes, length, blocks);
  for (let block = 0; block < blocks; block++) {
    readBlock(message, block * 64);
    for (let i = 16; i < 80; i++) {
      const x = W[i - 3] ^ W[i - 8] ^ W[i - 14] ^ W[i - 16];
      W[i] = (x << 1) | (x >>> 31);
    }
    let a = h0,
      b = h1,
      c = h2,
      d = h3,
      e = h4;
    for (let i = 0; i < 20; i++) {
      const t = (((a << 5) | (a >>> 27)) + ((b & c) | (~b & d)) + e + 0x5a827999 + W[i]) | 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = t;
    }
    for (let i = 20; i < 40; i++) {
      const t = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + 0x6ed9eba1 + W[i]) | 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = t;
    }
    for (let i = 40; i < 60; i++) {
      const t = (((a << 5) | (a >>> 27)) + ((b & c) | (b & d) | (c & d)) + e + K3 + W[i]) | 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = t;
    }
    for (let i = 60; i < 80; i++) {
      const t = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + K4 + W[i]) | 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = t;
    }
    h0 = (h0 + a) | 0;
    h1 = (h1 + b) | 0;
    h2 = (h2 + c) | 0;
    h3 = (h3 + d) | 0;
    h4 = (h4 + e) | 0;
  }
  const codes = codeArray(40);
  putHex(codes, 0, h0);
  putHex(codes, 8, h1);
  putHex(codes, 16, h2);
  putHex(codes, 24, h3);
  putHex(codes, 32, h4);
  return codesToString(codes);
}
