/** Argument checks shared by the intrinsic functions; each failure is AWS's "Invalid arguments in ...". */
import type { JSONValue } from "../../types.ts";
import { invalidArguments } from "../errors.ts";
import type { Arg, Getter } from "../types.ts";

export function requireString(v: JSONValue, fn: string): string {
  if (typeof v !== "string") throw invalidArguments(fn);
  return v;
}

export function requireNumber(v: JSONValue, fn: string): number {
  if (typeof v !== "number") throw invalidArguments(fn);
  return v;
}

export function requireArray(v: JSONValue, fn: string): JSONValue[] {
  if (!Array.isArray(v)) throw invalidArguments(fn);
  return v;
}

/** A number cut to a Java int, as AWS does with fractional sizes, indexes and bounds: 2.6 -> 2, -0.6 -> 0. */
export function requireInt(v: JSONValue, fn: string): number {
  if (typeof v !== "number") throw invalidArguments(fn);
  const n = Math.trunc(v);
  if (n > 2147483647) return 2147483647;
  if (n < -2147483648) return -2147483648;
  return n === 0 ? 0 : n;
}

/** A getter that evaluates the arguments (so path errors come first, as in AWS) and then fails. */
export function failing(args: readonly Arg[], fn: string): Getter {
  const getters = args.map((a) => a.get);
  return (env) => {
    for (const g of getters) g(env);
    throw invalidArguments(fn);
  };
}
