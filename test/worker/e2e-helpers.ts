// End-to-end helpers: everything a test asserts goes through the REST API (api-client.ts); the only
// things done behind its back are what the platform does on its own: firing an execution's alarm,
// and time passing (the objects' clock hook runs ahead of the real one, so a Retry's backoff or a Wait
// of an hour takes no real time).
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { EXAMPLES, type Example } from "../../worker/examples/definitions.ts";
import { defaults, surroundings } from "../../worker/execution/surroundings.ts";
import type { ExecutionObject } from "../../worker/execution/object.ts";
import { get, post } from "./api-client.ts";
import { expectNothingDue } from "./execution-helpers.ts";

export const enc = encodeURIComponent;

/** How far test time runs ahead of the real clock, in ms. */
const time = { offset: 0 };

/** Real dispatcher and D1, a clock the tests can move: call in beforeEach. */
export function resetClock(): void {
  time.offset = 0;
  Object.assign(surroundings, defaults, { clock: () => Date.now() + time.offset });
}

export const now = (): number => surroundings.clock();

export const example = (name: string): Example => {
  const e = EXAMPLES.find((x) => x.name === name);
  if (!e) throw new Error(`no example ${name}`);
  return e;
};

/**
 * Creates an example's state machine through POST /state-machines (storage lives as long as the test
 * file: the same request again answers 200 with the same machine).
 */
export async function createExample(name: string): Promise<void> {
  const e = example(name);
  const r = await post("/state-machines", { name: e.name, type: e.type, definition: e.definition });
  if (r.status !== 201 && r.status !== 200) throw new Error(`create ${name}: ${r.status} ${JSON.stringify(r.body)}`);
}

/** POST /state-machines/:machine/executions; the execution's ARN. */
export async function start(machine: string, input: unknown, name?: string): Promise<string> {
  const r = await post(`/state-machines/${machine}/executions`, { name, input });
  if (r.status !== 201) throw new Error(`start ${machine}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.executionArn;
}

export async function describe(arn: string): Promise<any> {
  const r = await get(`/executions/${enc(arn)}`);
  if (r.status !== 200) throw new Error(`describe ${arn}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

const stub = (arn: string) => env.EXECUTIONS.getByName(arn);

/** When the execution's alarm is set for, or null. */
export const alarmAt = (arn: string): Promise<number | null> =>
  runInDurableObject(stub(arn), (_o: ExecutionObject, state) => state.storage.getAlarm());

/** No alarm left, or one that fires to find nothing due and writes nothing (see execution-helpers.ts). */
export const nothingDue = (arn: string): Promise<void> => expectNothingDue(stub(arn));

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Drives an execution to its end as the platform would: fires its alarm, and when the alarm is set
 * later than now, lets test time jump to it first. Returns DescribeExecution's answer at the end,
 * and how far time had to jump.
 */
export async function runToEnd(arn: string, maxAlarms = 100): Promise<{ execution: any; skippedMs: number }> {
  const before = time.offset;
  for (let i = 0; i < maxAlarms; i++) {
    const d = await describe(arn);
    if (d.status !== "RUNNING") return { execution: d, skippedMs: time.offset - before };
    const at = await alarmAt(arn);
    if (at === null) {
      // The platform fired it already (tasks are sent at once): its task pump is still at work.
      await pause(5);
      continue;
    }
    if (at > now()) time.offset += at - now();
    await runDurableObjectAlarm(stub(arn));
  }
  throw new Error(`${arn} still RUNNING after ${maxAlarms} rounds`);
}

/** The whole history, oldest first. */
export async function events(arn: string): Promise<any[]> {
  const r = await get(`/executions/${enc(arn)}/history?maxResults=1000`);
  if (r.status !== 200 || r.body.nextToken) throw new Error(`history ${arn}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.events;
}

export const types = (evs: any[]): string[] => evs.map((e) => e.type);

/** The states entered, in order (Parallel and Map iterations interleave). */
export const entered = (evs: any[]): string[] =>
  evs.filter((e) => e.type.endsWith("StateEntered")).map((e) => e.stateEnteredEventDetails.name);

/** Task-like states (Lambda or not) that were scheduled, in order, once per attempt. */
export function scheduled(evs: any[]): string[] {
  const byId = new Map<number, any>(evs.map((e) => [e.id, e]));
  const out: string[] = [];
  for (const e of evs) {
    if (e.type !== "LambdaFunctionScheduled" && e.type !== "TaskScheduled") continue;
    // The state a scheduling belongs to: walk back to the nearest TaskStateEntered.
    let p = byId.get(e.previousEventId);
    while (p && p.type !== "TaskStateEntered") p = byId.get(p.previousEventId);
    out.push(p ? p.stateEnteredEventDetails.name : "?");
  }
  return out;
}

/** The row GET /state-machines/:machine/executions shows for an execution. */
export async function listed(machine: string, arn: string): Promise<any> {
  const r = await get(`/state-machines/${machine}/executions?maxResults=1000`);
  if (r.status !== 200) throw new Error(`list ${machine}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.executions.find((e: any) => e.executionArn === arn);
}

export const output = (d: { output?: string }): any => (d.output === undefined ? undefined : JSON.parse(d.output));
