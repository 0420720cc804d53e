/** Shapes shared by the intrinsic parser, compiler and function modules. */
import type { EvalEnv, JSONValue } from "../types.ts";

/** A compiled expression: reads the evaluation environment, returns a value, never parses. */
export type Getter = (env: EvalEnv) => JSONValue;

/** A value written in the expression itself, known at definition time. */
export interface Literal {
  readonly value: JSONValue;
  /** For string literals: the source between the quotes, escapes kept (States.Format needs `\{`). */
  readonly raw?: string;
}

/** One compiled argument of a call. */
export interface Arg {
  readonly get: Getter;
  /** Present when the argument is a literal. */
  readonly literal?: Literal;
}

/** One intrinsic function: its arity and how to build the evaluator of one call site. */
export interface IntrinsicDef {
  /** Full name, e.g. `States.Format`. */
  readonly name: string;
  readonly minArgs: number;
  readonly maxArgs: number;
  /** False when two evaluations may differ (UUID, unseeded MathRandom): never folded at definition time. */
  readonly pure: boolean;
  /** Called with an argument count already within [minArgs, maxArgs]. */
  compile(args: readonly Arg[]): Getter;
}
