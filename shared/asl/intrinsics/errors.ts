/** Errors of intrinsic functions: syntax problems at definition time, bad values at run time. */
import { StatesError } from "../types.ts";

/**
 * A malformed intrinsic call, found when the definition is compiled (AWS rejects such a definition
 * with SCHEMA_VALIDATION_FAILED). `position` is the offset in the expression where parsing stopped.
 */
export class IntrinsicSyntaxError extends Error {
  readonly expression: string;
  readonly position: number;
  constructor(message: string, expression: string, position: number) {
    super(`${message} (at offset ${position} of ${JSON.stringify(expression)})`);
    this.name = "IntrinsicSyntaxError";
    this.expression = expression;
    this.position = position;
  }
}

/** The error name AWS records when an intrinsic function gets arguments it cannot use. */
export const INTRINSIC_ERROR = "States.Runtime";

/**
 * AWS's run-time failure of an intrinsic call. The cause is the text AWS puts after its
 * "An error occurred while executing the state 'X' (entered at the event id #N). " prefix,
 * which the state runner adds, as it does for path failures.
 */
export function invalidArguments(fn: string): StatesError {
  return new StatesError(INTRINSIC_ERROR, `Invalid arguments in ${fn}`);
}
