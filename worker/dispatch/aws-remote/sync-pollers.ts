/**
 * `.sync` of the job-starting optimized integrations on AWS: after the start call, the service's describe
 * call is polled (after 1, 2, 4, 8, then every 10 s; the task's TimeoutSeconds aborts the wait) until the
 * job's status is final. A job that succeeded gives its description as Step Functions gives it; one that
 * ended otherwise fails the task with States.TaskFailed and that description (JSON) as the cause.
 *
 * - athena:startQueryExecution: GetQueryExecution until SUCCEEDED, FAILED or CANCELLED; GetQueryExecution's answer.
 * - glue:startJobRun: GetJobRun until SUCCEEDED, FAILED, STOPPED, TIMEOUT, ERROR or EXPIRED; the JobRun.
 * - codebuild:startBuild: BatchGetBuilds until the build is not IN_PROGRESS; `{Build}`.
 * - batch:submitJob: DescribeJobs until SUCCEEDED or FAILED; the job.
 * - sagemaker:create{Training,Transform,Processing,HyperParameterTuning,Labeling}Job: Describe<Kind> until
 *   `<Kind>Status` is Completed, Failed or Stopped; the description.
 * - elasticmapreduce:createCluster: DescribeCluster until WAITING (TERMINATED[_WITH_ERRORS] fails), addStep:
 *   DescribeStep until COMPLETED (CANCELLED, FAILED, INTERRUPTED fail), terminateCluster: DescribeCluster until
 *   TERMINATED[_WITH_ERRORS]; the start call's answer (emr.ts), a failure's cause the describe answer.
 */
import type { JSONObject, JSONValue } from "../../../shared/asl/types.ts";
import type { TaskResult } from "../../execution/contract.ts";
import { isFault, isObject, type AwsFault } from "./call.ts";

/** One describe call (the poller's action) with its parameters: the answer, PascalCase. */
export type Describe = (action: string, params: JSONObject) => Promise<JSONObject | AwsFault>;

interface Poller {
  action: string;
  /** The describe call's parameters, from the start call's parameters and answer; null when no job was started. */
  request(params: JSONObject, started: JSONObject): JSONObject | null;
  /** The job in a describe answer; null when the answer has none. */
  job(described: JSONObject): JSONObject | null;
  /** The job's status. */
  status(job: JSONObject): JSONValue | undefined;
  succeeded: string;
  failed: readonly string[];
  /** The task's result (and failure cause) from a describe answer and its job (and the start call's answer). */
  result(described: JSONObject, job: JSONObject, started: JSONObject): JSONObject;
  /** A failure's cause, when it is not the result: the describe answer. */
  cause?(described: JSONObject): JSONObject;
}

const first = (v: JSONValue | undefined): JSONObject | null => (Array.isArray(v) && isObject(v[0]) ? v[0] : null);
const text = (v: JSONValue | undefined): string | null => (typeof v === "string" && v !== "" ? v : null);

/** SageMaker's jobs: Describe<Kind> by the job's name until `<Kind>Status` is Completed, Failed or Stopped. */
const sagemaker = (kind: string): Poller => ({
  action: `Describe${kind}`,
  request: (p) => (text(p[`${kind}Name`]) ? { [`${kind}Name`]: p[`${kind}Name`] } : null),
  job: (d) => d,
  status: (d) => d[`${kind}Status`],
  succeeded: "Completed",
  failed: ["Failed", "Stopped"],
  result: (d) => d,
});

const SAGEMAKER_JOBS = ["TrainingJob", "TransformJob", "ProcessingJob", "HyperParameterTuningJob", "LabelingJob"];

/** EMR's cluster state (DescribeCluster's `Cluster.Status.State`). */
const clusterState = (c: JSONObject): JSONValue | undefined => (isObject(c.Status) ? c.Status.State : undefined);
const emrCluster = (d: JSONObject): JSONObject | null => (isObject(d.Cluster) ? d.Cluster : null);

