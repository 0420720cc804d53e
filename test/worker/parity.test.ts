// Host parity (issue 3): each conformance case of base, scenarios (inline Map, JSONPath) and
// error_handling runs twice inside workerd, once on the Node runner (runLocal) and once through an
// ExecutionObject whose tasks go to a test task worker serving the same recorded stubs; both must end
// alike (status, output, error, cause). The cases come from ../shared/conformance through the
// PARITY_CASES binding (test/vitest.config.ts); a fresh clone has none and this file runs zero cases.
// A Distributed Map's Map Run is answered in process here (runMapRun, as the Node runner does), through
// the object's task token: this checks the execution's side of a Map Run (test/worker/map-runs.test.ts
// checks the Map Run object itself).
import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compile, MAP_RUN_RESOURCE, runLocal, runMapRun, type JSONValue, type RunOptions } from "../../shared/asl/index.ts";
import type { MapRunSpec } from "../../shared/asl/distributed/types.ts";
import type { MemoryStore } from "../../shared/asl/distributed/memory-store.ts";
import { seededStore } from "../conformance/s3-objects.ts";
import type { StartArgs, TaskCall, TaskResult } from "../../worker/execution/contract.ts";
import { defaults, surroundings } from "../../worker/execution/surroundings.ts";
import { alarmOf } from "./execution-helpers.ts";
import { findStub, outcomeOf, type ParityCase } from "./parity-stubs.ts";

const CASES = (env as unknown as { PARITY_CASES?: ParityCase[] }).PARITY_CASES ?? [];

interface Result {
  status: string;
  output: unknown;
  error: string | null;
  cause: string | null;
}

// A virtual clock shared by both runs, years ahead of the real one: the object's alarms never fire on
// their own (only when the driver fires them), and both runs see the same timestamps.
const T0 = Date.UTC(2031, 0, 1);
let now = T0;

/** The test task worker: answers each execution's tasks from its case's stubs, each stub once. */
const serving = new Map<string, { k: ParityCase; used: Set<string>; misses: number; store: MemoryStore }>();

function names(i: number) {
  const name = `case-${i}`;
  return {
    executionArn: `arn:aws:states:us-east-1:111111111111:execution:Parity:${name}`,
    name,
    stateMachineArn: "arn:aws:states:us-east-1:111111111111:stateMachine:Parity",
    stateMachineName: "Parity",
    roleArn: "arn:aws:iam::111111111111:role/snf_role_arn",
  };
}

/** The task resolver both runs use: each recorded stub answers once; `misses` counts calls with none. */
function stubbed(k: ParityCase, used: Set<string>, missed = () => {}): RunOptions["resolveTask"] {
  return (t) => {
    const stub = findStub(k, t.resource, t.input, used, t.stateName);
    if (!stub) missed();
    return outcomeOf(stub, t.resource, t.stateName) as never;
  };
}

async function viaRunner(k: ParityCase, i: number): Promise<Result> {
  const r = await runLocal(compile(k.definition, { type: k.type }), k.input as JSONValue, {
    ...names(i),
    startTime: T0,
    objectStore: await seededStore(k.definition, k.s3_objects),
    resolveTask: stubbed(k, new Set()),
  });
  return { status: r.status, output: r.status === "SUCCEEDED" ? (r.output ?? null) : null, error: r.error ?? null, cause: r.cause ?? null };
}

async function viaObject(k: ParityCase, i: number): Promise<Result & { misses: number }> {
  now = T0;
  const n = names(i);
  const args: StartArgs = { ...n, revision: 1, type: k.type, definition: JSON.stringify(k.definition), input: JSON.stringify(k.input) };
  const served = { k, used: new Set<string>(), misses: 0, store: await seededStore(k.definition, k.s3_objects) };
  serving.set(n.executionArn, served);
  const stub = env.EXECUTIONS.getByName(n.executionArn);
  expect(await stub.start(args)).toMatchObject({ ok: true });
  // What the platform would do: fire the alarm when its time comes (time jumps to it, as in runLocal).
  for (let fired = 0; ; fired++) {
    const d = (await stub.describe())!;
    if (d.status !== "RUNNING") {
      return {
        status: d.status,
        output: d.output === undefined ? null : JSON.parse(d.output),
        error: d.error ?? null,
        cause: d.cause ?? null,
        misses: served.misses,
      };
    }
    let at = await alarmOf(stub);
    // A callback's answer may still be on its way (sent after the hand-over).
    for (let tries = 0; at === null && tries < 50; tries++) {
      await new Promise((r) => setTimeout(r, 2));
      if ((await stub.describe())!.status !== "RUNNING") break;
      at = await alarmOf(stub);
    }
    if ((await stub.describe())!.status !== "RUNNING") continue;
    if (at === null || fired > 2000) throw new Error(`${k.file}: RUNNING with ${at === null ? "no alarm set" : "no end in sight"}`);
    now = Math.max(now, at);
    await runDurableObjectAlarm(stub);
  }
}

