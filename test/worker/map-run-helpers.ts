// Driving a Distributed Map in workerd: the parent execution's alarm, its Map Runs' alarms and their
// STANDARD children's alarms, fired as the platform would until the parent ends.
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { childExecutionArn, childName } from "../../shared/asl/distributed/names.ts";
import type { MapRunDescription } from "../../worker/maprun/contract.ts";
import type { MapRunObject } from "../../worker/maprun/object.ts";
import { mapRunObject } from "../../worker/service/stubs.ts";
import { describe, events } from "./e2e-helpers.ts";

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function mapRunsOf(arn: string): Promise<string[]> {
  return (await events(arn)).filter((e) => e.type === "MapRunStarted").map((e) => e.mapRunStartedEventDetails.mapRunArn);
}

export const describeRun = (mapRunArn: string): Promise<MapRunDescription | null> => mapRunObject(env, mapRunArn).describe();

/** The ARNs of a Map Run's children so far (named by the run and their index). */
export async function childrenOf(mapRunArn: string): Promise<string[]> {
  const d = await describeRun(mapRunArn);
  if (!d) return [];
  const m = /:mapRun:([^/]+)\/([^:]+):([^:]+)$/.exec(mapRunArn)!;
  const machine = mapRunArn.slice(0, mapRunArn.indexOf(":mapRun:")).replace(/$/, `:stateMachine:${m[1]}/${m[2]}`);
  return Array.from({ length: d.executionCounts.total }, (_, i) => childExecutionArn(machine, childName(m[3], i)));
}

async function fire(ns: { getByName(name: string): DurableObjectStub }, name: string): Promise<void> {
  const stub = ns.getByName(name);
  const at = await runInDurableObject(stub, (_o: unknown, state: DurableObjectState) => state.storage.getAlarm());
  if (at !== null) await runDurableObjectAlarm(stub);
}

/** Fire every alarm involved until the parent execution ends; its description. */
export async function runMapToEnd(arn: string, rounds = 200, standardChildren = true): Promise<any> {
  for (let i = 0; i < rounds; i++) {
    const d = await describe(arn);
    if (d.status !== "RUNNING") return d;
    await fire(env.EXECUTIONS, arn);
    for (const run of await mapRunsOf(arn)) {
      await fire(env.MAP_RUNS, run);
      if (standardChildren) for (const child of await childrenOf(run)) await fire(env.EXECUTIONS, child);
    }
    await pause(2);
  }
  throw new Error(`${arn} still RUNNING after ${rounds} rounds`);
}

/** Simulates a crash of a Map Run's object: its memory is dropped, storage stays. */
export async function crashMapRun(mapRunArn: string): Promise<void> {
  await runInDurableObject(env.MAP_RUNS.getByName(mapRunArn), (o: MapRunObject) => {
    (o as unknown as { cached: unknown }).cached = undefined;
  });
}
