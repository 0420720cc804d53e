/**
 * The digests States.Hash and JSONata's $hash offer, under the names AWS spells: each gives the
 * lowercase hex digest of a string's UTF-8 bytes (a lone surrogate as U+FFFD, as TextEncoder writes it).
 *
 * Each algorithm keeps two instances of its @noble/hashes hasher and one output buffer: a call resets
 * the working one from the fresh one (`_cloneInto`, which the library's Hash interface offers for
 * reusing an instance) instead of constructing a hasher, its buffers and views, and a digest array per
 * call; those allocations cost more than hashing a short string. The engine is single-threaded, and a
 * digest is finished before the call returns, so sharing them is safe.
 */
import { md5, sha1 } from "@noble/hashes/legacy.js";
import { sha256, sha384, sha512 } from "@noble/hashes/sha2.js";
import { bytesToHex, type CHash, type Hash } from "@noble/hashes/utils.js";
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
  ["SHA-1", reusing(sha1)],
  ["SHA-256", reusing(sha256)],
  ["SHA-384", reusing(sha384)],
  ["SHA-512", reusing(sha512)],
]);
