/** States.ArrayRange(start, end, step): start, start + step, ... up to end inclusive; at most 1000 items. */
import { invalidArguments } from "../errors.ts";
import type { IntrinsicDef } from "../types.ts";
import { requireInt } from "./check.ts";

const NAME = "States.ArrayRange";
const MAX_ITEMS = 1000;

export const arrayRange: IntrinsicDef = {
  name: NAME,
  minArgs: 3,
  maxArgs: 3,
  pure: true,
  compile([start, end, step]) {
    const getStart = start.get;
    const getEnd = end.get;
    const getStep = step.get;
    return (env) => {
      // AWS cuts fractional arguments toward zero before anything else (1.6 -> 1).
      const from = requireInt(getStart(env), NAME);
      const to = requireInt(getEnd(env), NAME);
      const by = requireInt(getStep(env), NAME);
      if (by === 0) throw invalidArguments(NAME);
      const span = to - from;
      const count = span === 0 ? 1 : Math.sign(span) === Math.sign(by) ? Math.floor(span / by) + 1 : 0;
      if (count > MAX_ITEMS) throw invalidArguments(NAME);
      const out = new Array<number>(count);
      for (let i = 0; i < count; i++) out[i] = from + i * by;
      return out;
    };
  },
};