export const POLLERS: Readonly<Record<string, Poller>> = {
  "aws:elasticmapreduce:createCluster": {
    action: "DescribeCluster",
    request: (_p, s) => (text(s.ClusterId) ? { ClusterId: s.ClusterId } : null),
    job: emrCluster,
    status: clusterState,
    succeeded: "WAITING",
    failed: ["TERMINATED", "TERMINATED_WITH_ERRORS"],
    result: (_d, _c, s) => s,
    cause: (d) => d,
  },
  "aws:elasticmapreduce:addStep": {
    action: "DescribeStep",
    request: (p, s) => (text(p.ClusterId) && text(s.StepId) ? { ClusterId: p.ClusterId, StepId: s.StepId } : null),
    job: (d) => (isObject(d.Step) ? d.Step : null),
    status: (step) => (isObject(step.Status) ? step.Status.State : undefined),
    succeeded: "COMPLETED",
    failed: ["CANCELLED", "FAILED", "INTERRUPTED"],
    result: (_d, _step, s) => s,
    cause: (d) => d,
  },
  "aws:elasticmapreduce:terminateCluster": {
    action: "DescribeCluster",
    request: (p) => (text(p.ClusterId) ? { ClusterId: p.ClusterId } : null),
    job: emrCluster,
    // Terminated with errors (of its own, before) is terminated all the same.
    status: (c) => (clusterState(c) === "TERMINATED_WITH_ERRORS" ? "TERMINATED" : clusterState(c)),
    succeeded: "TERMINATED",
    failed: [],
    result: (_d, _c, s) => s,
  },
  ...Object.fromEntries(SAGEMAKER_JOBS.map((kind) => [`aws:sagemaker:create${kind}`, sagemaker(kind)])),
  "aws:athena:startQueryExecution": {
    action: "GetQueryExecution",
    request: (_p, s) => (text(s.QueryExecutionId) ? { QueryExecutionId: s.QueryExecutionId } : null),
    job: (d) => (isObject(d.QueryExecution) ? d.QueryExecution : null),
    status: (q) => (isObject(q.Status) ? q.Status.State : undefined),
    succeeded: "SUCCEEDED",
    failed: ["FAILED", "CANCELLED"],
    result: (d) => d,
  },
  "aws:glue:startJobRun": {
    action: "GetJobRun",
    request: (p, s) => (text(s.JobRunId) && text(p.JobName) ? { JobName: p.JobName, RunId: s.JobRunId } : null),
    job: (d) => (isObject(d.JobRun) ? d.JobRun : null),
    status: (j) => j.JobRunState,
    succeeded: "SUCCEEDED",
    failed: ["FAILED", "STOPPED", "TIMEOUT", "ERROR", "EXPIRED"],
    result: (_d, j) => j,
  },
  "aws:codebuild:startBuild": {
    action: "BatchGetBuilds",
    request: (_p, s) => (isObject(s.Build) && text(s.Build.Id) ? { Ids: [s.Build.Id] } : null),
    job: (d) => first(d.Builds),
    status: (b) => b.BuildStatus,
    succeeded: "SUCCEEDED",
    failed: ["FAILED", "FAULT", "TIMED_OUT", "STOPPED"],
    result: (_d, b) => ({ Build: b }),
  },
  "aws:batch:submitJob": {
    action: "DescribeJobs",
    request: (_p, s) => (text(s.JobId) ? { Jobs: [s.JobId] } : null),
    job: (d) => first(d.Jobs),
    status: (j) => j.Status,
    succeeded: "SUCCEEDED",
    failed: ["FAILED"],
    result: (_d, j) => j,
  },
};

export const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => (clearTimeout(t), resolve()), { once: true });
  });

/** Polls the job `started` names until its status is final (POLLERS[key]). */
export async function pollJob(
  key: string,
  params: JSONObject,
  started: JSONObject,
  describe: Describe,
  fail: (f: AwsFault) => TaskResult,
  signal?: AbortSignal,
): Promise<TaskResult> {
  const p = POLLERS[key];
  const what = `${key.slice("aws:".length)}.sync`;
  const request = p.request(params, started);
  if (!request) return { error: "States.TaskFailed", cause: `${what}: the start call's answer names no job: ${JSON.stringify(started)}` };
  for (let attempt = 0; ; attempt++) {
    await sleep(Math.min(1000 * 2 ** attempt, 10_000), signal);
    if (signal?.aborted) return { error: "States.Timeout", cause: `${what} stopped waiting: the task was cancelled` };
    const d = await describe(p.action, request);
    if (isFault(d)) return fail(d);
    const job = p.job(d);
    if (!job) return { error: "States.TaskFailed", cause: JSON.stringify(d) };
    const status = p.status(job);
    if (status === p.succeeded) return { output: p.result(d, job, started) };
    if (typeof status === "string" && p.failed.includes(status))
      return { error: "States.TaskFailed", cause: JSON.stringify((p.cause ?? p.result)(d, job, started)) };
  }
}
