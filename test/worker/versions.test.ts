// State machine versions over REST and the AWS protocol: publish, list, describe, delete, start.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, createMachine, del, get, post, put } from "./api-client.ts";
import { aws, ok } from "./aws-client.ts";
import { runQueuedStart } from "../../worker/service/express.ts";

const SM = "arn:aws:states:us-east-1:123456789012:stateMachine:";
const enc = encodeURIComponent;
const says = (word: string) => ({ StartAt: "Say", States: { Say: { Type: "Pass", Result: { word }, End: true } } });

async function output(executionArn: string): Promise<unknown> {
  const d = await get(`/executions/${enc(executionArn)}`);
  return JSON.parse(d.body.output);
}

describe("versions over REST", () => {
  it("publishes the current revision, answers the same version for an unchanged one, and numbers newest first", async () => {
    await createMachine("pub", says("one"));
    const v1 = await post("/state-machines/pub/versions", { description: "first" });
    expect(v1.status).toBe(201);
    expect(v1.body).toEqual({ stateMachineVersionArn: `${SM}pub:1`, creationDate: expect.any(String) });
    const again = await post("/state-machines/pub/versions", {});
    expect(again.status).toBe(200);
    expect(again.body).toEqual(v1.body);
    await put("/state-machines/pub", { definition: says("two") });
    const v2 = await post("/state-machines/pub/versions", { revisionId: "2" });
    expect([v2.status, v2.body.stateMachineVersionArn]).toEqual([201, `${SM}pub:2`]);
    const list = await get("/state-machines/pub/versions");
    expect(list.body).toEqual({
      stateMachineVersions: [
        { stateMachineVersionArn: `${SM}pub:2`, creationDate: expect.any(String) },
        { stateMachineVersionArn: `${SM}pub:1`, creationDate: expect.any(String) },
      ],
    });
    const first = await get("/state-machines/pub/versions?maxResults=1");
    expect(first.body.stateMachineVersions.map((v: any) => v.stateMachineVersionArn)).toEqual([`${SM}pub:2`]);
    const rest = await get(`/state-machines/pub/versions?maxResults=1&nextToken=${first.body.nextToken}`);
    expect(rest.body).toEqual({ stateMachineVersions: [{ stateMachineVersionArn: `${SM}pub:1`, creationDate: expect.any(String) }] });
  });

  it("keeps a version as it was published, whatever becomes of the machine", async () => {
    await createMachine("frozen", says("old"));
    await post("/state-machines/frozen/versions", { description: "the old one" });
    await put("/state-machines/frozen", { definition: says("new"), roleArn: "arn:aws:iam::123456789012:role/other" });
    const v = await get("/state-machines/frozen/versions/1");
    expect(v.status).toBe(200);
    expect(v.body).toMatchObject({
      stateMachineArn: `${SM}frozen:1`,
      name: "frozen",
      type: "STANDARD",
      status: "ACTIVE",
      revision: 1,
      revisionId: "1",
      description: "the old one",
      roleArn: "arn:aws:iam::123456789012:role/StepFunctions-frozen-role",
    });
    expect(JSON.parse(v.body.definition)).toEqual(says("old"));
    // a version runs its own definition; the machine's ARN its current one
    const viaVersion = await post("/state-machines/frozen:1/executions", { name: "v" });
    expect(viaVersion.status).toBe(201);
    expect(viaVersion.body.executionArn).toBe("arn:aws:states:us-east-1:123456789012:execution:frozen:v");
    expect(await output(viaVersion.body.executionArn)).toEqual({ word: "old" });
    const d = await get(`/executions/${enc(viaVersion.body.executionArn)}`);
    expect(d.body).toMatchObject({ stateMachineArn: `${SM}frozen`, stateMachineVersionArn: `${SM}frozen:1` });
    expect(d.body).not.toHaveProperty("stateMachineAliasArn");
    expect((await get(`/executions/${enc(viaVersion.body.executionArn)}/state-machine`)).body).toMatchObject({ revisionId: "1" });
    const plain = await post("/state-machines/frozen/executions", { name: "plain" });
    expect(await output(plain.body.executionArn)).toEqual({ word: "new" });
    expect((await get(`/executions/${enc(plain.body.executionArn)}`)).body).not.toHaveProperty("stateMachineVersionArn");
  });

  it("never reuses a number, even after a delete, and refuses a stale revisionId with ConflictException", async () => {
    await createMachine("numbers", says("a"));
    await post("/state-machines/numbers/versions", {});
    await put("/state-machines/numbers", { definition: says("b") });
    const stale = await post("/state-machines/numbers/versions", { revisionId: "1" });
    expect([stale.status, stale.body.error]).toEqual([409, "ConflictException"]);
    expect((await post("/state-machines/numbers/versions", { revisionId: "nonsense" })).status).toBe(409);
    expect((await post("/state-machines/numbers/versions", { revisionId: "2" })).body.stateMachineVersionArn).toBe(`${SM}numbers:2`);
    expect(await del("/state-machines/numbers/versions/2")).toMatchObject({ status: 200, body: {} });
    const gone = await get("/state-machines/numbers/versions/2");
    expect([gone.status, gone.body.error]).toEqual([404, "StateMachineDoesNotExist"]);
    expect((await del("/state-machines/numbers/versions/2")).body.error).toBe("ResourceNotFound");
    // revision 2 again, but version 2 is gone for good
    expect((await post("/state-machines/numbers/versions", {})).body.stateMachineVersionArn).toBe(`${SM}numbers:3`);
    const started = await post("/state-machines/numbers:2/executions", {});
    expect([started.status, started.body.error]).toEqual([404, "StateMachineDoesNotExist"]);
  });

  it("publishes with the create or the update (publish, versionDescription)", async () => {
    const made = await post("/state-machines", { name: "eager", definition: says("x"), publish: true, versionDescription: "launch" });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ name: "eager", revision: 1, stateMachineVersionArn: `${SM}eager:1` });
    expect((await get("/state-machines/eager/versions/1")).body.description).toBe("launch");
    const up = await put("/state-machines/eager", { definition: says("y"), publish: true });
    expect(up.body).toMatchObject({ revision: 2, stateMachineVersionArn: `${SM}eager:2` });
    expect((await put("/state-machines/eager", { definition: says("y") })).body).not.toHaveProperty("stateMachineVersionArn");
    const lonely = await put("/state-machines/eager", { definition: says("z"), versionDescription: "no publish" });
    expect([lonely.status, lonely.body.error]).toEqual([400, "ValidationException"]);
    expect((await get("/state-machines/eager")).body.revision).toBe(2);
    expect((await post("/state-machines", { name: "eager2", definition: says("x"), publish: "yes" })).body.error).toBe(
      "ValidationException",
    );
  });

  it("refuses what names nothing or is malformed", async () => {
    await createMachine("plainest", says("p"));
    expect((await post("/state-machines/ghost/versions", {})).body.error).toBe("StateMachineDoesNotExist");
    expect((await get("/state-machines/ghost/versions")).body.error).toBe("StateMachineDoesNotExist");
    expect((await get("/state-machines/plainest/versions")).body).toEqual({ stateMachineVersions: [] });
    expect((await post("/state-machines/plainest/versions", { description: "x".repeat(257) })).body.error).toBe("ValidationException");
    expect((await get("/state-machines/plainest/versions/abc")).body.error).toBe("ValidationException");
    expect((await get("/state-machines/plainest/versions/0")).body.error).toBe("ValidationException");
    expect((await get("/state-machines/plainest/versions?nextToken=bogus")).body.error).toBe("InvalidToken");
    expect((await get("/state-machines/plainest/versions/7")).status).toBe(404);
    for (const bad of ["plainest:0", "plainest:a.b", "plainest:"]) {
      expect((await post(`/state-machines/${bad}/executions`, {})).body.error, bad).toMatch(/InvalidArn|InvalidName/);
    }
  });

  it("refuses a publish over 1,000 versions with ServiceQuotaExceededException", async () => {
    await createMachine("full", says("f"));
    await env.DB.prepare(
      `WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 1000)
       INSERT INTO state_machine_versions (machine, version, revision, type, definition, role_arn, description, revision_date, created_at)
       SELECT 'full', x, 100 + x, 'STANDARD', '{}', NULL, NULL, 0, 0 FROM n`,
    ).run();
    await env.DB.prepare("UPDATE state_machines SET last_version = 1000 WHERE name = 'full'").run();
    const r = await post("/state-machines/full/versions", {});
    expect([r.status, r.body.error]).toEqual([402, "ServiceQuotaExceededException"]);
  });

  it("deleting the machine deletes its versions: a new machine of that name starts again at 1", async () => {
    await createMachine("phoenix", says("1"));
    await post("/state-machines/phoenix/versions", {});
    await put("/state-machines/phoenix", { definition: says("2") });
    await post("/state-machines/phoenix/versions", {});
    await del("/state-machines/phoenix");
    await createMachine("phoenix", says("3"));
    expect((await get("/state-machines/phoenix/versions")).body).toEqual({ stateMachineVersions: [] });
    expect((await get("/state-machines/phoenix/versions/2")).status).toBe(404);
    expect((await post("/state-machines/phoenix/versions", {})).body.stateMachineVersionArn).toBe(`${SM}phoenix:1`);
  });
});

