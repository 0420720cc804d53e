/**
 * The optimized Amazon EMR integrations (`elasticmapreduce:`) on AWS, as Step Functions wraps EMR's API
 * (AWS JSON 1.1, ElasticMapReduce): `createCluster` is RunJobFlow (its request as RunJobFlow's, with
 * `Instances.KeepJobFlowAliveWhenNoSteps: true` and no `Steps`; the answer `{ClusterId, ClusterArn}`),
 * `addStep` is AddJobFlowSteps with one `Step` on `ClusterId` (the answer `{StepId}`), `terminateCluster` is
 * TerminateJobFlows on `ClusterId` (the answer `{}`). Their `.sync` polls (sync-pollers.ts) DescribeCluster
 * until the cluster is WAITING, DescribeStep until the step is COMPLETED, DescribeCluster until the
 * cluster is terminated; the result is the start call's answer.
 */
import type { JSONObject } from "../../../shared/asl/types.ts";
import type { TaskResult } from "../../execution/contract.ts";
import { SERVICES } from "./catalog.ts";
import { isFault, isObject, jsonCall, type AwsFault } from "./call.ts";
import { awsTarget } from "./config.ts";
import { pollJob } from "./sync-pollers.ts";

/** EMR's API action behind each integration's action. */
const ACTIONS: Readonly<Record<string, string>> = {
  createCluster: "RunJobFlow",
  addStep: "AddJobFlowSteps",
  terminateCluster: "TerminateJobFlows",
};

const clusterId = (p: JSONObject): string | null => (typeof p.ClusterId === "string" && p.ClusterId !== "" ? p.ClusterId : null);

/** The EMR request of an integration's parameters, or why Step Functions would not send it. */
export function emrRequest(action: string, p: JSONObject): { action: string; params: JSONObject } | { invalid: string } {
  const what = `elasticmapreduce:${action}`;
  if (action === "createCluster") {
    if (!isObject(p.Instances) || p.Instances.KeepJobFlowAliveWhenNoSteps !== true) {
      return { invalid: `${what}: Instances.KeepJobFlowAliveWhenNoSteps is mandatory and must be true` };
    }
    if (p.Steps !== undefined) return { invalid: `${what}: the field Steps is not allowed (add steps with elasticmapreduce:addStep)` };
    return { action: ACTIONS[action], params: p };
  }
  const id = clusterId(p);
  if (id === null) return { invalid: `${what} needs a ClusterId` };
  if (action === "terminateCluster") return { action: ACTIONS[action], params: { JobFlowIds: [id] } };
  if (!isObject(p.Step)) return { invalid: `${what} needs a Step (one StepConfig object)` };
  const { ClusterId: _id, Step, ...rest } = p;
  return { action: ACTIONS[action], params: { ...rest, JobFlowId: id, Steps: [Step] } };
}

/** The integration's answer from EMR's. */
export function emrAnswer(action: string, body: JSONObject): JSONObject {
  if (action === "createCluster") {
    return body.ClusterArn === undefined
      ? { ClusterId: body.JobFlowId ?? null }
      : { ClusterId: body.JobFlowId ?? null, ClusterArn: body.ClusterArn };
  }
  if (action === "addStep") return { StepId: Array.isArray(body.StepIds) ? (body.StepIds[0] ?? null) : null };
  return {};
}

async function emrCall(env: object, action: string, params: JSONObject, signal?: AbortSignal) {
  const s = SERVICES.emr;
  const target = awsTarget(env, s);
  if ("problem" in target) return { fault: true as const, code: "SdkClientException", message: target.problem, status: 0, requestId: "" };
  return jsonCall(target, s.protocol as { json: string; target: string }, action, params, `${s.sdkErrors}Exception`, signal);
}

/** `arn:aws:states:::elasticmapreduce:<action>[.sync]` on AWS. */
export async function runEmr(
  env: object,
  key: string,
  params: JSONObject,
  pattern: string,
  fail: (f: AwsFault) => TaskResult,
  signal?: AbortSignal,
): Promise<TaskResult> {
  const action = key.split(":")[2];
  const req = emrRequest(action, params);
  if ("invalid" in req) return { runtime: req.invalid };
  const r = await emrCall(env, req.action, req.params, signal);
  if (isFault(r)) return fail(r);
  const answer = emrAnswer(action, r.body);
  if (pattern !== "sync") return { output: answer };
  const describe = async (a: string, p: JSONObject) => {
    const d = await emrCall(env, a, p, signal);
    return isFault(d) ? d : d.body;
  };
  return pollJob(key, params, answer, describe, fail, signal);
}
