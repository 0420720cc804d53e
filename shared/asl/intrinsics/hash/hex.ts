/** Helpers shared by the digests: in-place padding and lowercase hex output. */
const HEX_CODES = new Uint8Array(16);
for (let i = 0; i < 16; i++) HEX_CODES[i] = "0123456789abcdef".charCodeAt(i);

/** Character codes of the digest being written out; String.fromCharCode.apply builds a flat string at once. */
const codes32: number[] = new Array<number>(32).fill(0);
const codes40: number[] = new Array<number>(40).fill(0);
const codes64: number[] = new Array<number>(64).fill(0);
const codes96: number[] = new Array<number>(96).fill(0);
const codes128: number[] = new Array<number>(128).fill(0);

function codesFor(n: number): number[] {
  switch (n) {
    case 32:
      return codes32;
    case 40:
      return codes40;
    case 64:
      return codes64;
    case 96:
      return codes96;
    default:
      return codes128;
  }
}

/** Lowercase hex of the first `count` 32-bit words, big-endian (SHA) or little-endian (MD5). */
export function wordsHex(words: Int32Array, count: number, littleEndian: boolean): string {
  const codes = codesFor(count * 8);
  let j = 0;
  for (let i = 0; i < count; i++) {
    let w = words[i];
    if (littleEndian) w = (w << 24) | ((w & 0xff00) << 8) | ((w >>> 8) & 0xff00) | (w >>> 24);
    codes[j] = HEX_CODES[w >>> 28];
    codes[j + 1] = HEX_CODES[(w >>> 24) & 15];
    codes[j + 2] = HEX_CODES[(w >>> 20) & 15];
    codes[j + 3] = HEX_CODES[(w >>> 16) & 15];
    codes[j + 4] = HEX_CODES[(w >>> 12) & 15];
    codes[j + 5] = HEX_CODES[(w >>> 8) & 15];
    codes[j + 6] = HEX_CODES[(w >>> 4) & 15];
    codes[j + 7] = HEX_CODES[w & 15];
    j += 8;
  }
  return String.fromCharCode.apply(null, codes);
}

/**
 * Pad the `length` message bytes at the start of buf, in place, to a multiple of `block` bytes:
 * 0x80, zeros and the bit length in the last 8 bytes (SHA-512's 16-byte length field has its top 8
 * bytes zero here). buf must have room for it; returns the padded length.
 */
export function padInPlace(buf: Uint8Array, length: number, block: number, lengthBytes: number, littleEndian: boolean): number {
  const total = Math.ceil((length + 1 + lengthBytes) / block) * block;
  buf[length] = 0x80;
  buf.fill(0, length + 1, total - 8);
  const bits = length * 8;
  const hi = Math.floor(bits / 0x100000000);
  const lo = bits >>> 0;
  const at = total - 8;
  if (littleEndian) {
    buf[at] = lo;
    buf[at + 1] = lo >>> 8;
    buf[at + 2] = lo >>> 16;
    buf[at + 3] = lo >>> 24;
    buf[at + 4] = hi;
    buf[at + 5] = hi >>> 8;
    buf[at + 6] = hi >>> 16;
    buf[at + 7] = hi >>> 24;
  } else {
    buf[at] = hi >>> 24;
    buf[at + 1] = hi >>> 16;
    buf[at + 2] = hi >>> 8;
    buf[at + 3] = hi;
    buf[at + 4] = lo >>> 24;
    buf[at + 5] = lo >>> 16;
    buf[at + 6] = lo >>> 8;
    buf[at + 7] = lo;
  }
  return total;
}

/** Room a message needs after its bytes for padInPlace (the largest block and length field). */
export const PAD_ROOM = 128 + 17;
