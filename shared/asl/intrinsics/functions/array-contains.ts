/**
 * States.ArrayContains(array, value): whether an item equals the value. AWS compares the Java
 * text of the values, so "1" matches 1, "true" matches true, and {a, b} does not match {b, a}.
 */
import type { IntrinsicDef } from "../types.ts";
import { javaString } from "../values.ts";
import { requireArray } from "./check.ts";

const NAME = "States.ArrayContains";

export const arrayContains: IntrinsicDef = {
  name: NAME,
  minArgs: 2,
  maxArgs: 2,
  pure: true,
  compile([array, value]) {
    const getArray = array.get;
    const getValue = value.get;
    return (env) => {
      const items = requireArray(getArray(env), NAME);
      const target = getValue(env);
      if (items.length === 0) return false;
      const text = javaString(target);
      for (const item of items) {
        if (item === target || javaString(item) === text) return true;
      }
      return false;
    };
  },
};
