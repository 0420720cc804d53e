/**
 * The application layer's side of a Distributed Map: the parent's Map state hands its Map Run to a Map
 * Run object (a dispatch of the `states:::mapRun` resource); the object starts STANDARD children as
 * executions of their own (filed under the Map Run for ListExecutions) and runs EXPRESS children here.
 */
import { MAP_RUN_RESOURCE, type JSONValue } from "../../shared/asl/index.ts";
import type { MapRunSpec } from "../../shared/asl/distributed/types.ts";
import type { Env } from "../env.ts";
import type { Dispatcher, TaskCall, TaskResult } from "../execution/contract.ts";
import { compiled } from "../execution/machine.ts";
import { expressLimitMs } from "../express/limit.ts";
import { runExpress } from "../express/run.ts";
import type { ChildEnd } from "../maprun/contract.ts";
import type { ChildStart, ExpressEnd } from "../maprun/surroundings.ts";
import { defaultRoleArn } from "./names.ts";
import { executionObject, mapRunObject } from "./stubs.ts";

/** The dispatcher with the Map Run resource in front of the integrations. */
export function withMapRuns(env: Env, dispatcher: Dispatcher): Dispatcher {
  return {
    problem: (text, params) => dispatcher.problem(text, params),
    dispatch: (call, signal) => (call.resource === MAP_RUN_RESOURCE ? startMapRun(env, call) : dispatcher.dispatch(call, signal)),
  };
}

async function startMapRun(env: Env, call: TaskCall): Promise<TaskResult> {
  if (!call.token) return { error: "States.Runtime", cause: "A Map Run needs its Map state's task token" };
  const redrive = (call.input as { redriveMapRun?: string }).redriveMapRun;
  if (redrive !== undefined) {
    const refused = await mapRunObject(env, redrive).redrive({
      executionArn: call.executionArn,
      token: call.token,
      publicUrl: call.publicUrl,
    });
    return refused ? { error: "States.Runtime", cause: refused } : { submitted: { MapRunArn: redrive } };
  }
  const spec = call.input as unknown as MapRunSpec;
  await mapRunObject(env, spec.mapRunArn).start({ spec, executionArn: call.executionArn, token: call.token, publicUrl: call.publicUrl });
  return { submitted: { MapRunArn: spec.mapRunArn } };
}

const machineNameOf = (childMachineArn: string) => childMachineArn.slice(childMachineArn.lastIndexOf(":") + 1);

/** A STANDARD child: an execution of its own, named by the Map Run and its index (a restart starts the same one). */
export async function startMapRunChild(env: Env, c: ChildStart): Promise<ChildEnd | null> {
  const child = executionObject(env, c.executionArn);
  // A redriven Map Run's child that had ended unsuccessfully: redriven, from where it stood.
  if (c.redrive && (await child.redrive({ byMapRun: true }))?.ok) return null;
  const outcome = await child.start({
    executionArn: c.executionArn,
    name: c.name,
    stateMachineArn: c.spec.childMachineArn,
    stateMachineName: machineNameOf(c.spec.childMachineArn),
    revision: 0,
    type: "STANDARD",
    definition: JSON.stringify(c.spec.processor),
    roleArn: defaultRoleArn(env, machineNameOf(c.spec.childMachineArn).split("/")[0]),
    input: c.input,
    mapRun: { arn: c.spec.mapRunArn, index: c.index },
    ...(c.publicUrl ? { publicUrl: c.publicUrl } : {}),
  });
  if (outcome.ok) return null;
  // It ran already (a restart after it ended): its end, from its object.
  const d = await child.describe();
  if (!d || d.status === "RUNNING") return null;
  const end: ChildEnd = {
    index: c.index,
    status: d.status,
    startTime: Date.parse(d.startDate),
    stopTime: d.stopDate ? Date.parse(d.stopDate) : Date.now(),
    attempt: d.redriveCount ?? 0,
  };
  if (d.status === "SUCCEEDED") end.output = d.output ?? "null";
  else {
    end.error = d.error ?? null;
    end.cause = d.cause ?? null;
  }
  return end;
}

/** An EXPRESS child, run to its end in the Map Run's object (no history, as Express). */
export function runMapRunExpressChild(env: Env, c: ChildStart, dispatcher: Dispatcher): Promise<ExpressEnd> {
  const name = machineNameOf(c.spec.childMachineArn);
  return runExpress(compiled(JSON.stringify(c.spec.processor), "EXPRESS"), JSON.parse(c.input) as JSONValue, {
    executionArn: c.executionArn.replace(":execution:", ":express:"),
    name: c.name,
    stateMachineArn: c.spec.childMachineArn,
    stateMachineName: name,
    roleArn: defaultRoleArn(env, name.split("/")[0]),
    dispatcher,
    limitMs: expressLimitMs(env),
    sync: false,
  });
}

export async function tellMapRun(env: Env, mapRunArn: string, end: ChildEnd): Promise<void> {
  await mapRunObject(env, mapRunArn).childEnded(end);
}

export async function stopMapRun(env: Env, mapRunArn: string, cause: string): Promise<void> {
  await mapRunObject(env, mapRunArn).stop(cause);
}
