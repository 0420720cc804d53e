// D1-backed DynamoDB tables (DYNAMODB_TABLES "<table>" = "d1:<BINDING>:<pk>[,<sk>]"): getItem, putItem,
// updateItem, deleteItem and query through the dispatcher, on the real local DATA database.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ensureSchema, keyOf, read, readModifyWrite, swap, type D1Table, type Key } from "../../worker/dispatch/dynamodb/d1-store.ts";
import { call, dispatcher } from "./dispatch-helpers.ts";

const DDB = "arn:aws:states:::dynamodb:";
const SDK = "arn:aws:states:::aws-sdk:dynamodb:";
const TABLES = { users: "d1:DATA:id", events: "d1:DATA:pk,sk", orders: "STORE", stock: "d1:DATA:shelf,sku" };
const d = () => dispatcher({ DYNAMODB_TABLES: TABLES });
const ok = (r: unknown): any => {
  if (!("output" in (r as object))) throw new Error(`expected an output, got ${JSON.stringify(r)}`);
  return (r as { output: any }).output;
};
const sdk = async (op: string, input: object) => ok(await d().dispatch(call(`${SDK}${op}`, input as never)));
const raw = (resource: string, input: object) => d().dispatch(call(resource, input as never));

describe("D1-backed tables: getItem, putItem, deleteItem", () => {
  it("putItem then getItem; the optimized integration adds the SDK metadata; ProjectionExpression", async () => {
    const put = ok(
      await raw(`${DDB}putItem`, { TableName: "users", Item: { id: { S: "u1" }, name: { S: "Ada" }, tags: { SS: ["a", "b"] } } }),
    );
    expect(Object.keys(put).sort()).toEqual(["SdkHttpMetadata", "SdkResponseMetadata"]);
    const got = ok(await raw(`${DDB}getItem`, { TableName: "users", Key: { id: { S: "u1" } } }));
    expect(got.Item).toEqual({ id: { S: "u1" }, name: { S: "Ada" }, tags: { SS: ["a", "b"] } });
    expect(
      await sdk("getItem", {
        TableName: "users",
        Key: { id: { S: "u1" } },
        ProjectionExpression: "#n",
        ExpressionAttributeNames: { "#n": "name" },
      }),
    ).toEqual({
      Item: { name: { S: "Ada" } },
    });
    expect(await sdk("getItem", { TableName: "users", Key: { id: { S: "nobody" } } })).toEqual({});
    const row = await env.DATA.prepare("SELECT table_name, pk, sk, item FROM dynamodb_items WHERE table_name = 'users'").first();
    expect(row).toEqual({
      table_name: "users",
      pk: "Su1",
      sk: "",
      item: JSON.stringify({ id: { S: "u1" }, name: { S: "Ada" }, tags: { SS: ["a", "b"] } }),
    });
  });

  it("ConditionExpression: a failed condition is ConditionalCheckFailedException (DynamoDB. optimized, DynamoDb. aws-sdk) and writes nothing", async () => {
    const item = { id: { S: "u2" }, v: { N: "1" } };
    expect(await sdk("putItem", { TableName: "users", Item: item, ConditionExpression: "attribute_not_exists(id)" })).toEqual({});
    const again = await raw(`${DDB}putItem`, {
      TableName: "users",
      Item: { id: { S: "u2" }, v: { N: "2" } },
      ConditionExpression: "attribute_not_exists(id)",
    });
    expect(again).toEqual({
      error: "DynamoDB.ConditionalCheckFailedException",
      cause: expect.stringMatching(
        /^The conditional request failed \(Service: AmazonDynamoDBv2; Status Code: 400; Error Code: ConditionalCheckFailedException; Request ID: .+; Proxy: null\)$/,
      ),
    });
    const viaSdk = await raw(`${SDK}putItem`, {
      TableName: "users",
      Item: { id: { S: "u2" } },
      ConditionExpression: "v = :two",
      ExpressionAttributeValues: { ":two": { N: "2" } },
    });
    expect(viaSdk).toEqual({
      error: "DynamoDb.ConditionalCheckFailedException",
      cause: expect.stringMatching(
        /^The conditional request failed \(Service: DynamoDb, Status Code: 400, Request ID: .+, Extended Request ID: .+\)$/,
      ),
    });
    expect((await sdk("getItem", { TableName: "users", Key: { id: { S: "u2" } } })).Item).toEqual(item);
    const replaced = await sdk("putItem", {
      TableName: "users",
      Item: { id: { S: "u2" }, v: { N: "3" } },
      ConditionExpression: "v = :one",
      ExpressionAttributeValues: { ":one": { N: "1.0" } },
      ReturnValues: "ALL_OLD",
    });
    expect(replaced).toEqual({ Attributes: item });
  });

  it("deleteItem: with a condition, ALL_OLD; a missing item deletes nothing and answers {}", async () => {
    await sdk("putItem", { TableName: "users", Item: { id: { S: "u3" }, state: { S: "open" } } });
    const refused = await raw(`${SDK}deleteItem`, {
      TableName: "users",
      Key: { id: { S: "u3" } },
      ConditionExpression: "#s = :closed",
      ExpressionAttributeNames: { "#s": "state" },
      ExpressionAttributeValues: { ":closed": { S: "closed" } },
    });
    expect(refused).toMatchObject({ error: "DynamoDb.ConditionalCheckFailedException" });
    const deleted = ok(
      await raw(`${DDB}deleteItem`, {
        TableName: "users",
        Key: { id: { S: "u3" } },
        ConditionExpression: "#s = :open",
        ExpressionAttributeNames: { "#s": "state" },
        ExpressionAttributeValues: { ":open": { S: "open" } },
        ReturnValues: "ALL_OLD",
      }),
    );
    expect(deleted.Attributes).toEqual({ id: { S: "u3" }, state: { S: "open" } });
    expect(await sdk("deleteItem", { TableName: "users", Key: { id: { S: "u3" } }, ReturnValues: "ALL_OLD" })).toEqual({});
    expect(await sdk("getItem", { TableName: "users", Key: { id: { S: "u3" } } })).toEqual({});
  });
});

