/**
 * ValidateStateMachineDefinition: the checks CreateStateMachine makes (the engine's validator, then
 * what this runtime can run), answered as diagnostics instead of an error.
 */
import { validate, type Diagnostic, type StateMachineType } from "../../shared/asl/index.ts";
import type { Env } from "../env.ts";
import { ApiError } from "../errors.ts";
import { checkDefinition } from "./definition.ts";

const NOT_AN_OBJECT = "Definition must be a valid JSON object";

export interface ValidationRequest {
  definition: unknown;
  type: StateMachineType;
  /** ERROR: errors only; WARNING: warnings too. */
  severity: "ERROR" | "WARNING";
  /** 1..100 */
  maxResults: number;
}

export interface ValidationResult {
  result: "OK" | "FAIL";
  diagnostics: (Omit<Diagnostic, "location"> & { location?: string })[];
  truncated: boolean;
}

/** ValidateStateMachineDefinition's request members, checked as AWS checks them (REST and the AWS protocol). */
export function validationRequest(b: Record<string, unknown>): ValidationRequest {
  const definition = b.definition;
  if (definition === undefined || definition === null)
    throw new ApiError(400, "ValidationException", "definition is required: the state machine's Amazon States Language definition.");
  const type = b.type ?? "STANDARD";
  if (type !== "STANDARD" && type !== "EXPRESS")
    throw new ApiError(400, "ValidationException", `type must be STANDARD or EXPRESS, not ${JSON.stringify(type)}.`);
  const severity = b.severity ?? "ERROR";
  if (severity !== "ERROR" && severity !== "WARNING")
    throw new ApiError(400, "ValidationException", `severity must be ERROR or WARNING, not ${JSON.stringify(severity)}.`);
  const max = b.maxResults === undefined || b.maxResults === null || b.maxResults === 0 ? 100 : b.maxResults;
  if (typeof max !== "number" || !Number.isInteger(max) || max < 1 || max > 100)
    throw new ApiError(400, "ValidationException", `maxResults must be an integer from 0 to 100, not ${JSON.stringify(b.maxResults)}.`);
  return { definition, type, severity, maxResults: max };
}

export function validateStateMachineDefinition(env: Env, req: ValidationRequest): ValidationResult {
  let diagnostics: Diagnostic[];
  try {
    checkDefinition(env, req.definition, req.type);
    // Valid: only warnings remain to tell.
    diagnostics = validate(req.definition, { type: req.type }).diagnostics;
  } catch (e) {
    if (!(e instanceof ApiError) || e.error !== "InvalidDefinition") throw e;
    diagnostics = (e.details?.diagnostics as Diagnostic[] | undefined) ?? [];
  }
  const shown = diagnostics
    .filter((d) => req.severity === "WARNING" || d.severity === "ERROR")
    // AWS gives no location when the text is not a JSON object at all.
    .map(({ location, ...d }) => (d.message === NOT_AN_OBJECT ? d : { ...d, location }));
  return {
    result: diagnostics.some((d) => d.severity === "ERROR") ? "FAIL" : "OK",
    diagnostics: shown.slice(0, req.maxResults),
    truncated: shown.length > req.maxResults,
  };
}
