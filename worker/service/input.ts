/** An execution's input as a client sends it: JSON text, at most 256 KiB, nested no deeper than the engine allows. */
import { inputProblem, MAX_PAYLOAD_BYTES, type JSONValue } from "../../shared/asl/index.ts";
import { ApiError } from "../errors.ts";

function badInput(message: string): ApiError {
  return new ApiError(400, "InvalidExecutionInput", message);
}

/**
 * A JSON value a REST body gives as the input, as JSON text: refused, as checkInput refuses it, before it
 * is serialised (JSON.stringify would overflow the stack on a value nested deep enough).
 */
export function inputText(value: unknown): string {
  // a value JSON.parse made from the request's body
  const problem = inputProblem(value as JSONValue);
  if (problem) throw badInput(problem.cause);
  return JSON.stringify(value);
}

/**
 * The input as JSON text, refused when it is not JSON, over 256 KiB or nested too deeply: the engine's own
 * check (inputProblem), so that what the engine would refuse at the start is refused here instead.
 */
export function checkInput(input: string): string {
  return parseInput(input).text;
}

/** An input checked as the engine would check it: its JSON text and the value a run starts from. */
export interface CheckedInput {
  text: string;
  value: JSONValue;
}

/** checkInput, with the value it parsed: a run starts from it instead of parsing the text again. */
export function parseInput(input: string): CheckedInput {
  // UTF-8 can take 3 bytes per UTF-16 unit; only measure exactly when it could matter.
  const bytes = input.length * 3 > MAX_PAYLOAD_BYTES ? new TextEncoder().encode(input).length : input.length;
  if (bytes > MAX_PAYLOAD_BYTES) {
    throw badInput(`The execution input is ${bytes} bytes; at most ${MAX_PAYLOAD_BYTES} (256 KiB) are allowed.`);
  }
  let value: JSONValue;
  try {
    value = JSON.parse(input) as JSONValue;
  } catch (e) {
    throw badInput(`The execution input is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  const problem = inputProblem(value);
  if (problem) throw badInput(problem.cause);
  return { text: input, value };
}
