/**
 * The causes of States.QueryEvaluationError, worded as AWS words them. The engine adds the
 * "An error occurred while executing the state 'X' (entered at the event id #N). " prefix.
 */
import { StatesError, type JSONValue } from "../types.ts";
import { MAX_STEPS } from "./budget.ts";

export const QUERY_ERROR = "States.QueryEvaluationError";

/** A failure jsonata raised: `{ code: "T0410", message: "...", position, token }`. */
export interface JsonataFailure {
  code?: string;
  message?: string;
  position?: number;
  token?: string;
}

const head = (expr: string, field: string) => `The JSONata expression '${expr}' specified for the field '${field}'`;

/** The expression evaluated to undefined: AWS does not turn that into null or drop the field. */
export function returnedNothing(expr: string, field: string): StatesError {
  return new StatesError(QUERY_ERROR, `${head(expr, field)} returned nothing (undefined).`);
}

/** A function (or a non-finite number) where JSON was expected. */
export function unsupportedResult(expr: string, field: string): StatesError {
  return new StatesError(QUERY_ERROR, `${head(expr, field)} returned an unsupported result type.`);
}

/**
 * jsonata threw: AWS names the expression and the field, then jsonata's code and message
 * ("... threw an error during evaluation. T0410: Argument 1 of function \"abs\" does not match
 * function signature"). A JavaScript exception (stack overflow, a bad base64 string) has no code.
 */
export function threw(expr: string, field: string, e: unknown): StatesError {
  const f = e as JsonataFailure | null;
  if (f && typeof f === "object" && typeof f.code === "string")
    return new StatesError(QUERY_ERROR, `${head(expr, field)} threw an error during evaluation. ${f.code}: ${f.message ?? ""}`);
  return new StatesError(QUERY_ERROR, `${head(expr, field)} threw an internal error during evaluation.`);
}

/**
 * The evaluation spent its work budget (MAX_STEPS units: steps, sort comparisons, regular-expression
 * searches). AWS has no such cause; it is worded as its others are and names the budget.
 */
export function overBudget(expr: string, field: string): StatesError {
  return new StatesError(
    QUERY_ERROR,
    `${head(expr, field)} exceeded the evaluation budget of ${MAX_STEPS} units of work ` +
      `(evaluation steps, sort comparisons and regular-expression searches).`,
  );
}

/** AWS's name for a JSON value's type in its causes: array, object, string, number, boolean, null. */
export function jsonType(v: JSONValue): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}

/**
 * A field that takes one type got another (Items wants an array, Seconds a number, ...): the cause
 * AWS gives, e.g. "... returned an unexpected result type. Expected 'array', but was 'object' for
 * value: {"foo":"bar"}". `src` is the field's "{% ... %}" string.
 */
export function jsonataResultTypeError(src: string, field: string, expected: string, value: JSONValue): StatesError {
  return new StatesError(
    QUERY_ERROR,
    `${head(expressionText(src), field)} returned an unexpected result type. ` +
      `Expected '${expected}', but was '${jsonType(value)}' for value: ${JSON.stringify(value)}`,
  );
}

/** The expression as AWS quotes it in causes: what is between "{%" and "%}", trimmed. */
export function expressionText(src: string): string {
  return src.slice(2, -2).trim();
}

/** A jsonata error object for a function's bad argument (jsonata fills the message from the code). */
export function signatureError(fn: string, index: number): JsonataFailure & { index: number } {
  return { code: "T0410", index, token: fn, message: `Argument ${index} of function "${fn}" does not match function signature` };
}

/** An error with AWS's code for a function's own failures (D3137 is jsonata's `$error` code). */
export function functionError(message: string): JsonataFailure {
  return { code: "D3137", message };
}
