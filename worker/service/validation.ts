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
