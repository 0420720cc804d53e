// Tags of state machines and activities, over REST (/state-machines/:name/tags, /activities/:ref/tags)
// and the AWS protocol (TagResource, UntagResource, ListTagsForResource, tags at creation): AWS's
// limits at their edges, every error, and deletion taking the tags with it.
import { describe, expect, it } from "vitest";
import { call, createMachine, del, get, PASS, post } from "./api-client.ts";
import { aws, ok } from "./aws-client.ts";

const PLACE = "arn:aws:states:us-east-1:123456789012";
const MACHINE = (name: string) => `${PLACE}:stateMachine:${name}`;
const ACTIVITY = (name: string) => `${PLACE}:activity:${name}`;
const enc = encodeURIComponent;
const pass = JSON.stringify(PASS);
const ROLE = "arn:aws:iam::123456789012:role/sfn";
const tagsOf = (n: number, prefix = "k") => Array.from({ length: n }, (_, i) => ({ key: `${prefix}${i}`, value: `v${i}` }));

async function awsError(op: string, body: unknown): Promise<{ status: number; type: string; message: string; resourceName?: string }> {
  const r = await aws(op, body);
  return { status: r.status, type: r.body.__type, message: r.body.message, resourceName: r.body.resourceName };
}

describe("tags over REST", () => {
  it("creates a machine with tags, lists them by key, adds, overwrites and removes", async () => {
    await createMachine("rest-tags", PASS, {
      tags: [
        { key: "team", value: "pay" },
        { key: "env", value: "prod" },
      ],
    });
    expect((await get("/state-machines/rest-tags/tags")).body).toEqual({
      tags: [
        { key: "env", value: "prod" },
        { key: "team", value: "pay" },
      ],
    });
    const added = await post("/state-machines/rest-tags/tags", {
      tags: [
        { key: "env", value: "dev" },
        { key: "cost", value: "" },
      ],
    });
    expect(added.status).toBe(200);
    expect(added.body.tags).toEqual([
      { key: "cost", value: "" },
      { key: "env", value: "dev" },
      { key: "team", value: "pay" },
    ]);
    const removed = await del("/state-machines/rest-tags/tags?tagKeys=env,cost&tagKeys=absent");
    expect(removed.body).toEqual({ tags: [{ key: "team", value: "pay" }] });
  });

  it("tags activities by name or ARN, and POST /activities takes tags", async () => {
    const r = await post("/activities", { name: "tagged-act", tags: [{ key: "owner", value: "ops" }] });
    expect(r.status).toBe(201);
    expect((await get(`/activities/${enc(ACTIVITY("tagged-act"))}/tags`)).body).toEqual({ tags: [{ key: "owner", value: "ops" }] });
    await post("/activities/tagged-act/tags", { tags: [{ key: "tier", value: "1" }] });
    expect((await get("/activities/tagged-act/tags")).body.tags.map((t: any) => t.key)).toEqual(["owner", "tier"]);
  });

  it("answers the errors: unknown resource, bad names and ARNs, missing or malformed bodies", async () => {
    const missing = await get("/state-machines/no-such-machine/tags");
    expect([missing.status, missing.body.error, missing.body.resourceName]).toEqual([404, "ResourceNotFound", MACHINE("no-such-machine")]);
    expect((await get("/activities/no-such-act/tags")).body.error).toBe("ResourceNotFound");
    const elsewhere = await get(`/activities/${enc("arn:aws:states:eu-west-1:123456789012:activity:x")}/tags`);
    expect([elsewhere.status, elsewhere.body.error]).toEqual([404, "ResourceNotFound"]);
    expect((await get(`/activities/${enc(MACHINE("x"))}/tags`)).body.error).toBe("InvalidArn");
    expect((await get("/state-machines/bad%20name/tags")).body.error).toBe("InvalidName");
    await createMachine("rest-tag-errors");
    const noTags = await post("/state-machines/rest-tag-errors/tags", {});
    expect([noTags.status, noTags.body.error]).toEqual([400, "ValidationException"]);
    const noKeys = await del("/state-machines/rest-tag-errors/tags");
    expect([noKeys.status, noKeys.body.error]).toEqual([400, "MissingRequiredParameter"]);
    expect((await del("/state-machines/rest-tag-errors/tags?tagKeys=a,,b")).body.error).toBe("ValidationException");
    expect((await call("POST", "/state-machines/rest-tag-errors/tags", undefined, { raw: "[" })).body.error).toBe("SerializationException");
    expect((await call("GET", "/state-machines/rest-tag-errors/tags", undefined, { token: null })).status).toBe(401);
  });

  it("refuses a create with bad or too many tags, and stores nothing", async () => {
    const bad = await post("/state-machines", { name: "rest-bad-tags", definition: PASS, tags: [{ key: "a*b", value: "" }] });
    expect([bad.status, bad.body.error]).toEqual([400, "ValidationException"]);
    const many = await post("/state-machines", { name: "rest-many-tags", definition: PASS, tags: tagsOf(51) });
    expect([many.status, many.body.error, many.body.resourceName]).toEqual([400, "TooManyTags", MACHINE("rest-many-tags")]);
    expect((await get("/state-machines/rest-bad-tags")).status).toBe(404);
    expect((await get("/state-machines/rest-many-tags")).status).toBe(404);
    expect((await post("/activities", { name: "act-many-tags", tags: tagsOf(51) })).body.error).toBe("TooManyTags");
    expect((await get("/activities/act-many-tags")).status).toBe(404);
  });
});

