import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { app } from "../../worker/app.ts";
import { call, createMachine, del, get, PASS, post, put, TOKEN, WAIT } from "./api-client.ts";

const ARN = "arn:aws:states:us-east-1:123456789012:stateMachine:";

describe("state machines: create, describe, update, delete", () => {
  it("creates a machine and describes it the way AWS does", async () => {
    const r = await post("/state-machines", { name: "orders", definition: PASS });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      stateMachineArn: `${ARN}orders`,
      name: "orders",
      type: "STANDARD",
      status: "ACTIVE",
      revision: 1,
      roleArn: "arn:aws:iam::123456789012:role/StepFunctions-orders-role",
    });
    expect(JSON.parse(r.body.definition)).toEqual(PASS);
    expect(Date.parse(r.body.creationDate)).toBeGreaterThan(0);
    expect(await get("/state-machines/orders")).toMatchObject({ status: 200, body: r.body });
  });

  it("keeps a definition sent as JSON text exactly as sent, with the type and role given", async () => {
    const text = '{\n  "StartAt": "A",\n  "States": { "A": { "Type": "Succeed" } }\n}';
    const roleArn = "arn:aws:iam::123456789012:role/fast";
    const r = await post("/state-machines", { name: "texty", definition: text, type: "EXPRESS", roleArn });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ definition: text, type: "EXPRESS", roleArn });
  });

  it("answers the same create again with the machine, and a different one with StateMachineAlreadyExists", async () => {
    const first = await createMachine("twice");
    const again = await post("/state-machines", { name: "twice", definition: PASS });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first);
    const other = await post("/state-machines", { name: "twice", definition: WAIT });
    expect(other.status).toBe(409);
    expect(other.body).toMatchObject({ error: "StateMachineAlreadyExists" });
    expect(other.body.message).toContain(`${ARN}twice`);
  });

  it("updates the definition and type, bumping the revision only on a change", async () => {
    await createMachine("evolving");
    const r1 = await put("/state-machines/evolving", { definition: WAIT });
    expect(r1.status).toBe(200);
    expect(r1.body.revision).toBe(2);
    expect(JSON.parse(r1.body.definition)).toEqual(WAIT);
    const same = await put("/state-machines/evolving", { definition: WAIT });
    expect(same.body.revision).toBe(2);
    const typed = await put("/state-machines/evolving", { type: "EXPRESS" });
    expect(typed.body).toMatchObject({ type: "EXPRESS", revision: 3 });
    expect(Date.parse(typed.body.updateDate)).toBeGreaterThanOrEqual(Date.parse(typed.body.creationDate));
    expect((await get("/state-machines/evolving")).body.revision).toBe(3);
  });

  it("refuses an update with nothing to change, an invalid definition, or an unknown machine", async () => {
    await createMachine("stable");
    expect((await put("/state-machines/stable", {})).body.error).toBe("MissingRequiredParameter");
    const bad = await put("/state-machines/stable", { definition: { StartAt: "X", States: {} } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe("InvalidDefinition");
    expect((await get("/state-machines/stable")).body.revision).toBe(1);
    const missing = await put("/state-machines/nobody", { definition: PASS });
    expect(missing).toMatchObject({ status: 404, body: { error: "StateMachineDoesNotExist" } });
  });

  it("re-checks the stored definition when only the type changes", async () => {
    // EXPRESS machines cannot wait for a task token; lambda:invoke needs LAMBDA_FUNCTIONS configured.
    const withLambdas = { ...env, LAMBDA_FUNCTIONS: { approve: "https://tasks.example/approve" } };
    const send = (method: string, path: string, body: unknown) =>
      app.request(path, { method, headers: { Authorization: `Bearer ${TOKEN}` }, body: JSON.stringify(body) }, withLambdas);
    const Resource = "arn:aws:states:::lambda:invoke.waitForTaskToken";
    const definition = { StartAt: "T", States: { T: { Type: "Task", Resource, End: true } } };
    expect((await send("POST", "/state-machines", { name: "tokened", definition })).status).toBe(201);
    const r = await send("PUT", "/state-machines/tokened", { type: "EXPRESS" });
    expect(r.status).toBe(400);
    expect(await r.json()).toMatchObject({ error: "InvalidDefinition", diagnostics: [{ location: "/States/T/Resource" }] });
    expect((await get("/state-machines/tokened")).body).toMatchObject({ type: "STANDARD", revision: 1 });
  });

  it("deletes a machine; describing or deleting it again is StateMachineDoesNotExist", async () => {
    await createMachine("doomed");
    const r = await del("/state-machines/doomed");
    expect(r).toMatchObject({ status: 200, body: {} });
    expect(await get("/state-machines/doomed")).toMatchObject({ status: 404, body: { error: "StateMachineDoesNotExist" } });
    expect((await del("/state-machines/doomed")).status).toBe(404);
  });
});

