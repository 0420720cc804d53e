/** States.ArrayPartition(array, size): consecutive chunks of `size` items, the last one shorter. */
import type { JSONValue } from "../../types.ts";
import { invalidArguments } from "../errors.ts";
import type { IntrinsicDef } from "../types.ts";
import { requireArray, requireInt } from "./check.ts";

const NAME = "States.ArrayPartition";

export const arrayPartition: IntrinsicDef = {
  name: NAME,
  minArgs: 2,
  maxArgs: 2,
  pure: true,
  compile([array, size]) {
    const getArray = array.get;
    const getSize = size.get;
    return (env) => {
      const items = requireArray(getArray(env), NAME);
      // AWS cuts a fractional size (2.6 -> 2) and refuses what is left below 1.
      const n = requireInt(getSize(env), NAME);
      if (n < 1) throw invalidArguments(NAME);
      const chunks: JSONValue[] = [];
      for (let i = 0; i < items.length; i += n) chunks.push(items.slice(i, i + n));
      return chunks;
    };
  },
};
