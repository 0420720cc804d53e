/**
 * `states:startExecution[.sync|.sync:2|.waitForTaskToken]` of a state machine in AWS (start-execution.ts
 * decides which: one in another account or region than this runtime's ARNs, or one unknown here): Step
 * Functions' StartExecution (AWS JSON 1.0, signed `states`, in the ARN's region); `.sync`/`.sync:2` then poll
 * DescribeExecution (after 1, 2, 4, 8, then every 10 s) until it ends and answer as a child of this runtime
 * does (worker/execution/parent-link.ts): DescribeExecution's shape, Input and Output as JSON text for
 * `.sync`, as JSON for `.sync:2`; an execution that did not succeed is States.TaskFailed with that shape
 * (Error and Cause included) as the cause.
 */
import { parseArn } from "../../../shared/api/arns.ts";
import type { Pattern } from "../../../shared/asl/index.ts";
import type { JSONObject, JSONValue } from "../../../shared/asl/types.ts";
import type { TaskResult } from "../../execution/contract.ts";
import { recase, SERVICES } from "./catalog.ts";
import { causeV1, errorName, isFault, jsonCall, type AwsFault } from "./call.ts";
import { awsRegion, awsTarget, redact } from "./config.ts";
import { sleep } from "./sync-pollers.ts";

/** A state machine ARN whose account or region is not this runtime's (vars AWS_ACCOUNT_ID, AWS_REGION). */
export function inAnotherPlace(env: object, machineArn: string): boolean {
  const arn = parseArn(machineArn);
  if (!arn || arn.kind !== "stateMachine") return false;
  const account = (env as { AWS_ACCOUNT_ID?: string }).AWS_ACCOUNT_ID || "123456789012";
  return arn.account !== account || arn.region !== awsRegion(env);
}

export interface RemoteStart {
  stateMachineArn: string;
  name: string;
  /** JSON text */
  input: string;
}

// DescribeExecution's dates are epoch seconds; Step Functions' results give epoch milliseconds.
const millis = (v: JSONValue | undefined): JSONValue => (typeof v === "number" ? Math.round(v * 1000) : (v ?? null));

/** DescribeExecution's answer as the .sync integrations give it (the keys and order of parent-link.ts). */
export function syncShape(d: JSONObject, sync2: boolean): JSONObject {
  const data = (v: JSONValue | undefined): JSONValue => {
    if (!sync2 || typeof v !== "string") return v ?? null;
    try {
      return JSON.parse(v) as JSONValue;
    } catch {
      return v;
    }
  };
  const out: JSONObject = {};
  if (d.Status !== "SUCCEEDED" && d.Cause != null) out.Cause = d.Cause;
  if (d.Status !== "SUCCEEDED" && d.Error != null) out.Error = d.Error;
  out.ExecutionArn = d.ExecutionArn ?? null;
  out.Input = data(d.Input);
  out.InputDetails = d.InputDetails ?? { Included: true };
  out.Name = d.Name ?? null;
  if (d.Status === "SUCCEEDED") {
    out.Output = data(d.Output);
    out.OutputDetails = d.OutputDetails ?? { Included: true };
  }
  out.StartDate = millis(d.StartDate);
  out.StateMachineArn = d.StateMachineArn ?? null;
  out.Status = d.Status ?? null;
  out.StopDate = millis(d.StopDate ?? d.StartDate);
  return out;
}

export async function startOnAws(env: object, start: RemoteStart, pattern: Pattern, signal?: AbortSignal): Promise<TaskResult> {
  const fail = (f: AwsFault): TaskResult => ({
    error: errorName("StepFunctions", f.code),
    cause: redact(env, causeV1(f, "AWSStepFunctions")),
  });
  const region = parseArn(start.stateMachineArn)?.region || awsRegion(env);
  const target = awsTarget(env, SERVICES.sfn, region);
  if ("problem" in target) return { error: "StepFunctions.SdkClientException", cause: target.problem };
  const protocol = SERVICES.sfn.protocol as { json: string; target: string };
  const call = async (action: string, params: JSONObject) => {
    const r = await jsonCall(target, protocol, action, recase(params, false) as JSONObject, "SfnException", signal);
    return isFault(r) ? r : (recase(r.body, true) as JSONObject);
  };
  const started = await call("StartExecution", { StateMachineArn: start.stateMachineArn, Name: start.name, Input: start.input });
  if (isFault(started)) return fail(started);
  if (typeof started.ExecutionArn !== "string") {
    return { error: "StepFunctions.SdkClientException", cause: "Unable to unmarshall response: StartExecution gave no executionArn" };
  }
  const answer: JSONObject = { ExecutionArn: started.ExecutionArn, StartDate: millis(started.StartDate) };
  if (pattern === "request-response") return { output: answer };
  if (pattern === "waitForTaskToken") return { submitted: answer };
  for (let attempt = 0; ; attempt++) {
    await sleep(Math.min(1000 * 2 ** attempt, 10_000), signal);
    if (signal?.aborted)
      return { error: "States.Timeout", cause: `states:startExecution.sync stopped waiting for ${started.ExecutionArn}` };
    const now = await call("DescribeExecution", { ExecutionArn: started.ExecutionArn });
    if (isFault(now)) return fail(now);
    if (now.Status === "RUNNING" || now.Status === "PENDING_REDRIVE") continue;
    const shape = syncShape(now, pattern === "sync2");
    return now.Status === "SUCCEEDED" ? { output: shape } : { error: "States.TaskFailed", cause: JSON.stringify(shape) };
  }
}
