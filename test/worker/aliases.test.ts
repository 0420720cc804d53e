// State machine aliases over REST and the AWS protocol: create, describe, update, delete, list, route.
import { describe, expect, it } from "vitest";
import { createMachine, del, get, post, put } from "./api-client.ts";
import { aws, ok } from "./aws-client.ts";
import { express } from "./express-helpers.ts";
import { exports } from "cloudflare:workers";

const SM = "arn:aws:states:us-east-1:123456789012:stateMachine:";
const enc = encodeURIComponent;
const says = (word: string) => ({ StartAt: "Say", States: { Say: { Type: "Pass", Result: { word }, End: true } } });

/** A machine with versions 1 and 2 (saying "one" and "two"). */
async function twoVersions(name: string, type?: "EXPRESS") {
  await createMachine(name, says("one"), type ? { type } : {});
  await post(`/state-machines/${name}/versions`, {});
  await put(`/state-machines/${name}`, { definition: says("two") });
  await post(`/state-machines/${name}/versions`, {});
}

const route = (machine: string, version: number, weight: number) => ({ stateMachineVersionArn: `${SM}${machine}:${version}`, weight });

describe("aliases over REST", () => {
  it("creates, describes, lists, updates and deletes an alias; the same create again answers it", async () => {
    await twoVersions("aliased");
    const body = { name: "prod", description: "live", routingConfiguration: [route("aliased", 1, 100)] };
    const made = await post("/state-machines/aliased/aliases", body);
    expect(made.status).toBe(201);
    expect(made.body).toEqual({
      stateMachineAliasArn: `${SM}aliased:prod`,
      name: "prod",
      description: "live",
      routingConfiguration: [route("aliased", 1, 100)],
      creationDate: expect.any(String),
      updateDate: made.body.creationDate,
    });
    const again = await post("/state-machines/aliased/aliases", body);
    expect([again.status, again.body]).toEqual([200, made.body]);
    const other = await post("/state-machines/aliased/aliases", { ...body, description: "else" });
    expect([other.status, other.body.error]).toEqual([409, "ConflictException"]);
    expect((await get("/state-machines/aliased/aliases/prod")).body).toEqual(made.body);
    await post("/state-machines/aliased/aliases", { name: "beta", routingConfiguration: [route("aliased", 2, 100)] });
    const list = await get("/state-machines/aliased/aliases");
    expect(list.body.stateMachineAliases.map((a: any) => a.stateMachineAliasArn).sort()).toEqual([
      `${SM}aliased:beta`,
      `${SM}aliased:prod`,
    ]);
    // given a version: the aliases that route to it
    expect((await get(`/state-machines/${enc("aliased:2")}/aliases`)).status).toBe(400);
    const up = await put("/state-machines/aliased/aliases/prod", {
      routingConfiguration: [route("aliased", 1, 90), route("aliased", 2, 10)],
    });
    expect(up.status).toBe(200);
    expect(up.body).toMatchObject({ description: "live", routingConfiguration: [route("aliased", 1, 90), route("aliased", 2, 10)] });
    expect((await put("/state-machines/aliased/aliases/prod", { description: "still live" })).body).toMatchObject({
      description: "still live",
      routingConfiguration: [route("aliased", 1, 90), route("aliased", 2, 10)],
    });
    expect(await del("/state-machines/aliased/aliases/beta")).toMatchObject({ status: 200, body: {} });
    const gone = await get("/state-machines/aliased/aliases/beta");
    expect([gone.status, gone.body.error]).toEqual([404, "ResourceNotFound"]);
    expect((await del("/state-machines/aliased/aliases/beta")).body.error).toBe("ResourceNotFound");
    const page = await get("/state-machines/aliased/aliases?maxResults=1");
    expect(page.body).toEqual({ stateMachineAliases: [{ stateMachineAliasArn: `${SM}aliased:prod`, creationDate: expect.any(String) }] });
  });

  it("refuses a bad routing, name or description, and versions that do not exist or belong elsewhere", async () => {
    await twoVersions("strict");
    await twoVersions("elsewhere");
    const create = (b: object) => post("/state-machines/strict/aliases", { name: "a", ...b });
    const error = async (b: object) => (await create(b)).body.error;
    expect(await error({ routingConfiguration: [] })).toBe("ValidationException");
    expect(await error({ routingConfiguration: [route("strict", 1, 50)] })).toBe("ValidationException");
    expect(await error({ routingConfiguration: [route("strict", 1, 50), route("strict", 1, 50)] })).toBe("ValidationException");
    expect(await error({ routingConfiguration: [route("strict", 1, 34), route("strict", 2, 33), route("strict", 2, 33)] })).toBe(
      "ValidationException",
    );
    expect(await error({ routingConfiguration: [route("strict", 1, 50.5), route("strict", 2, 49.5)] })).toBe("ValidationException");
    expect(await error({ routingConfiguration: [route("strict", 1, 50), route("elsewhere", 2, 50)] })).toBe("ValidationException");
    expect(await error({ routingConfiguration: [route("strict", 9, 100)] })).toBe("ResourceNotFound");
    expect(await error({ routingConfiguration: [{ stateMachineVersionArn: `${SM}strict`, weight: 100 }] })).toBe("InvalidArn");
    expect(await error({ routingConfiguration: [{ weight: 100 }] })).toBe("ValidationException");
    expect(await error({ name: "123", routingConfiguration: [route("strict", 1, 100)] })).toBe("InvalidName");
    expect(await error({ name: "a b", routingConfiguration: [route("strict", 1, 100)] })).toBe("InvalidName");
    expect(await error({ description: "x".repeat(257), routingConfiguration: [route("strict", 1, 100)] })).toBe("ValidationException");
    expect((await post("/state-machines/ghost/aliases", { name: "a", routingConfiguration: [route("strict", 1, 100)] })).body.error).toBe(
      "StateMachineDoesNotExist",
    );
    expect((await get("/state-machines/ghost/aliases")).body.error).toBe("StateMachineDoesNotExist");
    expect((await put("/state-machines/strict/aliases/none", { description: "x" })).body.error).toBe("ResourceNotFound");
    await create({ routingConfiguration: [route("strict", 1, 100)] });
    expect((await put("/state-machines/strict/aliases/a", {})).body.error).toBe("ValidationException");
    expect((await put("/state-machines/strict/aliases/a", { routingConfiguration: [route("elsewhere", 1, 100)] })).body.error).toBe(
      "ValidationException",
    );
  });

  it("a version an alias routes to cannot be deleted (ConflictException) until the alias lets it go", async () => {
    await twoVersions("held");
    await post("/state-machines/held/aliases", { name: "live", routingConfiguration: [route("held", 1, 50), route("held", 2, 50)] });
    const refused = await del("/state-machines/held/versions/2");
    expect([refused.status, refused.body.error]).toEqual([409, "ConflictException"]);
    await put("/state-machines/held/aliases/live", { routingConfiguration: [route("held", 1, 100)] });
    expect((await del("/state-machines/held/versions/2")).status).toBe(200);
    expect((await del("/state-machines/held/versions/1")).body.error).toBe("ConflictException");
    await del("/state-machines/held/aliases/live");
    expect((await del("/state-machines/held/versions/1")).status).toBe(200);
  });

  it("starts through an alias by weight: both versions run, and the execution names the alias and the version", async () => {
    await twoVersions("split");
    await post("/state-machines/split/aliases", { name: "canary", routingConfiguration: [route("split", 1, 50), route("split", 2, 50)] });
    const seen = new Map<string, number>();
    for (let i = 0; i < 40; i++) {
      const r = await post("/state-machines/split:canary/executions", { name: `e${i}` });
      expect(r.status).toBe(201);
      const d = (await get(`/executions/${enc(r.body.executionArn)}`)).body;
      expect(d.stateMachineAliasArn).toBe(`${SM}split:canary`);
      const word = JSON.parse(d.output).word;
      expect(d.stateMachineVersionArn).toBe(`${SM}split:${word === "one" ? 1 : 2}`);
      seen.set(word, (seen.get(word) ?? 0) + 1);
    }
    // 50/50 over 40 starts: each side at least once (the chance of missing one is 2 in 10^12)
    expect([...seen.keys()].sort()).toEqual(["one", "two"]);
    // 100 to one version: always that one
    await put("/state-machines/split/aliases/canary", { routingConfiguration: [route("split", 2, 100)] });
    for (let i = 0; i < 5; i++) {
      const r = await post(`/state-machines/${enc(`${SM}split:canary`)}/executions`, {});
      expect((await get(`/executions/${enc(r.body.executionArn)}`)).body.stateMachineVersionArn).toBe(`${SM}split:2`);
    }
    expect((await post("/state-machines/split:nothing/executions", {})).body.error).toBe("StateMachineDoesNotExist");
  });

  it("deleting the machine deletes its aliases", async () => {
    await twoVersions("doomed");
    await post("/state-machines/doomed/aliases", { name: "x", routingConfiguration: [route("doomed", 1, 100)] });
    await del("/state-machines/doomed");
    await createMachine("doomed", says("again"));
    expect((await get("/state-machines/doomed/aliases")).body).toEqual({ stateMachineAliases: [] });
    expect((await post("/state-machines/doomed:x/executions", {})).body.error).toBe("StateMachineDoesNotExist");
  });

  it("StartSyncExecution and an HTTP trigger run through an alias", async () => {
    await twoVersions("quick", "EXPRESS");
    await post("/state-machines/quick/aliases", { name: "stable", routingConfiguration: [route("quick", 1, 100)] });
    expect((await post("/state-machines/quick:stable/sync-executions", {})).body).toMatchObject({
      status: "SUCCEEDED",
      output: '{"word":"one"}',
    });
    const t = await put("/state-machines/quick:stable/trigger", { method: "GET", path: "/quick-stable", auth: "none" });
    expect(t.body).toMatchObject({ stateMachine: "quick:stable", path: "/quick-stable" });
    const res = await exports.default.fetch("https://asl.test/run/quick-stable");
    expect(await res.json()).toEqual({ word: "one" });
    expect((await get("/state-machines/quick:stable/trigger")).body.stateMachine).toBe("quick:stable");
    await put("/state-machines/quick/aliases/stable", { routingConfiguration: [route("quick", 2, 100)] });
    expect(await (await exports.default.fetch("https://asl.test/run/quick-stable")).json()).toEqual({ word: "two" });
    expect((await del("/state-machines/quick:stable/trigger")).status).toBe(200);
    await express("quick-none", says("n"));
    expect((await put("/state-machines/quick-none:nope/trigger", { method: "GET", path: "/qn" })).body.error).toBe(
      "StateMachineDoesNotExist",
    );
  });
});

