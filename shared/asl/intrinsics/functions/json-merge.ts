/**
 * States.JsonMerge(a, b, false): a shallow merge into a new object, b's keys winning. The third
 * argument must be false: AWS supports no deep merge. The arguments are never modified.
 */
import { invalidArguments } from "../errors.ts";
import type { IntrinsicDef } from "../types.ts";
import { isObject } from "../values.ts";

const NAME = "States.JsonMerge";

export const jsonMerge: IntrinsicDef = {
  name: NAME,
  minArgs: 3,
  maxArgs: 3,
  pure: true,
  compile([left, right, deep]) {
    const getLeft = left.get;
    const getRight = right.get;
    const getDeep = deep.get;
    return (env) => {
      const a = getLeft(env);
      const b = getRight(env);
      if (!isObject(a) || !isObject(b) || getDeep(env) !== false) throw invalidArguments(NAME);
      return { ...a, ...b };
    };
  },
};
