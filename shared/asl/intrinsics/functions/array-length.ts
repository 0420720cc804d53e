/** States.ArrayLength(array): the number of items. */
import type { IntrinsicDef } from "../types.ts";
import { requireArray } from "./check.ts";

const NAME = "States.ArrayLength";

export const arrayLength: IntrinsicDef = {
  name: NAME,
  minArgs: 1,
  maxArgs: 1,
  pure: true,
  compile([array]) {
    const get = array.get;
    return (env) => requireArray(get(env), NAME).length;
  },
};
