/**
 * States.MathAdd(a, b): the sum of two integers. Fractions are rounded first, like Java's
 * Math.round (half up: 2.5 -> 3, -2.5 -> -2); values must fit in a Java int.
 */
import { invalidArguments } from "../errors.ts";
import type { IntrinsicDef } from "../types.ts";
import { requireNumber } from "./check.ts";

const NAME = "States.MathAdd";

function toInt(n: number): number {
  const r = Math.floor(n + 0.5);
  if (r > 2147483647 || r < -2147483648) throw invalidArguments(NAME);
  return r;
}

export const mathAdd: IntrinsicDef = {
  name: NAME,
  minArgs: 2,
  maxArgs: 2,
  pure: true,
  compile([a, b]) {
    const getA = a.get;
    const getB = b.get;
    return (env) => {
      const x = requireNumber(getA(env), NAME);
      const y = requireNumber(getB(env), NAME);
      const sum = toInt(x) + toInt(y);
      return sum === 0 ? 0 : sum;
    };
  },
};
