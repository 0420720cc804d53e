/**
 * States.Hash(data, algorithm): lowercase hex digest of the UTF-8 bytes of data (at most 10,000
 * characters). Algorithms, spelled exactly: MD5, SHA-1, SHA-256, SHA-384, SHA-512. AWS also hashes
 * numbers and objects through their JSON text; booleans and null are refused.
 */
import { invalidArguments } from "../errors.ts";
import { md5Hex } from "../hash/md5.ts";
import { sha1Hex } from "../hash/sha1.ts";
import { sha256Hex } from "../hash/sha256.ts";
import { sha384Hex, sha512Hex } from "../hash/sha512.ts";
import { PAD_ROOM } from "../hash/hex.ts";
import type { IntrinsicDef } from "../types.ts";
import { encodeUtf8, utf8Length } from "../utf8.ts";
import { toJson } from "../values.ts";

const NAME = "States.Hash";
const MAX_LENGTH = 10000;
/** Each digest hashes the first `length` bytes of a buffer it may pad in place. */
const ALGORITHMS: ReadonlyMap<string, (buf: Uint8Array, length: number) => string> = new Map([
  ["MD5", md5Hex],
  ["SHA-1", sha1Hex],
  ["SHA-256", sha256Hex],
  ["SHA-384", sha384Hex],
  ["SHA-512", sha512Hex],
]);

export const hash: IntrinsicDef = {
  name: NAME,
  minArgs: 2,
  maxArgs: 2,
  pure: true,
  compile([data, algorithm]) {
    const getData = data.get;
    const getAlgorithm = algorithm.get;
    const fixed = algorithm.literal && typeof algorithm.literal.value === "string" ? ALGORITHMS.get(algorithm.literal.value) : undefined;
    if (fixed) {
      // The usual case: the algorithm written in the call, looked up once.
      return (env) => {
        const v = getData(env);
        if (v === null || typeof v === "boolean") throw invalidArguments(NAME);
        const text = typeof v === "string" ? v : toJson(v);
        if (text.length > MAX_LENGTH) throw invalidArguments(NAME);
        return fixed(encodeUtf8(text, PAD_ROOM), utf8Length);
      };
    }
    return (env) => {
      const v = getData(env);
      const name = getAlgorithm(env);
      const digest = typeof name === "string" ? ALGORITHMS.get(name) : undefined;
      if (!digest || v === null || typeof v === "boolean") throw invalidArguments(NAME);
      const text = typeof v === "string" ? v : toJson(v);
      if (text.length > MAX_LENGTH) throw invalidArguments(NAME);
      return digest(encodeUtf8(text, PAD_ROOM), utf8Length);
    };
  },
};