describe("tags over the AWS protocol", () => {
  it("CreateStateMachine and CreateActivity take tags; TagResource, ListTagsForResource, UntagResource", async () => {
    const { stateMachineArn } = await ok("CreateStateMachine", {
      name: "aws-tags",
      definition: pass,
      roleArn: ROLE,
      tags: [{ key: "a", value: "1" }],
    });
    expect(await ok("ListTagsForResource", { resourceArn: stateMachineArn })).toEqual({ tags: [{ key: "a", value: "1" }] });
    expect(
      await ok("TagResource", {
        resourceArn: stateMachineArn,
        tags: [
          { key: "a", value: "2" },
          { key: "b", value: "3" },
        ],
      }),
    ).toEqual({});
    expect((await ok("ListTagsForResource", { resourceArn: stateMachineArn })).tags).toEqual([
      { key: "a", value: "2" },
      { key: "b", value: "3" },
    ]);
    expect(await ok("UntagResource", { resourceArn: stateMachineArn, tagKeys: ["a", "never-there"] })).toEqual({});
    expect((await ok("ListTagsForResource", { resourceArn: stateMachineArn })).tags).toEqual([{ key: "b", value: "3" }]);

    const { activityArn } = await ok("CreateActivity", { name: "aws-tagged-act", tags: [{ key: "q", value: "x" }] });
    expect(await ok("ListTagsForResource", { resourceArn: activityArn })).toEqual({ tags: [{ key: "q", value: "x" }] });
    await ok("UntagResource", { resourceArn: activityArn, tagKeys: ["q"] });
    expect(await ok("ListTagsForResource", { resourceArn: activityArn })).toEqual({ tags: [] });
  });

  it("ignores the tags of a create that answers an existing resource (as AWS)", async () => {
    const first = { name: "aws-idem-tags", definition: pass, roleArn: ROLE, tags: [{ key: "v", value: "1" }] };
    const { stateMachineArn } = await ok("CreateStateMachine", first);
    await ok("CreateStateMachine", { ...first, tags: [{ key: "w", value: "2" }] });
    expect((await ok("ListTagsForResource", { resourceArn: stateMachineArn })).tags).toEqual([{ key: "v", value: "1" }]);
    await ok("CreateActivity", { name: "aws-idem-act", tags: [{ key: "v", value: "1" }] });
    await ok("CreateActivity", { name: "aws-idem-act", tags: [{ key: "w", value: "2" }] });
    expect((await ok("ListTagsForResource", { resourceArn: ACTIVITY("aws-idem-act") })).tags).toEqual([{ key: "v", value: "1" }]);
  });

  it("keeps 50 tags, refuses the 51st with TooManyTags (resourceName, nothing changed); overwriting one is not a new one", async () => {
    const { stateMachineArn } = await ok("CreateStateMachine", { name: "aws-fifty", definition: pass, roleArn: ROLE, tags: tagsOf(50) });
    expect((await ok("ListTagsForResource", { resourceArn: stateMachineArn })).tags).toHaveLength(50);
    await ok("TagResource", { resourceArn: stateMachineArn, tags: [{ key: "k7", value: "changed" }] });
    const e = await awsError("TagResource", {
      resourceArn: stateMachineArn,
      tags: [
        { key: "k0", value: "x" },
        { key: "k50", value: "x" },
      ],
    });
    expect(e).toEqual({
      status: 400,
      type: "TooManyTags",
      message: expect.stringMatching(/at most 50 .* would have 51/),
      resourceName: stateMachineArn,
    });
    const after = (await ok("ListTagsForResource", { resourceArn: stateMachineArn })).tags;
    expect(after).toHaveLength(50);
    expect(after.find((t: any) => t.key === "k0").value).toBe("v0");
    expect(after.find((t: any) => t.key === "k7").value).toBe("changed");
    const tooMany = await awsError("CreateStateMachine", { name: "aws-51", definition: pass, roleArn: ROLE, tags: tagsOf(51) });
    expect([tooMany.type, tooMany.resourceName]).toEqual(["TooManyTags", MACHINE("aws-51")]);
    expect((await awsError("CreateActivity", { name: "aws-51-act", tags: tagsOf(51) })).type).toBe("TooManyTags");
    // A key given twice in one request counts once.
    await ok("CreateActivity", { name: "aws-dup-keys", tags: [...tagsOf(50), { key: "k0", value: "last" }] });
    const dup = (await ok("ListTagsForResource", { resourceArn: ACTIVITY("aws-dup-keys") })).tags;
    expect([dup.length, dup.find((t: any) => t.key === "k0").value]).toEqual([50, "last"]);
  });

  it("takes keys of 1 to 128 and values of 0 to 256 characters of letters, digits, white space and _ . : / = + - @", async () => {
    const { activityArn } = await ok("CreateActivity", { name: "aws-edges" });
    const edges = [
      { key: "k".repeat(128), value: "v".repeat(256) },
      { key: "x", value: "" },
      { key: "Ünï cødé 名前 ٣", value: "a_b.c:d/e=f+g-h@i j" },
      { key: "aws-like:team/sub", value: "ok" },
    ];
    await ok("TagResource", { resourceArn: activityArn, tags: edges });
    expect((await ok("ListTagsForResource", { resourceArn: activityArn })).tags).toHaveLength(4);
    const refused = [
      { key: "", value: "" },
      { key: "k".repeat(129), value: "" },
      { key: "ok", value: "v".repeat(257) },
      { key: "a*b", value: "" },
      { key: "ok", value: "semi;colon" },
      { key: "tab\there", value: "" },
      { key: 7, value: "" },
      { value: "no key" },
      { key: "ok", value: 7 },
      "not-an-object",
    ];
    for (const tag of refused) {
      const e = await awsError("TagResource", { resourceArn: activityArn, tags: [tag] });
      expect([tag, e.status, e.type]).toEqual([tag, 400, "ValidationException"]);
    }
    expect((await awsError("TagResource", { resourceArn: activityArn, tags: { a: "b" } })).type).toBe("ValidationException");
    expect((await awsError("TagResource", { resourceArn: activityArn })).type).toBe("ValidationException");
    expect((await awsError("UntagResource", { resourceArn: activityArn })).type).toBe("ValidationException");
    expect((await awsError("UntagResource", { resourceArn: activityArn, tagKeys: ["k".repeat(129)] })).type).toBe("ValidationException");
    expect((await awsError("UntagResource", { resourceArn: activityArn, tagKeys: [""] })).type).toBe("ValidationException");
    await ok("UntagResource", { resourceArn: activityArn, tagKeys: ["k".repeat(128)] });
    expect((await ok("ListTagsForResource", { resourceArn: activityArn })).tags).toHaveLength(3);
  });

  it("answers InvalidArn, ResourceNotFound (with resourceName) and ValidationException", async () => {
    for (const op of ["TagResource", "UntagResource", "ListTagsForResource"]) {
      const body = { tags: [{ key: "a", value: "b" }], tagKeys: ["a"] };
      for (const arn of [
        "nope",
        `${PLACE}:execution:m:e`,
        `${PLACE}:stateMachine:m:1`,
        "arn:aws:lambda:us-east-1:123456789012:function:f",
      ]) {
        expect([op, arn, (await awsError(op, { ...body, resourceArn: arn })).type]).toEqual([op, arn, "InvalidArn"]);
      }
      for (const arn of [MACHINE("never-made"), ACTIVITY("never-made"), "arn:aws:states:eu-west-1:123456789012:stateMachine:aws-tags"]) {
        const e = await awsError(op, { ...body, resourceArn: arn });
        expect([op, e.status, e.type, e.resourceName]).toEqual([op, 400, "ResourceNotFound", arn]);
      }
      expect((await awsError(op, body)).type).toBe("ValidationException");
    }
  });
});

