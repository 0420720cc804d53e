/** States.ArrayUnique(array): the items without repeats, first occurrences kept in order. */
import type { JSONValue } from "../../types.ts";
import type { IntrinsicDef } from "../types.ts";
import { canonicalKey } from "../values.ts";
import { requireArray } from "./check.ts";

const NAME = "States.ArrayUnique";

/** Up to this many items, a scan of the kept ones beats building Sets. */
const SMALL = 16;

/** Set semantics (SameValueZero) for scalars: NaN equals NaN, 0 equals -0. */
function sameScalar(a: JSONValue, b: JSONValue): boolean {
  return a === b || (a !== a && b !== b);
}

function uniqueSmall(items: readonly JSONValue[]): JSONValue[] {
  const out: JSONValue[] = [];
  let keys: string[] | undefined;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (item === null || typeof item !== "object") {
      let seen = false;
      for (let j = 0; j < out.length; j++) {
        if (sameScalar(out[j], item)) {
          seen = true;
          break;
        }
      }
      if (seen) continue;
    } else {
      // Structural equality, key order ignored (Java's Map.equals).
      const key = canonicalKey(item);
      if (keys === undefined) keys = [];
      else if (keys.includes(key)) continue;
      keys.push(key);
    }
    out.push(item);
  }
  return out;
}

function uniqueLarge(items: readonly JSONValue[]): JSONValue[] {
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
}

export const arrayUnique: IntrinsicDef = {
  name: NAME,
  minArgs: 1,
  maxArgs: 1,
  pure: true,
  compile([array]) {
    const get = array.get;
    return (env) => {
      const items = requireArray(get(env), NAME);
      return items.length <= SMALL ? uniqueSmall(items) : uniqueLarge(items);
    };
  },
};
