/** A definition is checked once, when it is created or updated: every problem, with its path. */
import { validate, type Diagnostic, type StateMachineType } from "../../shared/asl/index.ts";
import type { JSONValue } from "../../shared/asl/types.ts";
import type { Env } from "../env.ts";
import { ApiError } from "../errors.ts";
import { activityMissing } from "./activities.ts";
import { unmappedTarget } from "../dispatch/targets.ts";
import { unmappedBucketProblem } from "../dispatch/aws-remote/route.ts";
import { dispatcherFor } from "./dispatcher.ts";

export const MAX_DEFINITION_BYTES = 1024 * 1024;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

// JSON pointer step (RFC 6901), as the engine's validator writes them.
const at = (p: string, key: string | number) => `${p}/${String(key).replace(/~/g, "~0").replace(/\//g, "~1")}`;

/** Every state with its pointer, through Parallel branches and Map processors. */
function* statesOf(machine: unknown, path: string): Generator<[Obj, string, string]> {
  if (!isObj(machine) || !isObj(machine.States)) return;
  for (const [name, state] of Object.entries(machine.States)) {
    if (!isObj(state)) continue;
    const here = at(at(path, "States"), name);
    yield [state, here, name];
    if (state.Type === "Parallel" && Array.isArray(state.Branches)) {
      for (let i = 0; i < state.Branches.length; i++) yield* statesOf(state.Branches[i], at(at(here, "Branches"), i));
    }
    if (state.Type === "Map") {
      if (isObj(state.ItemProcessor)) yield* statesOf(state.ItemProcessor, at(here, "ItemProcessor"));
      if (isObj(state.Iterator)) yield* statesOf(state.Iterator, at(here, "Iterator"));
    }
  }
}

/** A Task's Resource with its pointer, its state's name and its Parameters (JSONPath) or Arguments (JSONata). */
interface TaskResource {
  resource: string;
  location: string;
  state: string;
  params: JSONValue | undefined;
}

function* taskResources(machine: unknown): Generator<TaskResource> {
  for (const [state, here, name] of statesOf(machine, "")) {
    if (state.Type !== "Task" || typeof state.Resource !== "string") continue;
    const params = (state.Arguments ?? state.Parameters) as JSONValue | undefined;
    yield { resource: state.Resource, location: at(here, "Resource"), state: name, params };
  }
}

function utf8Bytes(s: string): number {
  return s.length * 3 <= MAX_DEFINITION_BYTES ? s.length : new TextEncoder().encode(s).length;
}

/**
 * The definition as the JSON text to store (text kept as sent, an object serialized), after the
 * engine's validator and the dispatcher agree. Throws InvalidDefinition with every diagnostic.
 */
export function checkDefinition(env: Env, definition: unknown, type: StateMachineType): string {
  if (definition === undefined || definition === null) {
    throw new ApiError(400, "ValidationException", "definition is required: the state machine's ASL, as an object or JSON text.");
  }
  const text = typeof definition === "string" ? definition : JSON.stringify(definition);
  const bytes = utf8Bytes(text);
  if (bytes > MAX_DEFINITION_BYTES) {
    throw new ApiError(413, "PayloadTooLarge", `The definition is ${bytes} bytes; at most ${MAX_DEFINITION_BYTES} (1 MiB) are allowed.`);
  }
  const diagnostics: Diagnostic[] = [...validate(text, { type }).diagnostics];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // The validator has said why already.
  }
  const reported = new Set(diagnostics.map((d) => d.location));
  const dispatcher = dispatcherFor(env);
  for (const { resource, location, state, params } of taskResources(parsed)) {
    if (reported.has(location)) continue; // the engine already found this Resource malformed
    const problem = dispatcher.problem(resource, params);
    if (problem !== null) {
      diagnostics.push({ code: "SCHEMA_VALIDATION_FAILED", location, message: `State '${state}': ${problem}`, severity: "ERROR" });
    }
  }
  for (const { location, state, params } of mapStores(parsed)) {
    if (reported.has(location)) continue;
    const unmapped = unmappedTarget(env, "s3", params);
    const problem = unmapped === null ? null : unmappedBucketProblem(env, unmapped);
    if (problem !== null)
      diagnostics.push({ code: "SCHEMA_VALIDATION_FAILED", location, message: `State '${state}': ${problem}`, severity: "ERROR" });
  }
  invalidIf(diagnostics);
  return text;
}

/** A Distributed Map's ItemReader and ResultWriter: R2's buckets through S3_BUCKETS, else (credentials) S3's on AWS. */
function* mapStores(machine: unknown): Generator<Omit<TaskResource, "resource">> {
  for (const [state, here, name] of statesOf(machine, "")) {
    if (state.Type !== "Map") continue;
    for (const field of ["ItemReader", "ResultWriter"]) {
      const store = state[field];
      if (isObj(store)) yield { location: at(here, field), state: name, params: (store.Arguments ?? store.Parameters) as JSONValue };
    }
  }
}

/**
 * What only storage can tell, after checkDefinition: every activity a Task names exists (D1), as
 * AWS refuses a definition naming an activity that does not.
 */
export async function checkActivities(env: Env, text: string): Promise<string> {
  const diagnostics: Diagnostic[] = [];
  for (const { resource, location } of taskResources(JSON.parse(text))) {
    const problem = await activityMissing(env, resource);
    if (problem !== null) diagnostics.push({ code: "SCHEMA_VALIDATION_FAILED", location, message: problem, severity: "ERROR" });
  }
  invalidIf(diagnostics);
  return text;
}

function invalidIf(diagnostics: Diagnostic[]): void {
  const errors = diagnostics.filter((d) => d.severity === "ERROR");
  if (errors.length) {
    const first = `${errors[0].location}: ${errors[0].message}`;
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more problem${errors.length > 2 ? "s" : ""}: see diagnostics)` : "";
    throw new ApiError(400, "InvalidDefinition", `Invalid state machine definition at ${first}${more}`, { diagnostics });
  }
}
