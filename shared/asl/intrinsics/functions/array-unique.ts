/** States.ArrayUnique(array): the items without repeats, first occurrences kept in order. */
import type { JSONValue } from "../../types.ts";
import type { IntrinsicDef } from "../types.ts";
import { canonicalKey } from "../values.ts";
import { requireArray } from "./check.ts";

const NAME = "States.ArrayUnique";

export const arrayUnique: IntrinsicDef = {
  name: NAME,
  minArgs: 1,
  maxArgs: 1,
  pure: true,
  compile([array]) {
    const get = array.get;
    return (env) => {
      const items = requireArray(get(env), NAME);
      const seenScalars = new Set<JSONValue>();
      const seenKeys = new Set<string>();
      const out: JSONValue[] = [];
      for (const item of items) {
        if (item === null || typeof item !== "object") {
          if (seenScalars.has(item)) continue;
          seenScalars.add(item);
        } else {
          // Structural equality, key order ignored (Java's Map.equals).
          const key = canonicalKey(item);
          if (seenKeys.has(key)) continue;
          seenKeys.add(key);
        }
        out.push(item);
      }
      return out;
    };
  },
};
