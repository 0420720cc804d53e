/**
 * `arn:aws:states:::states:startExecution[.sync|.sync:2|.waitForTaskToken]`: a child execution, started
 * as every front end starts one (the application layer's startExecution, given to the dispatcher).
 * Request-response answers `{ExecutionArn, StartDate}`; `.sync`/`.sync:2` hand over and the child tells
 * the parent how it ended (worker/execution/parent-link.ts); `.waitForTaskToken` hands over and waits
 * for SendTask* with the token the child was given. A refusal fails the task with AWS's
 * `StepFunctions.<Name>Exception`, which a Catch can match. With AWS credentials, a state machine in
 * another account or region than this runtime's ARNs, or one this runtime does not have, is started on
 * AWS Step Functions itself (aws-remote/states.ts); a machine of this runtime always runs here.
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { executionArnOf, parseArn } from "../../../shared/api/arns.ts";
import type { JSONValue } from "../../../shared/asl/types.ts";
import type { TaskResult } from "../../execution/contract.ts";
import { awsConfigured } from "../aws-remote/config.ts";
import { inAnotherPlace, startOnAws } from "../aws-remote/states.ts";
import type { Integration } from "../types.ts";

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

const KEY = "aws:states:startExecution";

/**
 * The child execution a waiting startExecution task (not request-response) will start, or null: the
 * parent records it before the dispatch, to stop it should the parent stop waiting.
 */
export function childOf(resource: { key: string; pattern: string }, input: JSONValue, key: string): string | null {
  const machineArn = field(input, "StateMachineArn");
  if (resource.key !== KEY || resource.pattern === "request-response" || typeof machineArn !== "string") return null;
  if (parseArn(machineArn)?.kind !== "stateMachine") return null;
  return executionArnOf(machineArn, nameFor(input, key));
}

function inputText(v: JSONValue | undefined): string {
  if (v === undefined || v === null) return "{}";
  return typeof v === "string" ? v : JSON.stringify(v);
}

export const startExecution: Integration = {
  keys: [KEY],
  patterns: ["request-response", "sync", "sync2", "waitForTaskToken"],
  problem: () => null,
  async run({ deps, env }, call, resource, signal) {
    const machineArn = field(call.input, "StateMachineArn");
    if (typeof machineArn !== "string") return fail("InvalidArnException", "StateMachineArn (a string) is required");
    const waits = resource.pattern === "sync" || resource.pattern === "sync2";
    const start = {
      stateMachineArn: machineArn,
      name: nameFor(call.input, call.idempotencyKey),
      input: inputText(field(call.input, "Input")),
    };
    const aws = awsConfigured(env);
    if (aws && inAnotherPlace(env, machineArn)) return startOnAws(env, start, resource.pattern, signal);
    let started: { executionArn: string; startDate: string };
    try {
      started = await deps.startExecution({
        ...start,
        ...(waits && call.token ? { parent: { token: call.token, sync2: resource.pattern === "sync2" } } : {}),
        ...(call.publicUrl ? { publicUrl: call.publicUrl } : {}),
      });
    } catch (e) {
      const refused = e as { error?: unknown; message?: unknown };
      if (typeof refused.error !== "string") throw e;
      // Not here: in AWS, perhaps.
      if (aws && refused.error === "StateMachineDoesNotExist") return startOnAws(env, start, resource.pattern, signal);
      return fail(`${refused.error}${refused.error.endsWith("Exception") ? "" : "Exception"}`, String(refused.message));
    }
    const answer = { ExecutionArn: started.executionArn, StartDate: Date.parse(started.startDate) };
    return resource.pattern === "request-response" ? { output: answer } : { submitted: answer };
  },
};
