// DescribeStateMachineForExecution and GET /executions/:arn/state-machine: the machine as the execution
// started it (its own record in its Durable Object), after the machine was updated or deleted, for a Map
// Run's child, for executions from before the date was kept, and AWS's errors.
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import type { ExecutionObject } from "../../worker/execution/object.ts";
import { expressExecutionArn } from "../../worker/service/names.ts";
import { createMachine, del, get, post, put, WAIT } from "./api-client.ts";
import { aws, ok } from "./aws-client.ts";
import { enc, resetClock, runToEnd, start } from "./e2e-helpers.ts";
import { childrenOf, mapRunsOf, runMapToEnd } from "./map-run-helpers.ts";

const ARN = "arn:aws:states:us-east-1:123456789012";
const ROLE = "arn:aws:iam::123456789012:role/first";
const OLD = { StartAt: "OldStep", States: { OldStep: { Type: "Wait", Seconds: 3600, Next: "Done" }, Done: { Type: "Pass", End: true } } };
const NEW = { StartAt: "NewStep", States: { NewStep: { Type: "Pass", End: true } } };

beforeEach(resetClock);

const forExecution = (arn: string) => get(`/executions/${enc(arn)}/state-machine`);

describe("the definition an execution ran", () => {
  it("after an update: the revision, definition, role and date the execution started with (REST and AWS)", async () => {
    const created = await createMachine("sfe-upd", OLD, { roleArn: ROLE });
    const first = await start("sfe-upd", {}, "before");
    const updated = await put("/state-machines/sfe-upd", { definition: NEW, roleArn: `${ROLE}-2` });
    expect(updated.body.revision).toBe(2);
    const second = await start("sfe-upd", {}, "after");

    const r = await forExecution(first);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      stateMachineArn: `${ARN}:stateMachine:sfe-upd`,
      name: "sfe-upd",
      definition: JSON.stringify(OLD),
      roleArn: ROLE,
      updateDate: created.updateDate,
      revisionId: "1",
    });
    expect((await forExecution(second)).body).toMatchObject({
      definition: JSON.stringify(NEW),
      roleArn: `${ROLE}-2`,
      updateDate: updated.body.updateDate,
      revisionId: "2",
    });

    const a = await ok("DescribeStateMachineForExecution", { executionArn: first });
    expect(a).toEqual({ ...r.body, updateDate: Date.parse(created.updateDate) / 1000 });
    // It still runs its own: the old Wait, though the machine has no such state any more.
    expect((await get(`/executions/${enc(first)}`)).body.status).toBe("RUNNING");
  });

  it("after the machine is deleted: still answered, from the execution", async () => {
    await createMachine("sfe-del", OLD);
    const arn = await start("sfe-del", {});
    expect((await del("/state-machines/sfe-del")).status).toBe(200);
    expect((await get("/state-machines/sfe-del")).status).toBe(404);
    const r = await forExecution(arn);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ name: "sfe-del", definition: JSON.stringify(OLD), revisionId: "1" });
    expect((await ok("DescribeStateMachineForExecution", { executionArn: arn })).definition).toBe(JSON.stringify(OLD));
  });

  it("an execution from before the date was kept: the machine's while it has that revision, else the start", async () => {
    const created = await createMachine("sfe-legacy", WAIT);
    const arn = await start("sfe-legacy", {});
    const forget = () =>
      runInDurableObject(env.EXECUTIONS.getByName(arn), (o: ExecutionObject) => {
        delete (o as unknown as { cached: { state: { machineUpdateDate?: string } } }).cached.state.machineUpdateDate;
      });
    await forget();
    expect((await forExecution(arn)).body.updateDate).toBe(created.updateDate);
    await put("/state-machines/sfe-legacy", { definition: NEW });
    const started = (await get(`/executions/${enc(arn)}`)).body.startDate;
    expect((await forExecution(arn)).body).toMatchObject({ updateDate: started, revisionId: "1", definition: JSON.stringify(WAIT) });
  });

  it("a Map Run's child: its ItemProcessor, Map Run and label, the parent's revision and role", async () => {
    const processor = {
      ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: "STANDARD" },
      StartAt: "Work",
      States: { Work: { Type: "Pass", End: true } },
    };
    const definition = { StartAt: "Each", States: { Each: { Type: "Map", Label: "Fan", ItemProcessor: processor, End: true } } };
    const created = await createMachine("sfe-map", definition, { roleArn: ROLE });
    const parent = await start("sfe-map", [1, 2]);
    expect((await runMapToEnd(parent)).status).toBe("SUCCEEDED");
    await put("/state-machines/sfe-map", { definition: NEW });
    const [mapRunArn] = await mapRunsOf(parent);
    const [child] = await childrenOf(mapRunArn);
    const r = await forExecution(child);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      stateMachineArn: `${ARN}:stateMachine:sfe-map/Fan`,
      name: "sfe-map/Fan",
      definition: JSON.stringify({ StartAt: "Work", States: processor.States }),
      roleArn: ROLE,
      updateDate: created.updateDate,
      revisionId: "1",
      mapRunArn,
      label: "Fan",
    });
    const a = await ok("DescribeStateMachineForExecution", { executionArn: child });
    expect(a).toMatchObject({ mapRunArn, label: "Fan", revisionId: "1", updateDate: Date.parse(created.updateDate) / 1000 });
    // The parent itself has no Map Run members.
    expect(Object.keys((await forExecution(parent)).body)).not.toContain("mapRunArn");
  });

  it("errors: ExecutionDoesNotExist, InvalidArn (malformed, a machine's, an Express execution's)", async () => {
    await createMachine("sfe-err");
    const done = await start("sfe-err", {});
    await runToEnd(done);
    expect((await forExecution(done)).status).toBe(200);
    const gone = `${ARN}:execution:sfe-err:nope`;
    const elsewhere = "arn:aws:states:eu-west-1:123456789012:execution:sfe-err:x";
    const express = expressExecutionArn(env, "sfe-err", "x");
    for (const arn of [gone, elsewhere]) {
      expect(await forExecution(arn)).toMatchObject({ status: 404, body: { error: "ExecutionDoesNotExist" } });
      expect((await aws("DescribeStateMachineForExecution", { executionArn: arn })).body.__type).toBe("ExecutionDoesNotExist");
    }
    for (const arn of ["not-an-arn", `${ARN}:stateMachine:sfe-err`, express]) {
      expect(await forExecution(arn)).toMatchObject({ status: 400, body: { error: "InvalidArn" } });
      const r = await aws("DescribeStateMachineForExecution", { executionArn: arn });
      expect({ status: r.status, type: r.body.__type }).toEqual({ status: 400, type: "InvalidArn" });
    }
    const missing = await aws("DescribeStateMachineForExecution", {});
    expect(missing.body.__type).toBe("ValidationException");
    expect((await post(`/executions/${enc(done)}/state-machine`)).status).toBe(404);
  });
});
