/** States.StringToJson(text): the JSON value the string holds; blank text gives null. */
import type { JSONValue } from "../../types.ts";
import { invalidArguments } from "../errors.ts";
import type { IntrinsicDef } from "../types.ts";
import { requireString } from "./check.ts";

const NAME = "States.StringToJson";

const noNegativeZero = (_key: string, v: unknown) => (v === 0 ? 0 : v);

/** True when s is empty or all whitespace (as String.prototype.trim sees it). */
function isBlank(s: string): boolean {
  // A visible ASCII character first settles it without trim's copy.
  const c = s.charCodeAt(0);
  if (c > 0x20 && c < 0x7f) return false;
  return s.trim() === "";
}

export const stringToJson: IntrinsicDef = {
  name: NAME,
  minArgs: 1,
  maxArgs: 1,
  pure: true,
  compile([text]) {
    const get = text.get;
    return (env) => {
      const s = requireString(get(env), NAME);
      if (isBlank(s)) return null;
      try {
        // Jackson reads "-0" as the integer 0.
        return (s.includes("-0") ? JSON.parse(s, noNegativeZero) : JSON.parse(s)) as JSONValue;
      } catch {
        throw invalidArguments(NAME);
      }
    };
  },
};
