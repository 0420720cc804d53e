/**
 * States.Base64Decode(text): Base64 of at most 10,000 characters decoded as UTF-8. Decoding is
 * lenient like AWS's: stray characters are skipped and padding is optional.
 */
import { base64Decode as decode, decodedLength } from "../base64.ts";
import { invalidArguments } from "../errors.ts";
import type { IntrinsicDef } from "../types.ts";
import { decodeUtf8 } from "../utf8.ts";
import { requireString } from "./check.ts";

const NAME = "States.Base64Decode";
const MAX_LENGTH = 10000;

export const base64Decode: IntrinsicDef = {
  name: NAME,
  minArgs: 1,
  maxArgs: 1,
  pure: true,
  compile([text]) {
    const get = text.get;
    return (env) => {
      const s = requireString(get(env), NAME);
      if (s.length > MAX_LENGTH) throw invalidArguments(NAME);
      return decodeUtf8(decode(s), decodedLength);
    };
  },
};
