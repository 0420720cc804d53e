/** States.ArrayGetItem(array, index): the item at a zero-based index. */
import { invalidArguments } from "../errors.ts";
import type { IntrinsicDef } from "../types.ts";
import { requireArray, requireInt } from "./check.ts";

const NAME = "States.ArrayGetItem";

export const arrayGetItem: IntrinsicDef = {
  name: NAME,
  minArgs: 2,
  maxArgs: 2,
  pure: true,
  compile([array, index]) {
    const getArray = array.get;
    const getIndex = index.get;
    return (env) => {
      const items = requireArray(getArray(env), NAME);
      const i = requireInt(getIndex(env), NAME); // AWS cuts 1.2 to 1
      // Observed on AWS: any index into an empty array gives null, out of range otherwise fails.
      if (items.length === 0) return null;
      if (i < 0 || i >= items.length) throw invalidArguments(NAME);
      return items[i];
    };
  },
};