describe("state machines: listing", () => {
  it("pages in name order with an opaque token, stable while machines are added", async () => {
    for (const n of ["l-c", "l-a", "l-e", "l-b", "l-d"]) await createMachine(n);
    const names = async (query: string) => {
      const r = await get(`/state-machines?${query}`);
      expect(r.status).toBe(200);
      return { names: r.body.stateMachines.map((m: any) => m.name), next: r.body.nextToken, items: r.body.stateMachines };
    };
    const all = await names("maxResults=1000");
    const listed = all.names.filter((n: string) => n.startsWith("l-"));
    expect(listed).toEqual(["l-a", "l-b", "l-c", "l-d", "l-e"]);
    expect(all.next).toBeUndefined();
    expect(all.items[0]).not.toHaveProperty("definition");
    expect(all.items.find((m: any) => m.name === "l-a")).toMatchObject({ stateMachineArn: `${ARN}l-a`, type: "STANDARD", revision: 1 });

    const seen: string[] = [];
    let page = await names("maxResults=2");
    seen.push(...page.names);
    await createMachine("a-first"); // sorts before the cursor: not seen, nothing repeated
    while (page.next) {
      page = await names(`maxResults=2&nextToken=${encodeURIComponent(page.next)}`);
      seen.push(...page.names);
    }
    expect(seen).toEqual(all.names);
  });

  it("refuses a token it did not hand out and a maxResults out of range", async () => {
    expect(await get("/state-machines?nextToken=garbage")).toMatchObject({ status: 400, body: { error: "InvalidToken" } });
    for (const m of ["1001", "-1", "two"]) {
      expect(await get(`/state-machines?maxResults=${m}`)).toMatchObject({ status: 400, body: { error: "ValidationException" } });
    }
  });
});

