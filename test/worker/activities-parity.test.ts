// Host parity for the conformance category `activities` through the real path: the case's activity is
// created, the execution's task goes to the activity's queue, a test worker long-polls it and answers
// with the recorded stub (SendTaskSuccess/Failure, a heartbeat first when the state has
// HeartbeatSeconds), or takes nothing when AWS recorded a timeout. The end must match the Node runner
// and the case. Needs ../shared/conformance with `activities` in test/vitest.config.ts; else zero cases.
import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { compile, runLocal, type JSONValue } from "../../shared/asl/index.ts";
import { defaults, surroundings } from "../../worker/execution/surroundings.ts";
import { post } from "./api-client.ts";
import { alarmAt, describe as describeExecution, output, start } from "./e2e-helpers.ts";
import { findStub, outcomeOf, type ParityCase } from "./parity-stubs.ts";

const CASES = ((env as unknown as { PARITY_CASES?: ParityCase[] }).PARITY_CASES ?? []).filter((k) => k.file.startsWith("activities/"));
const OURS = "arn:aws:states:us-east-1:123456789012:activity:";
const RECORDED = /arn:aws:states:[^:"]*:[^:"]*:activity:([^"]+)/g;

const clock = { offset: 0 };
beforeEach(() => {
  clock.offset = 0;
  Object.assign(surroundings, defaults, { clock: () => Date.now() + clock.offset });
});

async function viaRunner(k: ParityCase) {
  const used = new Set<string>();
  const r = await runLocal(compile(k.definition, { type: k.type }), k.input as JSONValue, {
    name: "runner",
    resolveTask: (t) => outcomeOf(findStub(k, t.resource, t.input, used, t.stateName), t.resource, t.stateName) as never,
  });
  return { status: r.status, output: r.status === "SUCCEEDED" ? (r.output ?? null) : null, error: r.error ?? null };
}

async function viaActivity(k: ParityCase, i: number) {
  const recorded = new Map<string, string>();
  const text = JSON.stringify(k.definition).replace(RECORDED, (arn, name: string) => {
    recorded.set(`${OURS}parity-${i}-${name}`, arn);
    return `${OURS}parity-${i}-${name}`;
  });
  for (const arn of recorded.keys()) expect((await post("/activities", { name: arn.slice(OURS.length) })).status).toBe(201);
  const machine = `activity-parity-${i}`;
  expect((await post("/state-machines", { name: machine, definition: JSON.parse(text) })).status).toBe(201);
  const arn = await start(machine, k.input);
  const stub = env.EXECUTIONS.getByName(arn);
  const used = new Set<string>();
  for (let round = 0; round < 20; round++) {
    const d = await describeExecution(arn);
    if (d.status !== "RUNNING") return { status: d.status, output: d.status === "SUCCEEDED" ? output(d) : null, error: d.error ?? null };
    const at = await alarmAt(arn);
    if (at !== null) {
      clock.offset += Math.max(0, at - surroundings.clock());
      await runDurableObjectAlarm(stub);
    }
    for (const [ours, original] of recorded) {
      // AWS recorded a timeout: no worker took the task.
      if ((k.stubs[original] ?? []).every((s) => s.timeout)) continue;
      const task = (await post(`/activities/${encodeURIComponent(ours)}/poll`, { workerName: "parity", waitSeconds: 0.2 })).body;
      if (!task.taskToken) continue;
      const o = outcomeOf(findStub(k, original, JSON.parse(task.input), used), original, "?");
      if (/"HeartbeatSeconds"/.test(text)) expect(await stub.sendTask(task.taskToken, { heartbeat: true })).toBe(true);
      expect(await stub.sendTask(task.taskToken, o as never)).toBe(true);
    }
  }
  throw new Error(`${k.file}: still RUNNING`);
}

describe.skipIf(CASES.length === 0)("activities parity (needs ../shared/conformance)", () => {
  CASES.forEach((k, i) => {
    it(k.file, async () => {
      const local = await viaRunner(k);
      const durable = await viaActivity(k, i);
      expect(durable).toEqual(local);
      expect(durable.status).toBe(k.expect.status);
      if (k.expect.error !== null) expect(durable.error).toBe(k.expect.error);
    });
  });
});
