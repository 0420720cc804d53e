/**
 * Intrinsic functions (`"key.$": "States.Format('{}', $.a)"`): parsed and checked once, when the
 * definition is compiled, into a getter that does no string parsing when it runs.
 *
 * Errors: a malformed call or an unknown function throws IntrinsicSyntaxError at compile time
 * (AWS rejects such definitions). Everything AWS only notices while running — wrong argument
 * count, wrong argument types or values — makes the getter throw
 * StatesError("States.Runtime", "Invalid arguments in States.X"), as AWS does; the state runner
 * prefixes the cause with "An error occurred while executing the state ...".
 */
import type { EvalEnv, JSONValue } from "../types.ts";
import { StatesError } from "../types.ts";
import { IntrinsicSyntaxError } from "./errors.ts";
import { failing } from "./functions/check.ts";
import { parseIntrinsic } from "./parser.ts";
import type { Node } from "./parser.ts";
import { INTRINSICS } from "./registry.ts";
import type { Arg, Getter } from "./types.ts";

export type { Getter } from "./types.ts";
export { IntrinsicSyntaxError, INTRINSIC_ERROR } from "./errors.ts";

const LOOKS_INTRINSIC = /^States\.[A-Za-z0-9]+\s*\(/;

/** True when s looks like an intrinsic call (starts with "States." and a name and "("). */
export function isIntrinsic(s: string): boolean {
  return LOOKS_INTRINSIC.test(s);
}

/**
 * Parse and check an intrinsic call once (at definition time). `compilePath` turns a path argument
 * ("$.a", "$$.Execution.Id", "$", "$varName") into a getter and throws if the path is invalid.
 * Throws IntrinsicSyntaxError on a syntax error, an unknown function or an invalid path.
 */
export function compileIntrinsic(expr: string, compilePath: (path: string) => Getter): Getter {
  const tree = parseIntrinsic(expr);
  return compileNode(tree, expr, compilePath).get;
}

function compileNode(node: Node, expr: string, compilePath: (path: string) => Getter): Arg {
  if (node.kind === "literal") {
    const value = node.value; // a scalar: safe to hand out on every call
    return { get: () => value, literal: node.raw === undefined ? { value } : { value, raw: node.raw } };
  }
  if (node.kind === "path") {
    try {
      return { get: compilePath(node.path) };
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      throw new IntrinsicSyntaxError(`Invalid path ${node.path}: ${why}`, expr, node.position);
    }
  }
  const def = INTRINSICS.get(node.name);
  if (!def) {
    throw new IntrinsicSyntaxError(`Unknown intrinsic function ${node.name}`, expr, node.position);
  }
  const args = node.args.map((a) => compileNode(a, expr, compilePath));
  if (args.length < def.minArgs || args.length > def.maxArgs) return { get: failing(args, def.name) };
  const get = def.compile(args);
  if (def.pure && args.every((a) => a.literal)) {
    const folded = foldConstant(get);
    if (folded) return folded;
  }
  return { get };
}

/** Evaluate an all-literal call once; keep the result if it is a scalar (arrays could be mutated later). */
function foldConstant(get: Getter): Arg | undefined {
  let value: JSONValue;
  try {
    value = get(NO_ENV);
  } catch (e) {
    if (e instanceof StatesError) return undefined; // fails at run time, as on AWS
    throw e;
  }
  if (value !== null && typeof value === "object") return undefined;
  // A folded string is no longer a literal written in quotes: no `raw`, so Format will not re-read it.
  return { get: () => value, literal: { value } };
}

const NO_ENV: EvalEnv = {
  input: null,
  context: null,
  random: () => {
    throw new Error("pure intrinsic asked for randomness");
  },
  uuid: () => {
    throw new Error("pure intrinsic asked for a UUID");
  },
};
