/**
 * The digests States.Hash and JSONata's $hash offer, under the names AWS spells: each gives the
 * lowercase hex digest of a string's UTF-8 bytes (a lone surrogate as U+FFFD, as TextEncoder writes it).
 */
import { md5, sha1 } from "@noble/hashes/legacy.js";
import { sha256, sha384, sha512 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { encodeUtf8, utf8Length } from "./utf8.ts";

type Digest = (bytes: Uint8Array) => Uint8Array;

const ofText =
  (digest: Digest) =>
  (text: string): string =>
    bytesToHex(digest(encodeUtf8(text).subarray(0, utf8Length)));

export const DIGESTS: ReadonlyMap<string, (text: string) => string> = new Map([
  ["MD5", ofText(md5)],
  ["SHA-1", ofText(sha1)],
  ["SHA-256", ofText(sha256)],
  ["SHA-384", ofText(sha384)],
  ["SHA-512", ofText(sha512)],
]);
