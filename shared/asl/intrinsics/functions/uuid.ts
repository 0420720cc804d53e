/** States.UUID(): a version 4 UUID, from the host (`env.uuid()`), so runs can be replayed. */
import type { IntrinsicDef } from "../types.ts";

export const uuid: IntrinsicDef = {
  name: "States.UUID",
  minArgs: 0,
  maxArgs: 0,
  pure: false,
  compile() {
    return (env) => env.uuid();
  },
};
