/**
 * Core data types of the ASL engine. Everything here is plain data: it survives JSON, structured
 * clone and RPC, so a host can store an execution after any step and resume it later.
 */

export type JSONValue = null | boolean | number | string | JSONValue[] | JSONObject;
export interface JSONObject {
  [key: string]: JSONValue;
}

/** An AWS-style error as data: `{ error: "States.Timeout", cause: "..." }`. */
export interface ErrorData {
  error: string;
  cause: string;
}

/**
 * Thrown inside the engine only; caught at the state boundary and turned into ErrorData.
 * Never let it cross a host boundary: class identity does not survive RPC.
 */
export class StatesError extends Error {
  readonly error: string;
  readonly cause: string;
  /** Only its own name catches it; `States.ALL` does not (a state's own data over the limit). */
  terminal = false;
  constructor(error: string, cause: string) {
    super(`${error}: ${cause}`);
    this.error = error;
    this.cause = cause;
  }
}

/** What a compiled expression (path, template, intrinsic) reads when it is evaluated. */
export interface EvalEnv {
  /** The value `$` refers to. */
  input: JSONValue;
  /** The context object, `$$`. */
  context: JSONValue;
  /** Workflow variables in scope (`$name`), when the machine uses them. */
  vars?: Record<string, JSONValue>;
  /** Randomness given by the host: a number in [0, 1). */
  random(): number;
  /** A UUID v4 string given by the host. */
  uuid(): string;
  /** The host's time (ms since the epoch), for JSONata's $now and $millis. */
  readonly now?: number;
}

/** A problem found in a definition, in the shape of ValidateStateMachineDefinition's diagnostics. */
export interface Diagnostic {
  /** AWS's code: SCHEMA_VALIDATION_FAILED, INVALID_JSON_DESCRIPTION, ... */
  code: string;
  /** JSON pointer into the definition, e.g. `/States/Charge/Retry/0/BackoffRate`; `/` for the root. */
  location: string;
  message: string;
  severity: "ERROR" | "WARNING";
}

export type StateMachineType = "STANDARD" | "EXPRESS";