describe("deleting a resource deletes its tags", () => {
  it("a state machine made again under the same name starts without tags (REST and AWS)", async () => {
    await createMachine("reborn", PASS, { tags: [{ key: "old", value: "1" }] });
    expect((await del("/state-machines/reborn")).status).toBe(200);
    expect((await get("/state-machines/reborn/tags")).body.error).toBe("ResourceNotFound");
    await createMachine("reborn");
    expect((await get("/state-machines/reborn/tags")).body).toEqual({ tags: [] });
    await ok("TagResource", { resourceArn: MACHINE("reborn"), tags: [{ key: "again", value: "2" }] });
    await ok("DeleteStateMachine", { stateMachineArn: MACHINE("reborn") });
    await ok("CreateStateMachine", { name: "reborn", definition: pass, roleArn: ROLE });
    expect(await ok("ListTagsForResource", { resourceArn: MACHINE("reborn") })).toEqual({ tags: [] });
  });

  it("an activity made again under the same name starts without tags", async () => {
    await ok("CreateActivity", { name: "reborn-act", tags: [{ key: "old", value: "1" }] });
    await ok("DeleteActivity", { activityArn: ACTIVITY("reborn-act") });
    expect((await awsError("ListTagsForResource", { resourceArn: ACTIVITY("reborn-act") })).type).toBe("ResourceNotFound");
    await post("/activities", { name: "reborn-act" });
    expect((await get("/activities/reborn-act/tags")).body).toEqual({ tags: [] });
  });
});