describe("D1-backed tables: updateItem", () => {
  const key = { pk: { S: "acct" }, sk: { N: "1" } };
  const upd = (input: object) => sdk("updateItem", { TableName: "events", Key: key, ...input });

  it("creates the item when missing; SET arithmetic, if_not_exists, list_append; REMOVE; ADD; DELETE; every ReturnValues", async () => {
    expect(
      await upd({
        UpdateExpression: "SET n = if_not_exists(n, :zero) + :one, log = list_append(if_not_exists(log, :empty), :e)",
        ExpressionAttributeValues: { ":zero": { N: "0" }, ":one": { N: "1" }, ":empty": { L: [] }, ":e": { L: [{ S: "opened" }] } },
        ReturnValues: "ALL_NEW",
      }),
    ).toEqual({
      Attributes: { pk: { S: "acct" }, sk: { N: "1" }, n: { N: "1" }, log: { L: [{ S: "opened" }] } },
    });
    expect(
      await upd({ UpdateExpression: "SET n = n + :d", ExpressionAttributeValues: { ":d": { N: "0.5" } }, ReturnValues: "UPDATED_OLD" }),
    ).toEqual({ Attributes: { n: { N: "1" } } });
    expect(
      await upd({
        UpdateExpression: "ADD tags :t, n :d",
        ExpressionAttributeValues: { ":t": { SS: ["x", "y"] }, ":d": { N: "-0.5" } },
        ReturnValues: "UPDATED_NEW",
      }),
    ).toEqual({
      Attributes: { tags: { SS: ["x", "y"] }, n: { N: "1" } },
    });
    expect(
      await upd({
        UpdateExpression: "DELETE tags :x REMOVE log[0]",
        ExpressionAttributeValues: { ":x": { SS: ["x"] } },
        ReturnValues: "ALL_OLD",
      }),
    ).toMatchObject({
      Attributes: { tags: { SS: ["x", "y"] }, log: { L: [{ S: "opened" }] } },
    });
    expect(await upd({ UpdateExpression: "REMOVE log", ReturnValues: "NONE" })).toEqual({});
    expect((await sdk("getItem", { TableName: "events", Key: key })).Item).toEqual({
      pk: { S: "acct" },
      sk: { N: "1" },
      n: { N: "1" },
      tags: { SS: ["y"] },
    });
    const optimized = ok(
      await raw(`${DDB}updateItem`, {
        TableName: "events",
        Key: key,
        UpdateExpression: "SET n = n + :one",
        ExpressionAttributeValues: { ":one": { N: "1" } },
        ReturnValues: "UPDATED_NEW",
      }),
    );
    expect(optimized.Attributes).toEqual({ n: { N: "2" } });
    expect(optimized.SdkResponseMetadata.RequestId).toEqual(expect.any(String));
  });

  it("ConditionExpression guards an update; the key cannot be updated; a wrong operand type is a ValidationException", async () => {
    const k2 = { pk: { S: "acct" }, sk: { N: "2" } };
    await sdk("putItem", { TableName: "events", Item: { ...k2, balance: { N: "10" } } });
    const withdraw = (amount: string) =>
      raw(`${DDB}updateItem`, {
        TableName: "events",
        Key: k2,
        UpdateExpression: "SET balance = balance - :a",
        ConditionExpression: "balance >= :a",
        ExpressionAttributeValues: { ":a": { N: amount } },
        ReturnValues: "UPDATED_NEW",
      });
    expect(ok(await withdraw("7")).Attributes).toEqual({ balance: { N: "3" } });
    expect(await withdraw("7")).toMatchObject({ error: "DynamoDB.ConditionalCheckFailedException" });
    expect(
      await raw(`${SDK}updateItem`, {
        TableName: "events",
        Key: k2,
        UpdateExpression: "SET sk = :a",
        ExpressionAttributeValues: { ":a": { N: "3" } },
      }),
    ).toEqual({
      error: "DynamoDb.DynamoDbException",
      cause: expect.stringContaining(
        "One or more parameter values were invalid: Cannot update attribute sk. This attribute is part of the key (Service: DynamoDb, Status Code: 400",
      ),
    });
    expect(
      await raw(`${DDB}updateItem`, {
        TableName: "events",
        Key: k2,
        UpdateExpression: "SET balance = balance + :s",
        ExpressionAttributeValues: { ":s": { S: "1" } },
      }),
    ).toEqual({
      error: "DynamoDB.AmazonDynamoDBException",
      cause: expect.stringMatching(
        /^Invalid UpdateExpression: An operand in the update expression has an incorrect data type \(Service: AmazonDynamoDBv2; Status Code: 400; Error Code: ValidationException;/,
      ),
    });
    expect((await sdk("getItem", { TableName: "events", Key: k2 })).Item.balance).toEqual({ N: "3" });
  });

  it("concurrent updates of one item all land (each write is a compare-and-swap on the item's version)", async () => {
    const k = { pk: { S: "counter" }, sk: { N: "0" } };
    const results = await Promise.all(
      Array.from({ length: 25 }, () =>
        raw(`${SDK}updateItem`, {
          TableName: "events",
          Key: k,
          UpdateExpression: "ADD hits :one",
          ExpressionAttributeValues: { ":one": { N: "1" } },
        }),
      ),
    );
    expect(results.every((r) => "output" in r)).toBe(true);
    expect((await sdk("getItem", { TableName: "events", Key: k })).Item.hits).toEqual({ N: "25" });
    // Only one of many concurrent conditional creates wins.
    const creates = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        raw(`${SDK}putItem`, {
          TableName: "events",
          Item: { pk: { S: "once" }, sk: { N: "0" }, by: { N: String(i) } },
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      ),
    );
    expect(creates.filter((r) => "output" in r)).toHaveLength(1);
    expect(creates.filter((r) => "error" in r && r.error === "DynamoDb.ConditionalCheckFailedException")).toHaveLength(9);
  });
});

describe("D1-backed tables: query (aws-sdk:dynamodb:query)", () => {
  const seed = async () => {
    for (const sk of ["10", "-5", "2", "1.5", "100", "1"])
      await sdk("putItem", { TableName: "events", Item: { pk: { S: "q" }, sk: { N: sk }, even: { BOOL: Number(sk) % 2 === 0 } } });
    await sdk("putItem", { TableName: "events", Item: { pk: { S: "other" }, sk: { N: "3" } } });
  };
  const q = (extra: object = {}, cond = "pk = :p", values: object = {}) =>
    sdk("query", {
      TableName: "events",
      KeyConditionExpression: cond,
      ExpressionAttributeValues: { ":p": { S: "q" }, ...values },
      ...extra,
    });
  const sks = (r: any) => r.Items.map((i: any) => i.sk.N);

  it("numeric sort keys in numeric order, either direction; sort key conditions", async () => {
    await seed();
    expect(sks(await q())).toEqual(["-5", "1", "1.5", "2", "10", "100"]);
    expect(sks(await q({ ScanIndexForward: false }))).toEqual(["100", "10", "2", "1.5", "1", "-5"]);
    expect(sks(await q({}, "pk = :p AND sk < :v", { ":v": { N: "2" } }))).toEqual(["-5", "1", "1.5"]);
    expect(sks(await q({}, "pk = :p AND sk <= :v", { ":v": { N: "2.0" } }))).toEqual(["-5", "1", "1.5", "2"]);
    expect(sks(await q({}, "sk > :v AND pk = :p", { ":v": { N: "2" } }))).toEqual(["10", "100"]);
    expect(sks(await q({}, "pk = :p and sk >= :v", { ":v": { N: "10" } }))).toEqual(["10", "100"]);
    expect(sks(await q({}, "pk = :p AND sk = :v", { ":v": { N: "1.50" } }))).toEqual(["1.5"]);
    expect(sks(await q({}, "pk = :p AND sk BETWEEN :a AND :b", { ":a": { N: "0" }, ":b": { N: "10" } }))).toEqual(["1", "1.5", "2", "10"]);
  });

  it("begins_with on string sort keys; Limit and ExclusiveStartKey page through; FilterExpression; Select COUNT; ProjectionExpression", async () => {
    for (const sk of ["2024-01-02", "2024-01-10", "2024-02-01", "2025-01-01"])
      await sdk("putItem", { TableName: "events", Item: { pk: { S: "days" }, sk: { S: sk }, n: { N: sk.slice(-2) } } });
    const days = (extra: object = {}, cond = "pk = :p", values: object = {}) =>
      sdk("query", {
        TableName: "events",
        KeyConditionExpression: cond,
        ExpressionAttributeValues: { ":p": { S: "days" }, ...values },
        ...extra,
      });
    expect((await days({}, "pk = :p AND begins_with(sk, :m)", { ":m": { S: "2024-01" } })).Items.map((i: any) => i.sk.S)).toEqual([
      "2024-01-02",
      "2024-01-10",
    ]);
    const first = await days({ Limit: 2 });
    expect(first).toMatchObject({ Count: 2, ScannedCount: 2, LastEvaluatedKey: { pk: { S: "days" }, sk: { S: "2024-01-10" } } });
    const second = await days({ Limit: 2, ExclusiveStartKey: first.LastEvaluatedKey });
    expect(second.Items.map((i: any) => i.sk.S)).toEqual(["2024-02-01", "2025-01-01"]);
    const third = await days({ Limit: 2, ExclusiveStartKey: second.LastEvaluatedKey });
    expect(third).toEqual({ Count: 0, Items: [], ScannedCount: 0 });
    const back = await days({ Limit: 3, ScanIndexForward: false, ExclusiveStartKey: { pk: { S: "days" }, sk: { S: "2025-01-01" } } });
    expect(back.Items.map((i: any) => i.sk.S)).toEqual(["2024-02-01", "2024-01-10", "2024-01-02"]);
    const filtered = await days({ FilterExpression: "n > :ten", ProjectionExpression: "sk" }, "pk = :p", { ":ten": { N: "1" } });
    expect(filtered).toEqual({ Count: 2, ScannedCount: 4, Items: [{ sk: { S: "2024-01-02" } }, { sk: { S: "2024-01-10" } }] });
    expect(await days({ Select: "COUNT" })).toEqual({ Count: 4, ScannedCount: 4 });
    const unpaged = await days();
    expect("LastEvaluatedKey" in unpaged).toBe(false);
  });

  it.each([
    ["sk = :p", {}, {}, "Query condition missed key schema element: pk"],
    ["pk < :p", {}, {}, "Query key condition not supported"],
    ["pk = :p OR sk = :v", { ":v": { N: "1" } }, {}, "Invalid operator used in KeyConditionExpression: OR"],
    [
      "pk = :p AND begins_with(sk, :v)",
      { ":v": { N: "1" } },
      {},
      "Incorrect operand type for operator or function; operator or function: begins_with, operand type: N",
    ],
    [
      "pk = :p AND sk BETWEEN :b AND :a",
      { ":a": { N: "1" }, ":b": { N: "2" } },
      {},
      "The BETWEEN operator requires upper bound to be greater than or equal to lower bound",
    ],
    ["pk = :p", { ":x": { N: "1" } }, {}, "Value provided in ExpressionAttributeValues unused in expressions: keys: {:x}"],
    [
      "pk = :p",
      {},
      { FilterExpression: "sk > :p" },
      "Filter Expression can only contain non-primary key attributes: Primary key attribute: sk",
    ],
    ["pk = :p", {}, { Limit: 0 }, "Member must have value greater than or equal to 1"],
    ["pk = :p", {}, { IndexName: "byDate" }, "IndexName: a D1-backed table has no secondary indexes"],
    ["pk = :p AND", {}, {}, 'Invalid KeyConditionExpression: Syntax error; token: "<EOF>", near: "AND"'],
  ])("%s (%j %j) is a ValidationException", async (cond, values, extra, message) => {
    const r = await raw(`${SDK}query`, {
      TableName: "events",
      KeyConditionExpression: cond,
      ExpressionAttributeValues: { ":p": { S: "q" }, ...values },
      ...extra,
    });
    expect(r).toEqual({ error: "DynamoDb.DynamoDbException", cause: expect.stringContaining(message) });
  });
});

describe("D1-backed tables: scan (aws-sdk:dynamodb:scan)", () => {
  it("every item of the table only, in key order; FilterExpression (key attributes allowed), Limit and ExclusiveStartKey", async () => {
    for (const [shelf, sku, qty] of [
      ["b", "2", "0"],
      ["a", "10", "5"],
      ["a", "9", "1"],
      ["c", "1", "7"],
    ])
      await sdk("putItem", { TableName: "stock", Item: { shelf: { S: shelf }, sku: { N: sku }, qty: { N: qty } } });
    await sdk("putItem", { TableName: "users", Item: { id: { S: "not-stock" } } });
    const keys = (r: any) => r.Items.map((i: any) => `${i.shelf.S}/${i.sku.N}`);
    expect(keys(await sdk("scan", { TableName: "stock" }))).toEqual(["a/9", "a/10", "b/2", "c/1"]);
    const first = await sdk("scan", { TableName: "stock", Limit: 3 });
    expect(first.LastEvaluatedKey).toEqual({ shelf: { S: "b" }, sku: { N: "2" } });
    const rest = await sdk("scan", { TableName: "stock", Limit: 3, ExclusiveStartKey: first.LastEvaluatedKey });
    expect(keys(rest)).toEqual(["c/1"]);
    expect("LastEvaluatedKey" in rest).toBe(false);
    const filtered = await sdk("scan", {
      TableName: "stock",
      FilterExpression: "qty > :z AND shelf <> :c",
      ExpressionAttributeValues: { ":z": { N: "0" }, ":c": { S: "c" } },
    });
    expect([keys(filtered), filtered.Count, filtered.ScannedCount]).toEqual([["a/9", "a/10"], 2, 4]);
    expect(await raw(`${SDK}scan`, { TableName: "stock", Segment: 0, TotalSegments: 2 })).toMatchObject({
      error: "DynamoDb.DynamoDbException",
      cause: expect.stringContaining("parallel scans are not supported"),
    });
  });
});

describe("D1-backed tables: configuration", () => {
  it("problem(): D1 mappings name a D1 database of the workflow's own and a key schema; no optimized query", () => {
    expect(d().problem(`${SDK}query`)).toBeNull();
    expect(d().problem(`${DDB}updateItem`)).toBeNull();
    expect(d().problem(`${DDB}query`)).toBe(`'${DDB}query' is not supported: dynamodb offers getItem, putItem, updateItem, deleteItem`);
    const with_ = (mapping: string) => dispatcher({ DYNAMODB_TABLES: { t: mapping } }).problem(`${DDB}getItem`);
    expect(with_("d1:DB:pk")).toBe(
      `'${DDB}getItem': DYNAMODB_TABLES maps 't': d1:DB: 'DB' is the runtime's own database; bind a database of the workflow's own`,
    );
    expect(with_("d1:NOPE:pk")).toBe(
      `'${DDB}getItem': DYNAMODB_TABLES maps 't': No binding 'NOPE' (add it to [[d1_databases]] in wrangler.toml)`,
    );
    expect(with_("d1:STORE:pk")).toMatch(/Binding 'STORE' is not a \[\[d1_databases\]\] binding/);
    expect(with_("d1:DATA")).toMatch(/'d1:DATA' is not "d1:<D1 binding>:<partition key>\[,<sort key>\]"/);
    expect(with_("d1:DATA:a,b,c")).toMatch(/is not "d1:<D1 binding>/);
    expect(dispatcher({ DYNAMODB_TABLES: undefined }).problem(`${SDK}query`)).toBe(
      `'${SDK}query': DYNAMODB_TABLES is not configured (DYNAMODB_TABLES maps a table name to "d1:<D1 binding>:<partition key>[,<sort key>]" or "<KV binding>[:<key attributes>]"; README "Service integrations")` +
        "; or configure AWS credentials (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY as Worker secrets, AWS_REGION as a var) to call AWS itself",
    );
  });

  it("an unmapped table is ResourceNotFoundException; KV-backed tables refuse updateItem and query, naming the D1 mode", async () => {
    expect(await raw(`${SDK}query`, { TableName: "nope", KeyConditionExpression: "id = :v" })).toMatchObject({
      error: "DynamoDb.ResourceNotFoundException",
      cause: expect.stringContaining("Requested resource not found: Table: nope not found"),
    });
    expect(await raw(`${DDB}updateItem`, { TableName: "orders", Key: { id: { S: "1" } }, UpdateExpression: "SET a = :a" })).toMatchObject({
      error: "DynamoDB.AmazonDynamoDBException",
      cause: expect.stringContaining(`updateItem needs a D1-backed table: map 'orders' in DYNAMODB_TABLES to "d1:<D1 binding>:<keys>"`),
    });
    expect(await raw(`${SDK}getItem`, { TableName: "users", Key: { id: { N: "1" }, extra: { S: "x" } } })).toMatchObject({
      error: "DynamoDb.DynamoDbException",
      cause: expect.stringContaining("The provided key element does not match the schema"),
    });
    expect(await raw(`${SDK}putItem`, { TableName: "users", Item: { id: { S: "" } } })).toMatchObject({
      cause: expect.stringContaining("The AttributeValue for a key attribute cannot contain an empty string value. Key: id"),
    });
    expect(await raw(`${SDK}putItem`, { TableName: "users", Item: { id: { BOOL: true } } })).toMatchObject({
      cause: expect.stringContaining("a key attribute is S, N or B, not BOOL"),
    });
  });
});

describe("D1-backed tables: writes are compare-and-swap", () => {
  it("a write computed from a stale read does not land; readModifyWrite reads again and recomputes", async () => {
    const t: D1Table = { db: env.DATA, name: "cas", pk: "id" };
    await ensureSchema(env.DATA);
    const k = keyOf(t, { id: { S: "x" } }, "Key") as Key;
    expect(await swap(t, k, null, { id: { S: "x" }, n: { N: "1" } })).toBe(true);
    expect(await swap(t, k, null, { id: { S: "x" }, n: { N: "9" } })).toBe(false);
    const stale = await read(t, k);
    expect(await swap(t, k, stale, { id: { S: "x" }, n: { N: "2" } })).toBe(true);
    expect(await swap(t, k, stale, { id: { S: "x" }, n: { N: "3" } })).toBe(false);
    expect((await read(t, k))?.item.n).toEqual({ N: "2" });

    // Another writer (another isolate, say) changes the item between our read and our write.
    let interfered = false;
    const db = {
      prepare(sql: string) {
        const real = env.DATA.prepare(sql);
        if (!sql.startsWith("UPDATE") || interfered) return real;
        return {
          bind: (...args: unknown[]) => ({
            run: async () => {
              interfered = true;
              await env.DATA.prepare("UPDATE dynamodb_items SET item = ?, version = version + 1 WHERE table_name = 'cas'")
                .bind(JSON.stringify({ id: { S: "x" }, n: { N: "100" } }))
                .run();
              return real.bind(...args).run();
            },
          }),
        };
      },
    } as unknown as D1Database;
    const seen: string[] = [];
    const answer = await readModifyWrite({ ...t, db }, k, (old) => {
      seen.push(old!.n.N as string);
      return { next: { ...old!, n: { N: String(Number(old!.n.N) + 1) } }, answer: old!.n.N };
    });
    expect(seen).toEqual(["2", "100"]);
    expect(answer).toBe("100");
    expect((await read(t, k))?.item.n).toEqual({ N: "101" });
  });
});
