// KV as DynamoDB (dynamodb:getItem|putItem|deleteItem, aws-sdk:dynamodb:...|scan) and as itself
// (kv:<BINDING>:get|put|delete|list), through the dispatcher with the real local STORE namespace.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, dispatcher } from "./dispatch-helpers.ts";

const DDB = "arn:aws:states:::dynamodb:";
const SDK = "arn:aws:states:::aws-sdk:dynamodb:";
const ITEM = { data: { S: "HelloWorld" }, id: { S: "id1" } };
const ok = (r: unknown) => (r as { output: any }).output;

describe("KV as DynamoDB", () => {
  it("putItem then getItem returns the item; optimized results carry the SDK metadata as recorded", async () => {
    const d = dispatcher();
    const put = ok(await d.dispatch(call(`${DDB}putItem`, { TableName: "orders", Item: ITEM })));
    expect(Object.keys(put).sort()).toEqual(["SdkHttpMetadata", "SdkResponseMetadata"]);
    expect(put.SdkHttpMetadata.HttpHeaders).toMatchObject({ "Content-Length": "2", "Content-Type": "application/x-amz-json-1.0" });
    const got = ok(await d.dispatch(call(`${DDB}getItem`, { TableName: "orders", Key: { id: { S: "id1" } } })));
    expect(got.Item).toEqual(ITEM);
    expect(got.SdkHttpMetadata.HttpStatusCode).toBe(200);
    expect(await env.STORE.get('orders/{"S":"id1"}', "json")).toEqual(ITEM);
  });

  it("aws-sdk:dynamodb answers bare ({} and {Item}); a missing item has no Item; deleteItem removes it", async () => {
    const d = dispatcher();
    expect(ok(await d.dispatch(call(`${SDK}putItem`, { TableName: "orders", Item: { id: { S: "k2" }, n: { N: "3" } } })))).toEqual({});
    expect(ok(await d.dispatch(call(`${SDK}getItem`, { TableName: "orders", Key: { id: { S: "k2" } } })))).toEqual({
      Item: { id: { S: "k2" }, n: { N: "3" } },
    });
    expect(
      ok(await d.dispatch(call(`${SDK}deleteItem`, { TableName: "orders", Key: { id: { S: "k2" } }, ReturnValues: "ALL_OLD" }))),
    ).toEqual({
      Attributes: { id: { S: "k2" }, n: { N: "3" } },
    });
    expect(ok(await d.dispatch(call(`${SDK}getItem`, { TableName: "orders", Key: { id: { S: "k2" } } })))).toEqual({});
    const missing = ok(await d.dispatch(call(`${DDB}getItem`, { TableName: "orders", Key: { id: { S: "never" } } })));
    expect("Item" in missing).toBe(false);
  });

  it("scan lists the table's items only; composite keys come from DYNAMODB_TABLES", async () => {
    const d = dispatcher({ DYNAMODB_TABLES: { scanned: "STORE", pairs: "STORE:pk,sk" } });
    for (const id of ["a", "b"]) await d.dispatch(call(`${SDK}putItem`, { TableName: "scanned", Item: { id: { S: id } } }));
    expect(ok(await d.dispatch(call(`${SDK}scan`, { TableName: "scanned" })))).toEqual({
      Count: 2,
      Items: [{ id: { S: "a" } }, { id: { S: "b" } }],
      ScannedCount: 2,
    });
    await d.dispatch(call(`${SDK}putItem`, { TableName: "pairs", Item: { pk: { S: "u1" }, sk: { N: "1" }, v: { S: "x" } } }));
    expect(ok(await d.dispatch(call(`${SDK}getItem`, { TableName: "pairs", Key: { sk: { N: "1" }, pk: { S: "u1" } } }))).Item.v).toEqual({
      S: "x",
    });
  });

  it("errors as DynamoDB names them: unknown table, wrong key, missing key attribute, conditions", async () => {
    const d = dispatcher();
    expect(await d.dispatch(call(`${DDB}getItem`, { TableName: "nope", Key: { id: { S: "1" } } }))).toEqual({
      error: "DynamoDB.ResourceNotFoundException",
      cause: expect.stringMatching(
        /^Requested resource not found: Table: nope not found \(Service: AmazonDynamoDBv2; Status Code: 400; Error Code: ResourceNotFoundException; Request ID: .+; Proxy: null\)$/,
      ),
    });
    const wrongKey = await d.dispatch(call(`${DDB}getItem`, { TableName: "orders", Key: { other: { S: "1" } } }));
    expect(wrongKey).toMatchObject({
      error: "DynamoDB.AmazonDynamoDBException",
      cause: expect.stringContaining("The provided key element does not match the schema"),
    });
    const noKey = await d.dispatch(call(`${DDB}putItem`, { TableName: "orders", Item: { data: { S: "x" } } }));
    expect(noKey).toMatchObject({
      error: "DynamoDB.AmazonDynamoDBException",
      cause: expect.stringContaining("Missing the key id in the item"),
    });
    const plain = await d.dispatch(call(`${DDB}putItem`, { TableName: "orders", Item: { id: "1" } }));
    expect(plain).toMatchObject({
      error: "DynamoDB.AmazonDynamoDBException",
      cause: expect.stringContaining('such as {"id": {"S": "1"}}'),
    });
    const cond = await d.dispatch(
      call(`${DDB}putItem`, { TableName: "orders", Item: ITEM, ConditionExpression: "attribute_not_exists(id)" }),
    );
    expect(cond).toMatchObject({
      error: "DynamoDB.AmazonDynamoDBException",
      cause: expect.stringContaining("ConditionExpression is not supported"),
    });
  });

  it("problem(): refused without DYNAMODB_TABLES, or when it names something that is not a KV namespace", () => {
    expect(dispatcher().problem(`${DDB}putItem`)).toBeNull();
    // AWS has no optimized dynamodb:query either: no credentials would make it run (aws-sdk:dynamodb:query does)
    expect(dispatcher().problem(`${DDB}query`)).toBe(
      `'${DDB}query' is not supported: dynamodb offers getItem, putItem, updateItem, deleteItem`,
    );
    expect(dispatcher({ DYNAMODB_TABLES: undefined }).problem(`${SDK}scan`)).toMatch(/DYNAMODB_TABLES is not configured/);
    expect(dispatcher({ DYNAMODB_TABLES: '{"t": "FILES"}' }).problem(`${DDB}getItem`)).toMatch(
      /DYNAMODB_TABLES maps 't': Binding 'FILES' is not a \[\[kv_namespaces\]\] binding/,
    );
  });
});

