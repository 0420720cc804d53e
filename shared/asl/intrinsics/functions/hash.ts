/**
 * States.Hash(data, algorithm): lowercase hex digest of the UTF-8 bytes of data (at most 10,000
 * characters). Algorithms, spelled exactly: MD5, SHA-1, SHA-256, SHA-384, SHA-512. AWS also hashes
 * numbers and objects through their JSON text; booleans and null are refused.
 */
import { DIGESTS } from "../digests.ts";
import { invalidArguments } from "../errors.ts";
import type { IntrinsicDef } from "../types.ts";
import { toJson } from "../values.ts";

const NAME = "States.Hash";
const MAX_LENGTH = 10000;

export const hash: IntrinsicDef = {
  name: NAME,
  minArgs: 2,
  maxArgs: 2,
  pure: true,
  compile([data, algorithm]) {
    const getData = data.get;
    const getAlgorithm = algorithm.get;
    const fixed = algorithm.literal && typeof algorithm.literal.value === "string" ? DIGESTS.get(algorithm.literal.value) : undefined;
    if (fixed) {
      // The usual case: the algorithm written in the call, looked up once.
      return (env) => {
        const v = getData(env);
        if (v === null || typeof v === "boolean") throw invalidArguments(NAME);
        const text = typeof v === "string" ? v : toJson(v);
        if (text.length > MAX_LENGTH) throw invalidArguments(NAME);
        return fixed(text);
      };
    }
    return (env) => {
      const v = getData(env);
      const name = getAlgorithm(env);
      const digest = typeof name === "string" ? DIGESTS.get(name) : undefined;
      if (!digest || v === null || typeof v === "boolean") throw invalidArguments(NAME);
      const text = typeof v === "string" ? v : toJson(v);
      if (text.length > MAX_LENGTH) throw invalidArguments(NAME);
      return digest(text);
    };
  },
};
