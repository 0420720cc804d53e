/**
 * States.MathRandom(start, end[, seed]): an integer in [start, end). Fractional bounds are cut
 * toward zero, as AWS does. With a seed the result is java.util.Random(seed).nextInt(end - start)
 * + start, the same on every run; without one it comes from the host's `env.random()`.
 */
import { invalidArguments } from "../errors.ts";
import { JavaRandom } from "../java-random.ts";
import type { IntrinsicDef } from "../types.ts";
import { requireInt, requireNumber } from "./check.ts";

const NAME = "States.MathRandom";
const MAX_INT = 2147483647;

export const mathRandom: IntrinsicDef = {
  name: NAME,
  minArgs: 2,
  maxArgs: 3,
  pure: false,
  compile([start, end, seed]) {
    const getStart = start.get;
    const getEnd = end.get;
    const getSeed = seed?.get;
    return (env) => {
      const from = requireInt(getStart(env), NAME);
      const to = requireInt(getEnd(env), NAME);
      const s = getSeed ? requireNumber(getSeed(env), NAME) : undefined;
      const bound = to - from;
      if (bound <= 0) throw invalidArguments(NAME);
      if (s === undefined) return from + Math.floor(env.random() * bound);
      const rnd = new JavaRandom(BigInt(Math.trunc(s)));
      return from + (bound <= MAX_INT ? rnd.nextInt(bound) : Math.floor(rnd.nextDouble() * bound));
    };
  },
};
