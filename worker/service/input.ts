/** An execution's input as a client sends it: JSON text, at most 256 KiB, nested no deeper than the engine allows. */
import { inputProblem, MAX_PAYLOAD_BYTES, type JSONValue } from "../../shared/asl/index.ts";
import { ApiError } from "../errors.ts";

function badInput(message: string): ApiError {
  return new ApiError(400, "InvalidExecutionInput", message);
}

/** The input as JSON text, refused when it is not JSON, over 256 KiB or nested too deeply. */
export function checkInput(input: string): string {
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
  return input;
}