describe("state machines: requests refused before anything is stored", () => {
  it("refuses names that are empty, too long, or use characters outside A-Z a-z 0-9 - _", async () => {
    for (const name of ["", "x".repeat(81), "has space", "a:b", "a/b", "[x]", "wild*", "ümlaut", "tab\t", 7, null]) {
      const r = await post("/state-machines", { name, definition: PASS });
      expect(r.status, JSON.stringify(name)).toBe(400);
      expect(r.body.error).toBe("InvalidName");
      expect(r.body.message).toContain("1 to 80");
    }
    expect((await post("/state-machines", { name: "x".repeat(80), definition: PASS })).status).toBe(201);
    expect((await get("/state-machines/bad%20name")).body.error).toBe("InvalidName");
  });

  it("refuses a body that is not a JSON object", async () => {
    for (const raw of ["{name:", "[1,2]", '"text"']) {
      const r = await call("POST", "/state-machines", undefined, { raw });
      expect(r.status).toBe(400);
      expect(r.body.error).toBe("SerializationException");
    }
  });

  it("refuses a body that is not UTF-8", async () => {
    const res = await exports.default.fetch("https://asl.test/state-machines", {
      method: "POST",
      headers: { Authorization: `Bearer ${TOKEN}` },
      body: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: "SerializationException", message: expect.stringContaining("UTF-8") });
  });

  it("refuses a request body over 2 MiB and a definition over 1 MiB with 413", async () => {
    const huge = await call("POST", "/state-machines", undefined, { raw: `{"name":"big","pad":"${"x".repeat(2 * 1024 * 1024)}"}` });
    expect(huge).toMatchObject({ status: 413, body: { error: "PayloadTooLarge" } });
    const big = { StartAt: "A", Comment: "y".repeat(1024 * 1024), States: { A: { Type: "Succeed" } } };
    const r = await post("/state-machines", { name: "big", definition: big });
    expect(r).toMatchObject({ status: 413, body: { error: "PayloadTooLarge" } });
    expect(r.body.message).toContain("1048576");
    expect((await get("/state-machines/big")).status).toBe(404);
  });

  it("refuses a missing definition, an unknown type and a malformed role ARN", async () => {
    expect((await post("/state-machines", { name: "m" })).body.error).toBe("ValidationException");
    expect((await post("/state-machines", { name: "m", definition: PASS, type: "FAST" })).body.error).toBe("ValidationException");
    expect((await post("/state-machines", { name: "m", definition: PASS, roleArn: "admin" })).body.error).toBe("InvalidArn");
  });

  it("reports every problem of an invalid definition, each with its path", async () => {
    const definition = {
      StartAt: "Missing",
      States: {
        A: { Type: "Pass", Next: "Nowhere" },
        B: { Type: "Task", Resource: "https://tasks.example/charge", Retry: [{ ErrorEquals: ["X"], BackoffRate: 0.5 }], End: true },
        C: { Type: "Parallel", Branches: [{ StartAt: "D", States: { D: { Type: "Wait", End: true } } }], End: true },
      },
    };
    const r = await post("/state-machines", { name: "broken", definition });
    expect(r.status).toBe(400);
    expect(r.body.error).toBe("InvalidDefinition");
    const found = r.body.diagnostics.map((d: any) => [d.code, d.location]);
    expect(found).toEqual(
      expect.arrayContaining([
        ["MISSING_TRANSITION_TARGET", "/StartAt"],
        ["MISSING_TRANSITION_TARGET", "/States/A/Next"],
        ["SCHEMA_VALIDATION_FAILED", "/States/B/Retry/0/BackoffRate"],
        ["SCHEMA_VALIDATION_FAILED", "/States/C/Branches/0/States/D"],
      ]),
    );
    expect(r.body.message).toContain("more problems");
    expect((await get("/state-machines/broken")).status).toBe(404);
  });

  it("reports a definition that is not JSON", async () => {
    const r = await post("/state-machines", { name: "garbled", definition: "{ not json" });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ error: "InvalidDefinition", diagnostics: [{ code: "INVALID_JSON_DESCRIPTION", location: "/" }] });
  });

  it("refuses Task resources no configuration resolves, wherever they are nested", async () => {
    const definition = {
      StartAt: "Ok",
      States: {
        Ok: { Type: "Task", Resource: "https://tasks.example/ok", Next: "Fan" },
        Fan: {
          Type: "Parallel",
          Branches: [{ StartAt: "Put", States: { Put: { Type: "Task", Resource: "arn:aws:states:::sns:createTopic", End: true } } }],
          Next: "Each",
        },
        Each: {
          Type: "Map",
          ItemProcessor: { StartAt: "Send", States: { Send: { Type: "Task", Resource: "arn:aws:states:::events:putEvents", End: true } } },
          End: true,
        },
      },
    };
    const r = await post("/state-machines", { name: "unresolved", definition });
    expect(r.status).toBe(400);
    expect(r.body.error).toBe("InvalidDefinition");
    expect(r.body.diagnostics.map((d: any) => [d.code, d.location])).toEqual([
      ["SCHEMA_VALIDATION_FAILED", "/States/Fan/Branches/0/States/Put/Resource"],
      ["SCHEMA_VALIDATION_FAILED", "/States/Each/ItemProcessor/States/Send/Resource"],
    ]);
    expect(r.body.diagnostics[0].message).toContain("sns:createTopic");
    expect((await get("/state-machines/unresolved")).status).toBe(404);
  });

  it("takes a Distributed Map reading and writing S3, and refuses ItemReader, ItemBatcher and ResultWriter on an inline Map", async () => {
    const inner = { StartAt: "P", States: { P: { Type: "Pass", End: true } } };
    const definition = {
      StartAt: "Each",
      States: {
        Each: {
          Type: "Map",
          ItemReader: {
            Resource: "arn:aws:states:::s3:getObject",
            ReaderConfig: { InputType: "JSON" },
            Parameters: { Bucket: "files", Key: "k" },
          },
          ItemProcessor: { ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: "STANDARD" }, ...inner },
          ResultWriter: { Resource: "arn:aws:states:::s3:putObject", Parameters: { Bucket: "files", Prefix: "out" } },
          ItemBatcher: { MaxItemsPerBatch: 10 },
          End: true,
        },
      },
    };
    expect((await post("/state-machines", { name: "reads-s3", definition })).status).toBe(201);
    const each = { ...definition.States.Each, ItemProcessor: inner };
    const r = await post("/state-machines", { name: "inline-reads-s3", definition: { StartAt: "Each", States: { Each: each } } });
    expect(r.status).toBe(400);
    expect(r.body.error).toBe("InvalidDefinition");
    const locations = r.body.diagnostics.map((d: any) => d.location);
    expect(locations).toEqual(["/States/Each/ItemReader", "/States/Each/ItemBatcher", "/States/Each/ResultWriter"]);
    expect(r.body.diagnostics[0].message).toMatch(/only supported for a Map with ProcessorConfig Mode DISTRIBUTED/);
    const badReader = { ...definition.States.Each, ItemReader: { Resource: "arn:aws:states:::s3:putObject", Parameters: {} } };
    const bad = await post("/state-machines", { name: "bad-reader", definition: { StartAt: "Each", States: { Each: badReader } } });
    expect(bad.status).toBe(400);
    expect(bad.body.diagnostics[0].location).toBe("/States/Each/ItemReader/Resource");
    // A bucket S3_BUCKETS does not map is refused at creation, naming the entry to add; one computed at run time is not.
    const elsewhere = {
      ...definition.States.Each,
      ResultWriter: { Resource: "arn:aws:states:::s3:putObject", Parameters: { Bucket: "nope" } },
    };
    const unmapped = await post("/state-machines", {
      name: "unmapped-bucket",
      definition: { StartAt: "Each", States: { Each: elsewhere } },
    });
    expect(unmapped.body.diagnostics).toEqual([
      expect.objectContaining({
        location: "/States/Each/ResultWriter",
        message:
          "State 'Each': bucket 'nope' (Bucket) is mapped nowhere: add it to S3_BUCKETS in wrangler.toml's [vars], e.g. nope = \"<R2 binding>\"; or configure AWS credentials (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY as Worker secrets, AWS_REGION as a var) to read and write S3 itself",
      }),
    ]);
    const computed = {
      ...definition.States.Each,
      ItemReader: { ...definition.States.Each.ItemReader, Parameters: { "Bucket.$": "$.b", Key: "k" } },
    };
    expect(
      (await post("/state-machines", { name: "computed-bucket", definition: { StartAt: "Each", States: { Each: computed } } })).status,
    ).toBe(201);
  });
});
