/**
 * The digests States.Hash and JSONata's $hash offer, under the names AWS spells: each gives the
 * lowercase hex digest of a string's UTF-8 bytes (a lone surrogate as U+FFFD, as TextEncoder writes it).
 *
 * SHA-1 and SHA-256 (the ones workflows use most) are hashed in one call by sha.ts, over the shared
 * UTF-8 buffer. The others use @noble/hashes: each keeps two instances of its hasher and one output
 * buffer, and a call resets the working one from the fresh one (`_cloneInto`, which the library's Hash
 * interface offers for reusing an instance) instead of constructing a hasher, its buffers and views,
 * and a digest array per call; those allocations cost more than hashing a short string. The engine is
 * single-threaded, and a digest is finished before the call returns, so sharing them is safe.
 */
import { md5 } from "@noble/hashes/legacy.js";
import { sha384, sha512 } from "@noble/hashes/sha2.js";
import { bytesToHex, type CHash, type Hash } from "@noble/hashes/utils.js";
import { sha1Hex, sha256Hex } from "./sha.ts";
import { encodeUtf8, utf8Length } from "./utf8.ts";

function reusing<T extends Hash<T>>(hash: CHash<T>): (text: string) => string {
  const fresh = hash.create();
  const work = hash.create();
  const out = new Uint8Array(hash.outputLen);
  return (text) => {
    fresh._cloneInto(work);
    work.update(encodeUtf8(text).subarray(0, utf8Length));
    work.digestInto(out);
    return bytesToHex(out);
  };
}

export const DIGESTS: ReadonlyMap<string, (text: string) => string> = new Map([
  ["MD5", reusing(md5)],
  ["SHA-1", (text) => sha1Hex(encodeUtf8(text), utf8Length)],
  ["SHA-256", (text) => sha256Hex(encodeUtf8(text), utf8Length)],
  ["SHA-384", reusing(sha384)],
  ["SHA-512", reusing(sha512)],
]);
