// End to end through the REST API: state machines that write to KV and read it back, put and get an
// R2 object, send to a queue, query D1; and a state machine naming an unbound table refused at creation.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { post } from "./api-client.ts";
import { output, resetClock, runToEnd, start } from "./e2e-helpers.ts";

beforeEach(resetClock);

async function create(name: string, States: object, StartAt = Object.keys(States)[0]): Promise<void> {
  const r = await post("/state-machines", { name, definition: { StartAt, States } });
  if (r.status !== 201) throw new Error(`create ${name}: ${r.status} ${JSON.stringify(r.body)}`);
}

const run = async (machine: string, input: unknown) => runToEnd(await start(machine, input));

describe("service integrations end to end", () => {
  it("dynamodb:putItem then dynamodb:getItem: the item written to KV comes back", async () => {
    await create("kv-roundtrip", {
      Put: { Type: "Task", Resource: "arn:aws:states:::dynamodb:putItem", Parameters: { TableName: "orders", "Item.$": "$.item" }, ResultPath: null, Next: "Get" },
      Get: { Type: "Task", Resource: "arn:aws:states:::dynamodb:getItem", Parameters: { TableName: "orders", Key: { "id.$": "$.item.id" } }, ResultSelector: { "Item.$": "$.Item" }, End: true },
    });
    const item = { id: { S: "o-1" }, total: { N: "42" } };
    const { execution } = await run("kv-roundtrip", { item });
    expect(execution.status).toBe("SUCCEEDED");
    expect(output(execution)).toEqual({ Item: item });
    expect(await env.STORE.get('orders/{"S":"o-1"}', "json")).toEqual(item);
  });

  it("aws-sdk:s3:putObject then getObject on R2; a missing key is caught as S3.NoSuchKeyException", async () => {
    await create("r2-roundtrip", {
      Put: { Type: "Task", Resource: "arn:aws:states:::aws-sdk:s3:putObject", Parameters: { Bucket: "files", Key: "report.json", "Body.$": "$.report" }, ResultPath: "$.put", Next: "Get" },
      Get: { Type: "Task", Resource: "arn:aws:states:::aws-sdk:s3:getObject", Parameters: { Bucket: "files", Key: "report.json" }, ResultSelector: { "Report.$": "States.StringToJson($.Body)" }, ResultPath: "$.got", Next: "Missing" },
      Missing: {
        Type: "Task",
        Resource: "arn:aws:states:::aws-sdk:s3:getObject",
        Parameters: { Bucket: "files", Key: "no_such_key.json" },
        Catch: [{ ErrorEquals: ["S3.NoSuchKeyException"], ResultPath: "$.error", Next: "Done" }],
        Next: "Done",
      },
      Done: { Type: "Pass", End: true },
    });
    const { execution } = await run("r2-roundtrip", { report: { total: 3 } });
    const out = output(execution);
    expect(out.got).toEqual({ Report: { total: 3 } });
    expect(out.put.ETag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(out.error.Error).toBe("S3.NoSuchKeyException");
    expect(out.error.Cause).toMatch(/^The specified key does not exist\. \(Service: S3, Status Code: 404/);
  });

  it("sqs:sendMessage to the OUTBOX queue, and a D1 query, in one workflow", async () => {
    await create("queue-and-d1", {
      Send: { Type: "Task", Resource: "arn:aws:states:::sqs:sendMessage", Parameters: { QueueUrl: "https://sqs.us-east-1.amazonaws.com/123456789012/outbox", "MessageBody.$": "$" }, ResultPath: "$.sent", Next: "Query" },
      Query: { Type: "Task", Resource: "d1:DATA:query", Parameters: { Sql: "SELECT ? AS n, ? AS who", "Parameters.$": "States.Array($.n, $.who)" }, ResultSelector: { "Rows.$": "$.Results" }, ResultPath: "$.q", End: true },
    });
    const { execution } = await run("queue-and-d1", { n: 7, who: "ann" });
    const out = output(execution);
    expect(out.sent).toMatchObject({ MD5OfMessageBody: expect.stringMatching(/^[0-9a-f]{32}$/), MessageId: expect.any(String), SdkHttpMetadata: { HttpStatusCode: 200 } });
    expect(out.q).toEqual({ Rows: [{ n: 7, who: "ann" }] });
  });

  it("creation refuses what no binding serves, with the reason", async () => {
    const r = await post("/state-machines", { name: "unbound", definition: { StartAt: "T", States: { T: { Type: "Task", Resource: "kv:NOPE:get", End: true } } } });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).toContain("No binding 'NOPE' (add it to [[kv_namespaces]] in wrangler.toml)");
  });
});
