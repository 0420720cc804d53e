// Helpers for the task-token tests: a machine that waits on a token, the token read from history (as a
// client would: it is in TaskScheduled's parameters), alarms fired as the platform would.
import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { surroundings } from "../../worker/execution/surroundings.ts";
import { call, createMachine, post } from "./api-client.ts";
import { alarmAt, describe as describeExecution, enc, events } from "./e2e-helpers.ts";

/** A Task that hands `$$.Task.Token` to the example task worker and waits for it. */
export const waiting = (extra: object = {}, next: object = { End: true }) => ({
  StartAt: "Ask",
  States: {
    Ask: {
      Type: "Task",
      Resource: "worker:TASKS/sendNotification.waitForTaskToken",
      Parameters: { "token.$": "$$.Task.Token", customer: { email: "ada@example.com" } },
      ...extra,
      ...next,
    },
  },
});

let seq = 0;

/** Creates a machine (once per name) and starts it; the execution's ARN. */
export async function startWaiting(definition: object, input: unknown = {}): Promise<string> {
  const name = `tok-${++seq}-${Math.random().toString(36).slice(2, 8)}`;
  await createMachine(name, definition);
  const r = await post(`/state-machines/${name}/executions`, { input });
  if (r.status !== 201) throw new Error(`start: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.executionArn;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Fires the execution's alarm while it is due by test time. */
export async function fire(arn: string): Promise<void> {
  for (let i = 0; i < 50; i++) {
    const at = await alarmAt(arn);
    if (at === null || at > surroundings.clock()) return;
    await runDurableObjectAlarm(env.EXECUTIONS.getByName(arn));
  }
}

/** Waits (firing due alarms) until the history has an event of `type`; all events then. */
export async function until(arn: string, type: string): Promise<any[]> {
  for (let i = 0; i < 200; i++) {
    const evs = await events(arn);
    if (evs.some((e) => e.type === type)) return evs;
    await fire(arn);
    await pause(5);
  }
  throw new Error(`${arn}: no ${type}`);
}

/** The token the task was handed, once it is handed over (TaskSubmitted). */
export async function tokenOf(arn: string, nth = 0): Promise<string> {
  const evs = await until(arn, "TaskSubmitted");
  const scheduled = evs.filter((e) => e.type === "TaskScheduled");
  const params = JSON.parse(scheduled[nth].taskScheduledEventDetails.parameters);
  return params.token ?? params.Payload?.taskToken;
}

export const status = async (arn: string): Promise<any> => describeExecution(arn);

export const send = (what: "success" | "failure" | "heartbeat", body: object, token?: string | null) =>
  call("POST", `/tasks/${what}`, body, token === undefined ? {} : { token });

/** GET or POST a callback URL (no bearer token). */
export const callback = (method: "GET" | "POST", path: string, raw?: string) => call(method, `/callback/${path}`, undefined, { token: null, raw });

export { enc };