describe("kv:<BINDING>:get|put|delete|list", () => {
  it("put, get (strings stay strings, other values round-trip as JSON), list by prefix, delete", async () => {
    const d = dispatcher();
    expect(ok(await d.dispatch(call("kv:STORE:put", { Key: "native/a", Value: "123" })))).toEqual({});
    await d.dispatch(call("kv:STORE:put", { Key: "native/b", Value: { n: 123 } }));
    expect(ok(await d.dispatch(call("kv:STORE:get", { Key: "native/a" })))).toEqual({ Found: true, Key: "native/a", Value: "123" });
    expect(ok(await d.dispatch(call("kv:STORE:get", { Key: "native/b" })))).toEqual({ Found: true, Key: "native/b", Value: { n: 123 } });
    expect(ok(await d.dispatch(call("kv:STORE:list", { Prefix: "native/" })))).toEqual({
      Keys: [{ Name: "native/a" }, { Name: "native/b" }],
      ListComplete: true,
    });
    const page = ok(await d.dispatch(call("kv:STORE:list", { Prefix: "native/", Limit: 1 })));
    expect(page).toMatchObject({ Keys: [{ Name: "native/a" }], ListComplete: false, Cursor: expect.any(String) });
    expect(ok(await d.dispatch(call("kv:STORE:delete", { Key: "native/a" })))).toEqual({});
    expect(ok(await d.dispatch(call("kv:STORE:get", { Key: "native/a" })))).toEqual({ Found: false, Key: "native/a", Value: null });
  });

  it("a missing Key or Value is KV.ValidationException; an unknown binding is refused at creation", async () => {
    const d = dispatcher();
    expect(await d.dispatch(call("kv:STORE:get", {}))).toEqual({
      error: "KV.ValidationException",
      cause: "kv:STORE:get needs a Key (a non-empty string)",
    });
    expect(await d.dispatch(call("kv:STORE:put", { Key: "k" }))).toEqual({
      error: "KV.ValidationException",
      cause: "kv:STORE:put needs a Value",
    });
    expect(d.problem("kv:STORE:list")).toBeNull();
    expect(d.problem("kv:MISSING:get")).toBe("'kv:MISSING:get': No binding 'MISSING' (add it to [[kv_namespaces]] in wrangler.toml)");
    expect(d.problem("kv:STORE:scan")).toBe("'kv:STORE:scan': kv: offers get, put, delete, list");
    expect(d.problem("kv:bad-name:get")).toBe("'kv:bad-name:get': 'bad-name' is not a binding name");
  });
});