/** A Map Run's id is random (the runner's seeded, the object's not): every place it shows is replaced by one name. */
function withoutMapRunIds(r: Result): Result {
  let text = JSON.stringify(r);
  for (const [, id] of text.matchAll(/:mapRun:[^:"]+:([0-9a-f-]{36})/g)) text = text.replaceAll(id, "<map-run-id>");
  return JSON.parse(text) as Result;
}

const agree: string[] = [];
const differ: string[] = [];

describe.skipIf(CASES.length === 0)("parity (needs ../shared/conformance): the durable runtime ends as the Node runner", () => {
  beforeAll(() => {
    Object.assign(surroundings, defaults, {
      clock: () => now,
      dispatcher: () => ({
        problem: () => null,
        dispatch: async (call: TaskCall): Promise<TaskResult> => {
          const s = serving.get(call.executionArn)!;
          if (call.resource === MAP_RUN_RESOURCE && call.token) {
            const token = call.token;
            const options = { objectStore: s.store, resolveTask: stubbed(s.k, s.used, () => s.misses++) };
            const host = { now, random: Math.random, uuid: () => crypto.randomUUID() };
            void runMapRun(call.input as unknown as MapRunSpec, options, host).then((answer) =>
              env.EXECUTIONS.getByName(call.executionArn).sendTask(token, answer as never),
            );
            return { submitted: null };
          }
          const stub = findStub(s.k, call.resource, call.input, s.used, call.stateName);
          if (!stub) s.misses++;
          const o = outcomeOf(stub, call.resource, call.stateName);
          // A callback task: the stub holds what SendTaskSuccess/Failure delivered, sent through the
          // object with the task's token once the hand-over is done; a recorded timeout is left to the
          // task's TimeoutSeconds/HeartbeatSeconds alarm (one without either fails States.Timeout).
          if (call.resource.endsWith(".waitForTaskToken") && call.token) {
            const answer = "timeout" in o ? (call.timeoutSeconds === undefined ? { error: "States.Timeout", cause: null } : null) : o;
            const token = call.token;
            if (answer) setTimeout(() => void env.EXECUTIONS.getByName(call.executionArn).sendTask(token, answer as never), 0);
            return { submitted: null };
          }
          return ("timeout" in o ? { error: "States.Timeout", cause: null } : o) as TaskResult;
        },
      }),
    });
  });
  afterAll(() => {
    Object.assign(surroundings, defaults);
    console.log(
      `parity: ${CASES.length} cases, ${agree.length} agree, ${differ.length} differ${differ.length ? ":\n  " + differ.join("\n  ") : ""}`,
    );
  });

  // Listed as skipped when the corpus is absent, so the report says why nothing ran.
  if (!CASES.length) it("0 cases: no ../shared/conformance beside the checkout", () => {});

  CASES.forEach((k, i) => {
    it(k.file, async () => {
      const local = await viaRunner(k, i);
      const { misses, ...durable } = await viaObject(k, i);
      try {
        expect(withoutMapRunIds(durable)).toEqual(withoutMapRunIds(local));
        agree.push(k.file);
      } catch (e) {
        differ.push(`${k.file}: runner ${JSON.stringify(local).slice(0, 300)} / object ${JSON.stringify(durable).slice(0, 300)}`);
        throw e;
      }
      // Every task the object sent found its recorded answer (a run answered by "no stub" proves little).
      expect(misses).toBe(0);
    });
  });
});
