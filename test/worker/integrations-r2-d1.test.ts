// R2 as S3 (aws-sdk:s3:getObject|putObject|deleteObject|listObjectsV2, r2:<BINDING>:...) and D1
// (d1:<BINDING>:query), through the dispatcher with the real local FILES bucket and DATA database.
import { describe, expect, it } from "vitest";
import { call, dispatcher } from "./dispatch-helpers.ts";

const S3 = "arn:aws:states:::aws-sdk:s3:";
const ok = (r: unknown) => (r as { output: any }).output;

describe("R2 as S3", () => {
  it('putObject stores the Body as JSON text, as AWS (the recorded ETag is md5 of "text data" with its quotes)', async () => {
    const d = dispatcher();
    expect(ok(await d.dispatch(call(`${S3}putObject`, { Bucket: "files", Key: "file-key", Body: "text data" })))).toEqual({
      ETag: '"2b5df3712557f503a9977a8ea893b2c9"',
    });
    expect(ok(await d.dispatch(call(`${S3}getObject`, { Bucket: "files", Key: "file-key" }))).Body).toBe('"text data"');
  });

  it("getObject answers the body and AWS's fields (an object put as plain text, as r2:<BINDING>:put stores it)", async () => {
    const d = dispatcher();
    expect(ok(await d.dispatch(call("r2:FILES:put", { Key: "file_key", Body: "text data" })))).toEqual({
      ETag: '"332eec544317a6d340b8e77da7fe54ad"',
    });
    expect(ok(await d.dispatch(call(`${S3}getObject`, { Bucket: "files", Key: "file_key" })))).toEqual({
      AcceptRanges: "bytes",
      Body: "text data",
      ContentLength: 9,
      ContentType: "binary/octet-stream",
      ETag: '"332eec544317a6d340b8e77da7fe54ad"',
      LastModified: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      Metadata: {},
    });
  });

  it("a non-string Body is stored as its JSON text (false, 0, a list), as AWS", async () => {
    const d = dispatcher();
    // ETags as AWS recorded them for the same bodies.
    for (const [body, etag] of [
      [false, "68934a3e9455fa72420237eb05902327"],
      [0, "cfcd208495d565ef66e7dff9f98764da"],
      [["List", "Data"], "6b23860357f6e63a0272b7f1143a663a"],
    ] as const) {
      expect(ok(await d.dispatch(call(`${S3}putObject`, { Bucket: "files", Key: "json", Body: body as never })))).toEqual({
        ETag: `"${etag}"`,
      });
    }
    expect(ok(await d.dispatch(call(`${S3}getObject`, { Bucket: "files", Key: "json" }))).Body).toBe('["List","Data"]');
  });

  it("listObjectsV2 pages with MaxKeys and ContinuationToken; deleteObject removes; r2:<BINDING>: needs no Bucket", async () => {
    const d = dispatcher();
    for (const k of ["list/a", "list/b", "list/c"]) await d.dispatch(call("r2:FILES:put", { Key: k, Body: k }));
    const first = ok(await d.dispatch(call(`${S3}listObjectsV2`, { Bucket: "files", Prefix: "list/", MaxKeys: 2 })));
    expect(first).toMatchObject({
      IsTruncated: true,
      KeyCount: 2,
      MaxKeys: 2,
      Name: "files",
      Prefix: "list/",
      NextContinuationToken: expect.any(String),
    });
    expect(first.Contents.map((c: any) => c.Key)).toEqual(["list/a", "list/b"]);
    expect(first.Contents[0]).toEqual({
      ETag: expect.stringMatching(/^"[0-9a-f]{32}"$/),
      Key: "list/a",
      LastModified: expect.any(String),
      Size: 6,
      StorageClass: "STANDARD",
    });
    const rest = ok(
      await d.dispatch(call(`${S3}listObjectsV2`, { Bucket: "files", Prefix: "list/", ContinuationToken: first.NextContinuationToken })),
    );
    expect(rest).toMatchObject({ IsTruncated: false, KeyCount: 1, Contents: [{ Key: "list/c" }] });
    expect(ok(await d.dispatch(call(`${S3}deleteObject`, { Bucket: "files", Key: "list/c" })))).toEqual({});
    expect(ok(await d.dispatch(call("r2:FILES:get", { Key: "list/a" }))).Body).toBe("list/a");
    const none = ok(await d.dispatch(call("r2:FILES:list", { Prefix: "nothing/" })));
    expect(none).toEqual({ IsTruncated: false, KeyCount: 0, MaxKeys: 1000, Name: "FILES", Prefix: "nothing/" });
  });

  it("errors as S3 names them: NoSuchKey with AWS's cause wording, NoSuchBucket, a missing Key", async () => {
    const d = dispatcher();
    expect(await d.dispatch(call(`${S3}getObject`, { Bucket: "files", Key: "no_such_key.json" }))).toEqual({
      error: "S3.NoSuchKeyException",
      cause: expect.stringMatching(
        /^The specified key does not exist\. \(Service: S3, Status Code: 404, Request ID: [0-9A-F]+, Extended Request ID: \S+\)$/,
      ),
    });
    expect(await d.dispatch(call(`${S3}getObject`, { Bucket: "other", Key: "k" }))).toMatchObject({
      error: "S3.NoSuchBucketException",
      cause: expect.stringContaining("The specified bucket does not exist"),
    });
    expect(await d.dispatch(call(`${S3}putObject`, { Bucket: "files" }))).toMatchObject({
      error: "S3.S3Exception",
      cause: expect.stringContaining("Missing required parameter: Key"),
    });
  });

  it("problem(): unsupported actions and buckets mapped to non-R2 bindings are refused", () => {
    expect(dispatcher().problem(`${S3}getObject`)).toBeNull();
    expect(dispatcher().problem(`${S3}createBucket`)).toBe(
      `'${S3}createBucket' is not supported: aws-sdk:s3 offers getObject, putObject, deleteObject, listObjectsV2`,
    );
    // copyObject is S3's on AWS (aws-remote/s3.ts): without credentials, the problem says they would do.
    expect(dispatcher().problem(`${S3}copyObject`)).toBe(
      `'${S3}copyObject' is not supported: aws-sdk:s3 offers getObject, putObject, deleteObject, listObjectsV2; ` +
        "or configure AWS credentials (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY as Worker secrets, AWS_REGION as a var) to call AWS itself",
    );
    expect(dispatcher({ S3_BUCKETS: { b: "STORE" } }).problem(`${S3}getObject`)).toMatch(
      /S3_BUCKETS maps 'b': Binding 'STORE' is not a \[\[r2_buckets\]\] binding/,
    );
    expect(dispatcher().problem("r2:NOPE:get")).toBe("'r2:NOPE:get': No binding 'NOPE' (add it to [[r2_buckets]] in wrangler.toml)");
  });
});

