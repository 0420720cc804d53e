/** States.JsonToString(value): the value as compact JSON text, numbers written like Java. */
import type { IntrinsicDef } from "../types.ts";
import { toJson } from "../values.ts";

export const jsonToString: IntrinsicDef = {
  name: "States.JsonToString",
  minArgs: 1,
  maxArgs: 1,
  pure: true,
  compile([value]) {
    const get = value.get;
    return (env) => toJson(get(env));
  },
};
