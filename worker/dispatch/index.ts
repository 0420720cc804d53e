/**
 * Dispatch is a table from Resource to a dispatcher (DESIGN.md, layer 4). resource.ts names the
 * kinds; each kind's file runs it. Nothing here throws: failures are `{error, cause}`.
 */
import type { Dispatcher, TaskCall, TaskResult } from "../execution/contract.ts";
import type { Env } from "../env.ts";
import { activityProblem, dispatchActivity, isActivityArn } from "./activity.ts";
import { postTask } from "./http.ts";
import { dispatchService, serviceProblem } from "./integrations/index.ts";
import { functionTarget, invokeFunction, lambdaInvoke } from "./lambda.ts";
import { lambdaMap } from "./lambda-config.ts";
import type { Outcome } from "./outcome.ts";
import { parseResource, type Target } from "./resource.ts";
import { bindingProblem, callWorker } from "./worker.ts";
import { isStartExecution, startExecutionTask } from "./states.ts";

export { parseResource } from "./resource.ts";

export function makeDispatcher(env: Env): Dispatcher {
  const config = (env as { LAMBDA_FUNCTIONS?: unknown }).LAMBDA_FUNCTIONS;

  const run = (t: Target, call: TaskCall, signal?: AbortSignal): Promise<Outcome> =>
    t.kind === "worker" ? callWorker(env, t.binding, t.method, call, signal) : postTask((r) => fetch(r), (t as { url: string }).url, call, signal);

  function targetProblem(t: Target): string | null {
    switch (t.kind) {
      case "worker":
        return bindingProblem(env, t.binding);
      case "url":
        return null;
      case "lambda": {
        const to = functionTarget(config, t.function);
        return typeof to === "string" ? to : targetProblem(to);
      }
      case "lambda-invoke":
        return lambdaMap(config) ? null : "arn:aws:states:::lambda:invoke needs LAMBDA_FUNCTIONS (function name -> worker:<BINDING>[/<method>] or URL)";
    }
  }

  return {
    problem(resource) {
      if (isStartExecution(resource)) return null;
      if (isActivityArn(resource)) return activityProblem(env, resource);
      const service = serviceProblem(env, resource);
      if (service !== undefined) return service;
      const parsed = parseResource(resource);
      return "problem" in parsed ? parsed.problem : targetProblem(parsed.target);
    },
    async dispatch(call, signal): Promise<TaskResult> {
      try {
        if (isStartExecution(call.resource)) return await startExecutionTask(env, call);
        if (isActivityArn(call.resource)) return await dispatchActivity(env, call, signal);
        const service = await dispatchService(env, call, signal);
        if (service) return service;
        const parsed = parseResource(call.resource);
        if ("problem" in parsed) return { error: "States.Runtime", cause: parsed.problem };
        const t = parsed.target;
        if (t.kind === "lambda") return await invokeFunction(config, t.function, call, run, signal);
        if (t.kind === "lambda-invoke") return await lambdaInvoke(config, call, run, signal);
        const out = await run(t, call, signal);
        return out.ok ? { output: out.value } : { error: out.error, cause: out.cause };
      } catch (e) {
        // Unreachable by design; kept so a bug here fails one task, not the execution's object.
        return { error: "States.TaskFailed", cause: `Dispatch failed: ${e instanceof Error ? e.message : String(e)}` };
      }
    },
  };
}