describe("aliases over the AWS protocol", () => {
  it("CreateStateMachineAlias, Describe, Update, List, Delete, and StartExecution through one", async () => {
    const { stateMachineArn } = await ok("CreateStateMachine", {
      name: "sdka",
      definition: JSON.stringify(says("one")),
      roleArn: "arn:aws:iam::123456789012:role/r",
      publish: true,
    });
    await ok("UpdateStateMachine", { stateMachineArn, definition: JSON.stringify(says("two")), publish: true });
    const made = await ok("CreateStateMachineAlias", { name: "PROD", description: "d", routingConfiguration: [route("sdka", 2, 100)] });
    expect(made).toEqual({ stateMachineAliasArn: `${SM}sdka:PROD`, creationDate: expect.any(Number) });
    const aliasArn = made.stateMachineAliasArn;
    expect(await ok("DescribeStateMachineAlias", { stateMachineAliasArn: aliasArn })).toEqual({
      stateMachineAliasArn: aliasArn,
      name: "PROD",
      description: "d",
      routingConfiguration: [route("sdka", 2, 100)],
      creationDate: made.creationDate,
      updateDate: made.creationDate,
    });
    const run = await ok("StartExecution", { stateMachineArn: aliasArn });
    expect(await ok("DescribeExecution", { executionArn: run.executionArn })).toMatchObject({
      stateMachineArn,
      stateMachineAliasArn: aliasArn,
      stateMachineVersionArn: `${SM}sdka:2`,
      output: '{"word":"two"}',
    });
    expect(await ok("UpdateStateMachineAlias", { stateMachineAliasArn: aliasArn, routingConfiguration: [route("sdka", 1, 100)] })).toEqual({
      updateDate: expect.any(Number),
    });
    expect(await ok("ListStateMachineAliases", { stateMachineArn })).toEqual({
      stateMachineAliases: [{ stateMachineAliasArn: aliasArn, creationDate: made.creationDate }],
    });
    expect(await ok("ListStateMachineAliases", { stateMachineArn: `${SM}sdka:1` })).toMatchObject({
      stateMachineAliases: [{ stateMachineAliasArn: aliasArn }],
    });
    expect(await ok("ListStateMachineAliases", { stateMachineArn: `${SM}sdka:2` })).toEqual({ stateMachineAliases: [] });
    const held = await aws("DeleteStateMachineVersion", { stateMachineVersionArn: `${SM}sdka:1` });
    expect([held.status, held.body.__type]).toEqual([409, "ConflictException"]);
    expect(await ok("DeleteStateMachineAlias", { stateMachineAliasArn: aliasArn })).toEqual({});
    expect((await aws("DescribeStateMachineAlias", { stateMachineAliasArn: aliasArn })).body.__type).toBe("ResourceNotFound");
    expect((await aws("StartExecution", { stateMachineArn: aliasArn })).body.__type).toBe("StateMachineDoesNotExist");
  });

  it("answers AWS's errors", async () => {
    await ok("CreateStateMachine", {
      name: "sdkae",
      definition: JSON.stringify(says("e")),
      roleArn: "arn:aws:iam::123456789012:role/r",
      publish: true,
    });
    const type = async (op: string, body: object) => (await aws(op, body)).body.__type;
    const alias = `${SM}sdkae:live`;
    expect(await type("CreateStateMachineAlias", { name: "live" })).toBe("ValidationException");
    expect(await type("CreateStateMachineAlias", { name: "live", routingConfiguration: [route("sdkae", 2, 100)] })).toBe(
      "ResourceNotFound",
    );
    expect(await type("CreateStateMachineAlias", { name: "9", routingConfiguration: [route("sdkae", 1, 100)] })).toBe("InvalidName");
    expect(
      await type("CreateStateMachineAlias", { name: "x", routingConfiguration: [{ stateMachineVersionArn: "nope", weight: 100 }] }),
    ).toBe("InvalidArn");
    expect(await type("DescribeStateMachineAlias", { stateMachineAliasArn: alias })).toBe("ResourceNotFound");
    expect(await type("DescribeStateMachineAlias", { stateMachineAliasArn: `${SM}sdkae:1` })).toBe("InvalidArn");
    expect(
      await type("DescribeStateMachineAlias", { stateMachineAliasArn: "arn:aws:states:eu-west-1:123456789012:stateMachine:sdkae:live" }),
    ).toBe("ResourceNotFound");
    expect(await type("UpdateStateMachineAlias", { stateMachineAliasArn: alias, description: "x" })).toBe("ResourceNotFound");
    expect(await type("DeleteStateMachineAlias", { stateMachineAliasArn: alias })).toBe("ResourceNotFound");
    expect(await type("DeleteStateMachineAlias", { stateMachineAliasArn: "bad" })).toBe("InvalidArn");
    expect(await type("ListStateMachineAliases", { stateMachineArn: `${SM}ghost` })).toBe("StateMachineDoesNotExist");
    expect(await type("ListStateMachineAliases", { stateMachineArn: `${SM}sdkae:7` })).toBe("ResourceNotFound");
    expect(await type("ListStateMachineAliases", { stateMachineArn: alias })).toBe("InvalidArn");
    expect(await type("ListStateMachineAliases", { stateMachineArn: `${SM}sdkae`, nextToken: "zz" })).toBe("InvalidToken");
    expect(await type("DescribeStateMachine", { stateMachineArn: alias })).toBe("InvalidArn");
    await ok("CreateStateMachineAlias", { name: "live", routingConfiguration: [route("sdkae", 1, 100)] });
    expect(await type("UpdateStateMachineAlias", { stateMachineAliasArn: alias })).toBe("ValidationException");
    const again = await aws("CreateStateMachineAlias", {
      name: "live",
      description: "other",
      routingConfiguration: [route("sdkae", 1, 100)],
    });
    expect([again.status, again.body.__type]).toEqual([409, "ConflictException"]);
  });

  it("refuses a 101st alias with ServiceQuotaExceededException", async () => {
    await ok("CreateStateMachine", {
      name: "many",
      definition: JSON.stringify(says("m")),
      roleArn: "arn:aws:iam::123456789012:role/r",
      publish: true,
    });
    for (let i = 0; i < 100; i++) await ok("CreateStateMachineAlias", { name: `a${i}`, routingConfiguration: [route("many", 1, 100)] });
    const r = await aws("CreateStateMachineAlias", { name: "over", routingConfiguration: [route("many", 1, 100)] });
    expect([r.status, r.body.__type]).toEqual([402, "ServiceQuotaExceededException"]);
    const first = await ok("ListStateMachineAliases", { stateMachineArn: `${SM}many`, maxResults: 60 });
    const second = await ok("ListStateMachineAliases", { stateMachineArn: `${SM}many`, maxResults: 60, nextToken: first.nextToken });
    expect(second.nextToken).toBeUndefined();
    const all = [...first.stateMachineAliases, ...second.stateMachineAliases].map((a: any) => a.stateMachineAliasArn);
    expect(new Set(all).size).toBe(100);
  });
});