describe("d1:<BINDING>:query", () => {
  it("runs one parameterised statement: Results and Meta", async () => {
    const d = dispatcher();
    await d.dispatch(call("d1:DATA:query", { Sql: "CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, body TEXT, done INTEGER)" }));
    const ins = ok(
      await d.dispatch(call("d1:DATA:query", { Sql: "INSERT INTO notes (body, done) VALUES (?, ?)", Parameters: ["it's fine", true] })),
    );
    expect(ins).toMatchObject({ Results: [], Meta: { Changes: 1, LastRowId: expect.any(Number), RowsWritten: expect.any(Number) } });
    const sel = ok(
      await d.dispatch(call("d1:DATA:query", { Sql: "SELECT body, done FROM notes WHERE body = ?1", Parameters: ["it's fine"] })),
    );
    expect(sel.Results).toEqual([{ body: "it's fine", done: 1 }]);
  });

  it("bad parameters are D1.BadRequestException; SQL errors D1.DatabaseErrorException; DB is refused", async () => {
    const d = dispatcher();
    expect(await d.dispatch(call("d1:DATA:query", {}))).toEqual({
      error: "D1.BadRequestException",
      cause: "d1:DATA:query needs Sql (one statement, values as ? placeholders)",
    });
    expect(await d.dispatch(call("d1:DATA:query", { Sql: "SELECT ?", Parameters: [{ a: 1 }] }))).toEqual({
      error: "D1.BadRequestException",
      cause: "Parameters[0] is an object: a parameter is a string, number, boolean or null",
    });
    expect(await d.dispatch(call("d1:DATA:query", { Sql: "SELECT * FROM no_such_table" }))).toMatchObject({
      error: "D1.DatabaseErrorException",
      cause: expect.stringContaining("no such table"),
    });
    expect(d.problem("d1:DATA:query")).toBeNull();
    expect(d.problem("d1:DB:query")).toBe("d1:DB: 'DB' is the runtime's own database; bind a database of the workflow's own");
    expect(d.problem("d1:STORE:query")).toBe("Binding 'STORE' is not a [[d1_databases]] binding");
  });
});
