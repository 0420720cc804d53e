/**
 * Checks a TestState request the way AWS does, before anything runs, and picks out the state to
 * test: either the definition itself, or the state `stateName` names inside a whole machine
 * (at any depth: Parallel branches and Map item processors included).
 */
import { compile, DefinitionError, type JSONObject, type JSONValue } from "../index.ts";
import { checkContext } from "./context.ts";
import { validateMockResult } from "./mock-schemas.ts";
import { TestStateError, type InspectionLevel, type TestStateConfiguration, type TestStateRequest } from "./types.ts";

export interface Prepared {
  /** The state's definition, with the query language it inherits written in. */
  state: JSONObject;
  /** The state's name in the machine, when the request named one. */
  name?: string;
  input: JSONValue;
  variables?: Record<string, JSONValue>;
  context?: JSONObject;
  mock?: { result: JSONValue } | { error: string | null; cause: string | null };
  level: InspectionLevel;
  config: TestStateConfiguration;
  roleArn?: string;
}

const NO_MOCK_TYPES = new Set(["Pass", "Succeed", "Fail", "Choice", "Wait"]);
const TOKEN_PATTERN = /\.(sync(:2)?|waitForTaskToken)$/;

function isObject(v: unknown): v is JSONObject {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function parseJson(text: string | undefined, fallback: JSONValue, fail: () => never): JSONValue {
  if (text === undefined || text === null) return fallback;
  if (typeof text !== "string") return text as JSONValue;
  try {
    return JSON.parse(text) as JSONValue;
  } catch {
    return fail();
  }
}

function invalidDefinition(message: string): never {
  throw new TestStateError("InvalidDefinition", message);
}

function validation(message: string): never {
  throw new TestStateError("ValidationException", message);
}

/** A state named `name` anywhere in `states`, with the query language in force around it. */
function findState(states: JSONValue, name: string, ql: JSONValue | undefined): JSONObject | undefined {
  if (!isObject(states)) return undefined;
  const own = states[name];
  if (isObject(own)) return own.QueryLanguage === undefined && ql !== undefined ? { ...own, QueryLanguage: ql } : own;
  for (const key in states) {
    const state = states[key];
    if (!isObject(state)) continue;
    const inner = state.QueryLanguage ?? ql;
    const subs: JSONValue[] = [];
    if (Array.isArray(state.Branches)) subs.push(...state.Branches);
    if (isObject(state.ItemProcessor)) subs.push(state.ItemProcessor);
    if (isObject(state.Iterator)) subs.push(state.Iterator);
    for (const sub of subs) {
      if (!isObject(sub)) continue;
      const found = findState(sub.States, name, sub.QueryLanguage ?? inner);
      if (found) return found;
    }
  }
  return undefined;
}

function pickState(req: TestStateRequest): { state: JSONObject; name?: string } {
  const def = parseJson(req.definition as string, null, () =>
    invalidDefinition("Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: The definition is not valid JSON at /'"),
  );
  if (!isObject(def))
    invalidDefinition("Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: The definition must be a JSON object at /'");
  if (!("States" in def) && !("StartAt" in def)) return { state: def };
  if (req.stateName === undefined || req.stateName === "") validation("A stateName is required when the definition is a state machine");
  try {
    compile(def, { type: "STANDARD" });
  } catch (e) {
    if (e instanceof DefinitionError) invalidDefinition(e.message);
    throw e;
  }
  const state = findState(def.States, req.stateName, def.QueryLanguage);
  if (!state) validation("State not found in definition");
  return { state, name: req.stateName };
}

/** Validates the request; throws TestStateError with AWS's code and message on a refusal. */
export function prepare(req: TestStateRequest): Prepared {
  const { state, name } = pickState(req);
  const type = state.Type;
  if (typeof type !== "string")
    invalidDefinition("Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: The field 'Type' is required at /'");
  const input = parseJson(req.input, {}, () => {
    throw new TestStateError("InvalidExecutionInput", "Invalid State Machine Execution Input: the input is not valid JSON");
  });
  let variables: Record<string, JSONValue> | undefined;
  if (req.variables !== undefined) {
    const v = parseJson(req.variables, {}, () => validation("Invalid variables: the value is not valid JSON"));
    if (!isObject(v)) validation("Invalid variables: the value must be a JSON object");
    variables = v;
  }
  const config = req.stateConfiguration ?? {};
  const requested = req.mock;
  let mock: Prepared["mock"];
  if (requested) {
    if (requested.result !== undefined && requested.errorOutput !== undefined) {
      validation("A test mock should have only one of the following fields: [result, errorOutput].");
    }
    if (req.revealSecrets) validation("TestState does not support RevealSecrets when a mock is specified.");
    if (NO_MOCK_TYPES.has(type)) validation(`State type '${type}' is not supported when a mock is specified`);
    const { result, errorOutput } = requested;
    if (result !== undefined) mock = { result: parseJson(result, null, () => validation("Mocked result must be valid JSON")) };
    else if (errorOutput !== undefined) mock = { error: errorOutput.error ?? null, cause: errorOutput.cause ?? null };
  }
  if (!mock && config.mapIterationFailureCount !== undefined) {
    validation("TestState does not support MapIterationFailureCount when a mock is not specified.");
  }
  if ((type === "Map" || type === "Parallel") && !mock) {
    invalidDefinition(
      "TestState API does not support Map or Parallel states. Supported state types include: [Task, Wait, Pass, Succeed, Fail, Choice]",
    );
  }
  if (type === "Parallel" && mock && "result" in mock) {
    if (!Array.isArray(mock.result)) validation("Mocked result must be an array.");
    const branches = Array.isArray(state.Branches) ? state.Branches.length : 0;
    if (mock.result.length !== branches) validation("Mocked result must contain the same number of items as number of Parallel branches.");
  }
  const causedBy = config.errorCausedByState;
  if (causedBy !== undefined) {
    const branches = Array.isArray(state.Branches) ? state.Branches : [];
    const inner = type === "Map" ? [state.ItemProcessor ?? state.Iterator] : type === "Parallel" ? branches : [];
    if (!inner.some((sub) => isObject(sub) && findState(sub.States, causedBy, undefined))) {
      validation(`stateConfiguration.errorCausedByState names no state inside this ${type} state: ${causedBy}`);
    }
  }
  let context: JSONObject | undefined;
  if (req.context !== undefined) {
    const parsed = parseJson(req.context, {}, () => validation("Invalid Context object provided: the value is not valid JSON"));
    const tokenTask = type === "Task" && typeof state.Resource === "string" && TOKEN_PATTERN.test(state.Resource);
    context = checkContext(parsed, tokenTask);
  }
  if (type === "Task" && mock && "result" in mock && typeof state.Resource === "string") {
    validateMockResult(state.Resource, mock.result, requested?.fieldValidationMode);
  }
  return { state, name, input, variables, context, mock, level: req.inspectionLevel ?? "INFO", config, roleArn: req.roleArn };
}
