// Shared by the execution tests: start arguments, a controllable clock and dispatcher, and a
// driver that fires alarms the way the platform would once their time has come.
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { expect } from "vitest";
import { env } from "cloudflare:workers";
import type { JSONValue } from "../../shared/asl/types.ts";
import type { ExecutionRpc, HistoryQuery, StartArgs, TaskCall, TaskResult } from "../../worker/execution/contract.ts";
import { defaults, surroundings } from "../../worker/execution/surroundings.ts";
import type { ExecutionObject } from "../../worker/execution/object.ts";

const MACHINE = "arn:aws:states:local:000000000000:stateMachine:Test";
let seq = 0;

export function startArgs(definition: object, input: JSONValue = {}, name = `run-${++seq}`): StartArgs {
  return {
    executionArn: `arn:aws:states:local:000000000000:execution:Test:${name}`,
    name,
    stateMachineArn: MACHINE,
    stateMachineName: "Test",
    revision: 3,
    type: "STANDARD",
    definition: JSON.stringify(definition),
    roleArn: "arn:aws:iam::000000000000:role/Test",
    input: JSON.stringify(input),
  };
}

export const stubOf = (a: StartArgs) => env.EXECUTIONS.getByName(a.executionArn);

/** Test time runs ahead of the real clock by `offset` ms. */
export const time = { offset: 0 };

export function resetHooks(): void {
  time.offset = 0;
  Object.assign(surroundings, defaults, { clock: () => Date.now() + time.offset });
}

export type Handler = (call: TaskCall, signal?: AbortSignal) => TaskResult | Promise<TaskResult>;

/** Every object created from now on sends its tasks to `handler`; returns the calls it got. */
export function useDispatcher(handler: Handler): TaskCall[] {
  const calls: TaskCall[] = [];
  surroundings.dispatcher = () => ({
    problem: () => null,
    dispatch: async (call, signal) => {
      calls.push(call);
      return handler(call, signal);
    },
  });
  return calls;
}

type Stub = ReturnType<typeof stubOf>;

/** The RPC type of HistoryPage collapses (its events hold `unknown`): call through the contract's type. */
export const history = (stub: Stub, q: HistoryQuery) => (stub as unknown as ExecutionRpc).history(q);

export const alarmOf = (stub: ReturnType<typeof stubOf>) =>
  runInDurableObject(stub, (_o: ExecutionObject, state) => state.storage.getAlarm());

/**
 * Nothing left for the object to do: no alarm, or one left set that fires to find nothing due (an alarm
 * no longer needed is left rather than deleted: a request costs less than the row a delete writes). Fires
 * it, and checks that it wrote nothing and left no alarm.
 */
export async function expectNothingDue(stub: Stub): Promise<void> {
  if ((await alarmOf(stub)) !== null) {
    const counts = async () => {
      const s = (await stub.stats())!;
      return { rowsWritten: s.rowsWritten, commits: s.commits, d1Writes: s.d1Writes, events: s.events };
    };
    const before = await counts();
    await runDurableObjectAlarm(stub);
    expect(await counts()).toEqual(before);
  }
  expect(await alarmOf(stub)).toBeNull();
}

/** Fires the object's alarm while it is due by test time; returns how many times it fired. */
export async function drive(stub: ReturnType<typeof stubOf>, max = 200): Promise<number> {
  for (let i = 0; i < max; i++) {
    const at = await alarmOf(stub);
    if (at === null || at > surroundings.clock()) return i;
    await runDurableObjectAlarm(stub);
  }
  throw new Error(`still due after ${max} alarms`);
}

/** History events, oldest first, in pages of 1000. */
export async function allEvents(stub: ReturnType<typeof stubOf>, includeExecutionData = true) {
  const out: Record<string, unknown>[] = [];
  let nextToken: string | undefined;
  do {
    const page = await history(stub, { maxResults: 1000, nextToken, includeExecutionData });
    out.push(...page!.events);
    nextToken = page!.nextToken;
  } while (nextToken);
  return out as ({ id: number; previousEventId: number; type: string } & Record<string, unknown>)[];
}

export async function listingRow(arn: string) {
  return env.DB.prepare("SELECT status, start_date, stop_date FROM executions WHERE arn = ?")
    .bind(arn)
    .first<{ status: string; start_date: number; stop_date: number | null }>();
}
