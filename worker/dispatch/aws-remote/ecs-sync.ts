/**
 * `ecs:runTask.sync`: after RunTask, DescribeTasks until the task is STOPPED (every 1, 2, 4, 8, then 10
 * seconds). The stopped task (DescribeTasks' entry, PascalCase) is the result when every container exited 0;
 * otherwise the task fails with States.TaskFailed and the stopped task's JSON as the cause.
 */
import type { JSONObject, JSONValue } from "../../../shared/asl/types.ts";
import type { TaskResult } from "../../execution/contract.ts";
import { isFault, isObject, type AwsFault, type AwsReply } from "./call.ts";
import { sleep } from "./sync-pollers.ts";

type Call = (action: string, params: JSONObject) => Promise<{ body: JSONObject; reply: AwsReply } | AwsFault>;

export async function waitForEcsTask(
  run: JSONObject,
  params: JSONObject,
  call: Call,
  fail: (f: AwsFault) => TaskResult,
  signal?: AbortSignal,
): Promise<TaskResult> {
  const failures = Array.isArray(run.Failures) ? run.Failures : [];
  const task = Array.isArray(run.Tasks) && isObject(run.Tasks[0]) ? run.Tasks[0] : null;
  if (!task || typeof task.TaskArn !== "string") return { error: "States.TaskFailed", cause: JSON.stringify({ Failures: failures }) };
  const describe: JSONObject = { Tasks: [task.TaskArn] };
  if (typeof params.Cluster === "string") describe.Cluster = params.Cluster;
  for (let attempt = 0; ; attempt++) {
    await sleep(Math.min(1000 * 2 ** attempt, 10_000), signal);
    if (signal?.aborted) return { error: "States.Timeout", cause: "ecs:runTask.sync stopped waiting: the task was cancelled" };
    const r = await call("DescribeTasks", describe);
    if (isFault(r)) return fail(r);
    const now: JSONValue | undefined = Array.isArray(r.body.Tasks) ? r.body.Tasks[0] : undefined;
    if (!isObject(now)) return { error: "States.TaskFailed", cause: JSON.stringify(r.body) };
    if (now.LastStatus !== "STOPPED") continue;
    const containers = Array.isArray(now.Containers) ? now.Containers.filter(isObject) : [];
    const ok = containers.length > 0 && containers.every((c) => c.ExitCode === 0);
    return ok ? { output: now } : { error: "States.TaskFailed", cause: JSON.stringify(now) };
  }
}
