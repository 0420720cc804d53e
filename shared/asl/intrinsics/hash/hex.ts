/** Lowercase hex of 32-bit words, big-endian (SHA) or little-endian (MD5). */
const HEX = "0123456789abcdef";

export function wordsHex(words: ArrayLike<number>, littleEndian: boolean): string {
  let s = "";
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    for (let b = 0; b < 4; b++) {
      const byte = (w >>> (littleEndian ? 8 * b : 24 - 8 * b)) & 0xff;
      s += HEX[byte >>> 4] + HEX[byte & 15];
    }
  }
  return s;
}

/**
 * The message padded to a multiple of `block` bytes with 0x80, zeros and the bit length
 * (8 bytes for MD5/SHA-1/SHA-256; SHA-512 reserves 16, the top 8 stay zero here).
 */
export function pad(data: Uint8Array, block: number, lengthBytes: number, littleEndian: boolean): DataView {
  const total = Math.ceil((data.length + 1 + lengthBytes) / block) * block;
  const buf = new Uint8Array(total);
  buf.set(data);
  buf[data.length] = 0x80;
  const view = new DataView(buf.buffer);
  const bits = data.length * 8;
  const hi = Math.floor(bits / 0x100000000);
  const lo = bits >>> 0;
  if (littleEndian) {
    view.setUint32(total - 8, lo, true);
    view.setUint32(total - 4, hi, true);
  } else {
    view.setUint32(total - 8, hi);
    view.setUint32(total - 4, lo);
  }
  return view;
}
