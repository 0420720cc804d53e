/**
 * `arn:aws:states:::states:startExecution[.sync|.sync:2|.waitForTaskToken]`: a child execution in its own
 * Durable Object, started as the routes start one. Request-response answers `{ExecutionArn, StartDate}`;
 * `.sync`/`.sync:2` hand over and the child tells the parent how it ended (execution/parent.ts);
 * `.waitForTaskToken` hands over and waits for SendTask* with the token the child was given.
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import type { JSONValue } from "../../shared/asl/types.ts";
import { getStateMachine, startArgsFor } from "../db/state-machines.ts";
import type { Env } from "../env.ts";
import type { ExecutionRpc, TaskCall, TaskResult } from "../execution/contract.ts";
import { checkInput } from "../routes/service/executions.ts";
import { checkName, parseStateMachineArn } from "../routes/service/names.ts";

const RESOURCE = /^arn:aws[\w-]*:states:::states:startExecution(\.sync|\.sync:2|\.waitForTaskToken)?$/;
const MACHINE_ARN = /^arn:aws[\w-]*:states:([a-z0-9-]+):(\d{12}):stateMachine:([A-Za-z0-9_-]{1,80})$/;

export const isStartExecution = (resource: string): boolean => RESOURCE.test(resource);

const fail = (name: string, cause: string): TaskResult => ({ error: `StepFunctions.${name}`, cause });
const field = (input: JSONValue, key: string): JSONValue | undefined =>
  input !== null && typeof input === "object" && !Array.isArray(input) ? input[key] : undefined;

/** A child's name when the task gives none: derived from the idempotency key, so a repeated dispatch starts the same child. */
function nameFor(input: JSONValue, key: string): string {
  const given = field(input, "Name");
  if (typeof given === "string") return given;
  const h = bytesToHex(sha256(new TextEncoder().encode(key)).subarray(0, 16));
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The child execution a waiting startExecution task (not request-response) will start, or null. */
export function childOf(resource: string, input: JSONValue, key: string): string | null {
  const m = RESOURCE.exec(resource);
  const arn = field(input, "StateMachineArn");
  const sm = typeof arn === "string" ? MACHINE_ARN.exec(arn) : null;
  if (!m || !m[1] || !sm) return null;
  return `${arn!.toString().replace(":stateMachine:", ":execution:")}:${nameFor(input, key)}`;
}

function inputText(v: JSONValue | undefined): string {
  if (v === undefined || v === null) return "{}";
  return typeof v === "string" ? v : JSON.stringify(v);
}

export async function startExecutionTask(env: Env, call: TaskCall): Promise<TaskResult> {
  const suffix = RESOURCE.exec(call.resource)?.[1] ?? "";
  const arn = field(call.input, "StateMachineArn");
  const name = nameFor(call.input, call.idempotencyKey);
  let machine: string | null;
  let input: string;
  try {
    if (typeof arn !== "string") return fail("InvalidArnException", "StateMachineArn (a string) is required");
    machine = parseStateMachineArn(env, arn);
    checkName("execution", name);
    input = checkInput(inputText(field(call.input, "Input")));
  } catch (e) {
    const err = e as { error?: string; message?: string };
    return fail(`${err.error ?? "ValidationException"}${err.error?.endsWith("Exception") ? "" : "Exception"}`, err.message ?? String(e));
  }
  const sm = machine ? await getStateMachine(env.DB, machine) : null;
  if (!sm) return fail("StateMachineDoesNotExistException", `State Machine Does Not Exist: '${arn}'`);
  const executionArn = `${arn.replace(":stateMachine:", ":execution:")}:${name}`;
  const waits = suffix === ".sync" || suffix === ".sync:2";
  const stub = env.EXECUTIONS.getByName(executionArn) as unknown as ExecutionRpc;
  const out = await stub.start({
    ...startArgsFor(sm, executionArn, name, input),
    ...(waits && call.token ? { parent: { token: call.token, sync2: suffix === ".sync:2" } } : {}),
  });
  if (!out.ok) return fail(`${out.error}Exception`, out.message);
  const started = { ExecutionArn: out.executionArn, StartDate: Date.parse(out.startDate) };
  return suffix === "" ? { output: started } : { submitted: started };
}
