/**
 * UTF-8 for the intrinsics without TextEncoder/TextDecoder, which cost more than the work itself
 * on the short strings intrinsics see. Output matches them exactly: a lone surrogate encodes as
 * U+FFFD (EF BF BD), and decoding hands anything that is not plain ASCII to TextDecoder.
 */
import { asciiToString } from "./chars.ts";

/** Scratch bytes shared by every caller (the engine is single-threaded); grown when too small. */
let scratch = new Uint8Array(1024);

/** The bytes encodeUtf8's buffer always has after the text: the most SHA-1 or SHA-256 padding takes. */
export const ROOM = 72;

/** The byte count of the last encodeUtf8 result. */
export let utf8Length = 0;

/**
 * The UTF-8 bytes of s, written into a shared buffer. Returns the buffer; the byte count is in
 * `utf8Length`. Both stay valid only until the next call. At least ROOM bytes follow the text in the
 * buffer (a digest pads the message there).
 */
export function encodeUtf8(s: string): Uint8Array {
  const n = s.length;
  let buf = scratch;
  if (buf.length < 3 * n + ROOM) buf = scratch = new Uint8Array(3 * n + 1024);
  let j = 0;
  let i = 0;
  // ASCII first: most strings are nothing else.
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) break;
    buf[i] = c;
  }
  j = i;
  for (; i < n; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      buf[j++] = c;
    } else if (c < 0x800) {
      buf[j] = 0xc0 | (c >> 6);
      buf[j + 1] = 0x80 | (c & 63);
      j += 2;
    } else {
      if (c >= 0xd800 && c <= 0xdfff) {
        const d = i + 1 < n ? s.charCodeAt(i + 1) : 0;
        if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
          c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          i++;
          buf[j] = 0xf0 | (c >> 18);
          buf[j + 1] = 0x80 | ((c >> 12) & 63);
          buf[j + 2] = 0x80 | ((c >> 6) & 63);
          buf[j + 3] = 0x80 | (c & 63);
          j += 4;
          continue;
        }
        c = 0xfffd; // a lone surrogate, as TextEncoder writes it
      }
      buf[j] = 0xe0 | (c >> 12);
      buf[j + 1] = 0x80 | ((c >> 6) & 63);
      buf[j + 2] = 0x80 | (c & 63);
      j += 3;
    }
  }
  utf8Length = j;
  return buf;
}

const decoder = new TextDecoder();

/** The text of the first `length` UTF-8 bytes of bytes, as TextDecoder reads them (bad sequences become U+FFFD). */
export function decodeUtf8(bytes: Uint8Array, length: number): string {
  for (let i = 0; i < length; i++) {
    if (bytes[i] >= 0x80) return decoder.decode(bytes.subarray(0, length));
  }
  return asciiToString(bytes, length);
}