describe("versions over the AWS protocol", () => {
  it("PublishStateMachineVersion, ListStateMachineVersions, DescribeStateMachine on a version, DeleteStateMachineVersion", async () => {
    const { stateMachineArn, stateMachineVersionArn } = await ok("CreateStateMachine", {
      name: "sdkv",
      definition: JSON.stringify(says("a")),
      roleArn: "arn:aws:iam::123456789012:role/r",
      publish: true,
      versionDescription: "v1",
    });
    expect(stateMachineVersionArn).toBe(`${SM}sdkv:1`);
    const up = await ok("UpdateStateMachine", {
      stateMachineArn,
      definition: JSON.stringify(says("b")),
      publish: true,
      versionDescription: "v2",
    });
    expect(up).toEqual({ updateDate: expect.any(Number), revisionId: "2", stateMachineVersionArn: `${SM}sdkv:2` });
    expect(await ok("PublishStateMachineVersion", { stateMachineArn, revisionId: "2" })).toEqual({
      stateMachineVersionArn: `${SM}sdkv:2`,
      creationDate: expect.any(Number),
    });
    const conflict = await aws("PublishStateMachineVersion", { stateMachineArn, revisionId: "1" });
    expect([conflict.status, conflict.body.__type]).toEqual([409, "ConflictException"]);
    expect(
      (await ok("ListStateMachineVersions", { stateMachineArn })).stateMachineVersions.map((v: any) => v.stateMachineVersionArn),
    ).toEqual([`${SM}sdkv:2`, `${SM}sdkv:1`]);
    const v1 = await ok("DescribeStateMachine", { stateMachineArn: `${SM}sdkv:1` });
    expect(v1).toMatchObject({
      stateMachineArn: `${SM}sdkv:1`,
      name: "sdkv",
      description: "v1",
      revisionId: "1",
      creationDate: expect.any(Number),
    });
    expect(JSON.parse(v1.definition)).toEqual(says("a"));
    expect(await ok("DescribeStateMachine", { stateMachineArn })).toMatchObject({ revisionId: "2" });
    const run = await ok("StartExecution", { stateMachineArn: `${SM}sdkv:1`, name: "one" });
    const d = await ok("DescribeExecution", { executionArn: run.executionArn });
    expect(d).toMatchObject({ stateMachineArn, stateMachineVersionArn: `${SM}sdkv:1`, output: '{"word":"a"}' });
    expect(d).not.toHaveProperty("stateMachineAliasArn");
    expect(await ok("DeleteStateMachineVersion", { stateMachineVersionArn: `${SM}sdkv:1` })).toEqual({});
    expect(await ok("DeleteStateMachineVersion", { stateMachineVersionArn: `${SM}sdkv:1` })).toEqual({});
    expect((await aws("DescribeStateMachine", { stateMachineArn: `${SM}sdkv:1` })).body.__type).toBe("StateMachineDoesNotExist");
    expect((await aws("StartExecution", { stateMachineArn: `${SM}sdkv:1` })).body.__type).toBe("StateMachineDoesNotExist");
  });

  it("answers AWS's errors", async () => {
    await ok("CreateStateMachine", { name: "sdkerr", definition: JSON.stringify(says("e")), roleArn: "arn:aws:iam::123456789012:role/r" });
    const type = async (op: string, body: object) => (await aws(op, body)).body.__type;
    expect(await type("PublishStateMachineVersion", { stateMachineArn: `${SM}ghost` })).toBe("StateMachineDoesNotExist");
    expect(await type("PublishStateMachineVersion", { stateMachineArn: "arn:aws:states:us-east-1:123456789012:activity:x" })).toBe(
      "InvalidArn",
    );
    expect(await type("PublishStateMachineVersion", { stateMachineArn: `${SM}sdkerr:1` })).toBe("InvalidArn");
    expect(await type("PublishStateMachineVersion", { stateMachineArn: `${SM}sdkerr`, description: 5 })).toBe("ValidationException");
    expect(await type("ListStateMachineVersions", { stateMachineArn: "nope" })).toBe("InvalidArn");
    expect(await type("ListStateMachineVersions", { stateMachineArn: `${SM}sdkerr`, nextToken: "x!" })).toBe("InvalidToken");
    expect(await type("DeleteStateMachineVersion", { stateMachineVersionArn: `${SM}sdkerr` })).toBe("InvalidArn");
    expect(await type("DeleteStateMachineVersion", {})).toBe("ValidationException");
    expect(await type("DescribeStateMachine", { stateMachineArn: `${SM}sdkerr:0` })).toBe("InvalidArn");
    expect(await type("DescribeStateMachine", { stateMachineArn: `${SM}sdkerr:9` })).toBe("StateMachineDoesNotExist");
    expect(await type("CreateStateMachine", { name: "sdkerr2", definition: JSON.stringify(says("e")), versionDescription: "x" })).toBe(
      "ValidationException",
    );
    expect((await call("GET", "/state-machines/sdkerr2")).status).toBe(404);
  });

  it("StartSyncExecution runs an EXPRESS version's definition", async () => {
    await ok("CreateStateMachine", { name: "fastv", type: "EXPRESS", definition: JSON.stringify(says("v1")), publish: true });
    await ok("UpdateStateMachine", { stateMachineArn: `${SM}fastv`, definition: JSON.stringify(says("v2")) });
    const r = await ok("StartSyncExecution", { stateMachineArn: `${SM}fastv:1` });
    expect(r).toMatchObject({ status: "SUCCEEDED", stateMachineArn: `${SM}fastv`, output: '{"word":"v1"}' });
    const rest = await post("/state-machines/fastv:1/sync-executions", {});
    expect(rest.body.output).toBe('{"word":"v1"}');
    expect((await post("/state-machines/fastv/sync-executions", {})).body.output).toBe('{"word":"v2"}');
  });
});

describe("an EXPRESS version started asynchronously", () => {
  it("the queue runs the version it was started with, not the machine's current definition", async () => {
    const record = (key: string) => ({
      StartAt: "Record",
      States: { Record: { Type: "Task", Resource: "kv:STORE:put", Parameters: { Key: key, "Value.$": "$$.Execution.Id" }, End: true } },
    });
    await createMachine("queued", record("queued-v1"), { type: "EXPRESS" });
    await post("/state-machines/queued/versions", {});
    await put("/state-machines/queued", { definition: record("queued-now") });
    const r = await post("/state-machines/queued:1/executions", {});
    expect(r.status).toBe(201);
    const start = {
      executionArn: r.body.executionArn,
      name: "n",
      stateMachineName: "queued",
      input: "{}",
      startDate: r.body.startDate,
      version: 1,
    };
    await runQueuedStart(env, start);
    expect(await env.STORE.get("queued-v1")).toBe(r.body.executionArn);
    await runQueuedStart(env, { ...start, version: 9 }); // deleted since: dropped, not retried
  });
});
