/** The Context object a TestState caller may supply: which fields it may hold, and their types. */
import type { JSONObject, JSONValue } from "../types.ts";
import { TestStateError } from "./types.ts";

type Kind = "string" | "number" | "any";

const FIELDS: Record<string, Record<string, Kind>> = {
  Execution: {
    Id: "string",
    Input: "any",
    Name: "string",
    RoleArn: "string",
    StartTime: "string",
    RedriveCount: "number",
    RedriveTime: "string",
  },
  State: { Name: "string", EnteredTime: "string", RetryCount: "number" },
  StateMachine: { Id: "string", Name: "string" },
  Task: { Token: "string" },
};

function refuse(message: string): never {
  throw new TestStateError("ValidationException", `Invalid Context object provided: ${message}`);
}

/**
 * Checks a supplied Context object. `tokenTask` says whether the state under test is a Task with
 * a `.sync` or `.waitForTaskToken` integration, the only kind that has a `Task` field.
 */
export function checkContext(ctx: JSONValue, tokenTask: boolean): JSONObject {
  if (ctx === null || typeof ctx !== "object" || Array.isArray(ctx)) refuse("it must be a JSON object");
  for (const top in ctx) {
    if (top === "Map") refuse("'Map' field is not supported when mocking a Context object");
    const fields = FIELDS[top];
    if (!fields) refuse(`Field '${top}' is not allowed`);
    if (top === "Task" && !tokenTask) {
      refuse(
        "Context object contains 'Task' when state is not a Task state with a '.sync' or '.waitForTaskToken' service integration pattern",
      );
    }
    const section = ctx[top];
    if (section === null || typeof section !== "object" || Array.isArray(section)) refuse(`${top} must be an object`);
    for (const k in section) {
      const kind = fields[k];
      if (!kind) refuse(`Field '${k}' is not allowed`);
      const v = section[k];
      if (kind === "string" && typeof v !== "string") refuse(`${top}.${k} must be a string`);
      if (kind === "number" && typeof v !== "number") refuse(`${top}.${k} must be a number`);
    }
  }
  return ctx;
}
