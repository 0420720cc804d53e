/** States.Base64Encode(text): the UTF-8 bytes of a string of at most 10,000 characters, in Base64. */
import { base64EncodeText } from "../base64.ts";
import { invalidArguments } from "../errors.ts";
import type { IntrinsicDef } from "../types.ts";
import { requireString } from "./check.ts";

const NAME = "States.Base64Encode";
const MAX_LENGTH = 10000;

export const base64Encode: IntrinsicDef = {
  name: NAME,
  minArgs: 1,
  maxArgs: 1,
  pure: true,
  compile([text]) {
    const get = text.get;
    return (env) => {
      const s = requireString(get(env), NAME);
      if (s.length > MAX_LENGTH) throw invalidArguments(NAME);
      return base64EncodeText(s);
    };
  },
};
