/** The TestState API's request and response, as AWS Step Functions shapes them (JSON texts inside). */
import type { JSONObject, JSONValue } from "../types.ts";

export type InspectionLevel = "INFO" | "DEBUG" | "TRACE";
export type FieldValidationMode = "STRICT" | "PRESENT" | "NONE";

export interface TestStateMock {
  /** The task's (or Map's / Parallel's) result, as JSON text. */
  result?: string;
  errorOutput?: { error?: string; cause?: string };
  fieldValidationMode?: FieldValidationMode;
}

export interface TestStateConfiguration {
  /** How many times the matching retrier has already retried (default 0). */
  retrierRetryCount?: number;
  /** The state inside a Map or Parallel that the mocked error comes from. */
  errorCausedByState?: string;
  /** How many Map iterations failed (needs a mock). */
  mapIterationFailureCount?: number;
  /** The items an ItemReader would read, as JSON text. */
  mapItemReaderData?: string;
}

export interface TestStateRequest {
  /** One state's definition, or a whole state machine with `stateName`: JSON text (or parsed). */
  definition: string | JSONObject;
  roleArn?: string;
  /** JSON text; default "{}". */
  input?: string;
  inspectionLevel?: InspectionLevel;
  revealSecrets?: boolean;
  /** JSON text: an object of variable values visible to the state. */
  variables?: string;
  stateName?: string;
  mock?: TestStateMock;
  /** JSON text: the Context object the state sees. */
  context?: string;
  stateConfiguration?: TestStateConfiguration;
}

export type TestStateStatus = "SUCCEEDED" | "FAILED" | "RETRIABLE" | "CAUGHT_ERROR";

export interface InspectionErrorDetails {
  catchIndex?: number;
  retryIndex?: number;
  retryBackoffIntervalSeconds?: number;
}

/** What the state did, step by step; values are JSON texts as AWS sends them. */
export interface InspectionData {
  input?: string;
  afterInputPath?: string;
  afterParameters?: string;
  afterArguments?: string;
  afterItemsPath?: string;
  result?: string;
  afterResultSelector?: string;
  afterResultPath?: string;
  variables?: string;
  errorDetails?: InspectionErrorDetails;
  maxConcurrency?: number;
  toleratedFailureCount?: number;
  toleratedFailurePercentage?: number;
}

export interface TestStateResponse {
  status: TestStateStatus;
  output?: string;
  error?: string;
  cause?: string;
  nextState?: string;
  inspectionData?: InspectionData;
}

/** AWS's TestState refusal codes. */
export type TestStateErrorCode = "InvalidDefinition" | "InvalidExecutionInput" | "ValidationException" | "InvalidArn";

/** A refused TestState call. The code travels as data (`code`), so it survives an RPC boundary. */
export class TestStateError extends Error {
  readonly code: TestStateErrorCode;
  constructor(code: TestStateErrorCode, message: string) {
    super(message);
    this.name = "TestStateError";
    this.code = code;
  }
}

/** True for a TestStateError, also one from another realm (checked by shape, not class). */
export function isTestStateError(e: unknown): e is TestStateError {
  if (!e || typeof e !== "object") return false;
  const { name, code } = e as { name?: unknown; code?: unknown };
  return name === "TestStateError" && typeof code === "string";
}

export type { JSONObject, JSONValue };
