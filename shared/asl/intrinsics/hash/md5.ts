/** MD5 (RFC 1321) in plain TypeScript. */
import { padInPlace, wordsHex } from "./hex.ts";

const S = new Int32Array([7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21]);
const K = new Int32Array(64);
for (let i = 0; i < 64; i++) K[i] = Math.floor(Math.abs(Math.sin(i + 1)) * 0x100000000) | 0;
const M = new Int32Array(16);
const H = new Int32Array(4);

/**
 * MD5 of the first `length` bytes of buf, as lowercase hex. buf is padded in place, so it needs
 * PAD_ROOM bytes of room after the message; the scratch arrays are shared (single-threaded).
 */
export function md5Hex(buf: Uint8Array, length: number): string {
  const total = padInPlace(buf, length, 64, 8, true);
  const m = M;
  let h0 = 0x67452301, h1 = 0xefcdab89 | 0, h2 = 0x98badcfe | 0, h3 = 0x10325476;
  for (let off = 0; off < total; off += 64) {
    for (let j = 0, o = off; j < 16; j++, o += 4) m[j] = buf[o] | (buf[o + 1] << 8) | (buf[o + 2] << 16) | (buf[o + 3] << 24);
    let a = h0, b = h1, c = h2, d = h3;
    for (let i = 0; i < 64; i++) {
      let f: number, g: number;
      if (i < 16) {
        f = (b & c) | (~b & d);
        g = i;
      } else if (i < 32) {
        f = (d & b) | (~d & c);
        g = (5 * i + 1) & 15;
      } else if (i < 48) {
        f = b ^ c ^ d;
        g = (3 * i + 5) & 15;
      } else {
        f = c ^ (b | ~d);
        g = (7 * i) & 15;
      }
      const x = (a + f + K[i] + m[g]) | 0;
      const r = S[(i >> 4) * 4 + (i & 3)];
      a = d;
      d = c;
      c = b;
      b = (b + ((x << r) | (x >>> (32 - r)))) | 0;
    }
    h0 = (h0 + a) | 0;
    h1 = (h1 + b) | 0;
    h2 = (h2 + c) | 0;
    h3 = (h3 + d) | 0;
  }
  const h = H;
  h[0] = h0;
  h[1] = h1;
  h[2] = h2;
  h[3] = h3;
  return wordsHex(h, 4, true);
}
