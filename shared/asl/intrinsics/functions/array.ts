/** States.Array(...values): the values as a new array, in order. */
import type { IntrinsicDef } from "../types.ts";

export const array: IntrinsicDef = {
  name: "States.Array",
  minArgs: 0,
  maxArgs: Infinity,
  pure: true,
  compile(args) {
    const getters = args.map((a) => a.get);
    switch (getters.length) {
      case 0:
        return () => [];
      case 1: {
        const [a] = getters;
        return (env) => [a(env)];
      }
      case 2: {
        const [a, b] = getters;
        return (env) => [a(env), b(env)];
      }
      case 3: {
        const [a, b, c] = getters;
        return (env) => [a(env), b(env), c(env)];
      }
      case 4: {
        const [a, b, c, d] = getters;
        return (env) => [a(env), b(env), c(env), d(env)];
      }
      default:
        return (env) => getters.map((g) => g(env));
    }
  },
};
