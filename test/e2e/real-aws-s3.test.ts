// S3 on AWS itself (README "Real AWS services"), end to end: aws-sdk:s3 tasks and a Distributed Map's ItemReader
// and ResultWriter on a bucket S3_BUCKETS does not map go to a fake AWS (fake-aws-s3.ts) that verifies each SigV4
// signature and the payload's x-amz-content-sha256; the bucket S3_BUCKETS maps ("files") stays on R2. AWS_REGION is
// eu-west-1 here, so the AWS JSON services added with S3 show their signing regions: Support's us-east-1, Redshift Data's.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import {
  CreateStateMachineCommand,
  SFNClient,
  StartExecutionCommand,
  StartSyncExecutionCommand,
  type StartSyncExecutionCommandOutput,
} from "@aws-sdk/client-sfn";
import { out, useFakeAwsRuntime } from "./fake-aws-harness.ts";
import { finished } from "./runtime.ts";

const KEY_ID = "AKIDFAKEEXAMPLES3";
const SECRET = "fake-secret-key-never-shown-s3";

const aws = useFakeAwsRuntime({ keyId: KEY_ID, secret: SECRET, prefix: "real-s3", bindings: () => ({ AWS_REGION: "eu-west-1" }) });

function run(action: string, params: unknown, service = "s3"): Promise<StartSyncExecutionCommandOutput> {
  return aws.run(`arn:aws:states:::aws-sdk:${service}:${action}`, params);
}

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe("S3 on AWS through a fake AWS that verifies SigV4", () => {
  it("putObject, getObject, headObject, getObjectAttributes, copyObject, listObjectsV2, deleteObject on an unmapped bucket", async () => {
    const before = aws.fake.received.length;
    const body = { order: 7, note: "é & <ok>" };
    const put = out(await run("putObject", { Bucket: "aws-data", Key: "in/order 7.json", Body: body, Metadata: { team: "ops" } }));
    const text = JSON.stringify(body);
    const etag = `"${createHash("md5").update(text).digest("hex")}"`;
    assert.deepEqual(put, { ETag: etag, ServerSideEncryption: "AES256" });
    const sent = aws.fake.received[before];
    assert.equal(sent.service, "s3");
    assert.equal(sent.path, "/aws-data/in/order%207.json");
    assert.equal(sent.headers["x-amz-content-sha256"], createHash("sha256").update(text).digest("hex"));
    assert.equal(sent.headers["x-amz-meta-team"], "ops");
    assert.equal(aws.fake.objects.get("aws-data/in/order 7.json")?.body.toString(), text);

    const got = out(await run("getObject", { Bucket: "aws-data", Key: "in/order 7.json" }));
    assert.equal(got.Body, text);
    assert.equal(got.ContentLength, Buffer.byteLength(text));
    assert.equal(got.ContentType, "binary/octet-stream");
    assert.equal(got.ETag, etag);
    assert.match(got.LastModified, ISO);
    assert.deepEqual(got.Metadata, { team: "ops" });
    assert.equal(got.AcceptRanges, "bytes");

    const head = out(await run("headObject", { Bucket: "aws-data", Key: "in/order 7.json" }));
    assert.equal(head.Body, undefined);
    assert.equal(head.ContentLength, Buffer.byteLength(text));

    const attrs = out(
      await run("getObjectAttributes", { Bucket: "aws-data", Key: "in/order 7.json", ObjectAttributes: ["ETag", "ObjectSize"] }),
    );
    assert.deepEqual(
      { ETag: attrs.ETag, ObjectSize: attrs.ObjectSize },
      { ETag: etag.replaceAll('"', ""), ObjectSize: Buffer.byteLength(text) },
    );
    assert.match(attrs.LastModified, ISO);
    assert.equal(aws.fake.received.at(-1)!.headers["x-amz-object-attributes"], "ETag,ObjectSize");

    const copy = out(await run("copyObject", { Bucket: "aws-data", Key: "in/copy.json", CopySource: "aws-data/in/order 7.json" }));
    assert.equal(copy.CopyObjectResult.ETag, etag);
    assert.match(copy.CopyObjectResult.LastModified, ISO);

    const one = out(await run("listObjectsV2", { Bucket: "aws-data", Prefix: "in/copy" }));
    assert.equal(one.IsTruncated, false);
    assert.equal(one.KeyCount, 1);
    assert.equal(one.Contents.length, 1);
    assert.deepEqual(
      { ...one.Contents[0], LastModified: "" },
      { Key: "in/copy.json", LastModified: "", ETag: etag, Size: Buffer.byteLength(text), StorageClass: "STANDARD" },
    );
    const page = out(await run("listObjectsV2", { Bucket: "aws-data", Prefix: "in/", MaxKeys: 1 }));
    assert.deepEqual([page.IsTruncated, page.MaxKeys, page.Contents.length, typeof page.NextContinuationToken], [true, 1, 1, "string"]);

    assert.deepEqual(out(await run("deleteObject", { Bucket: "aws-data", Key: "in/copy.json" })), {});
    assert.equal(aws.fake.objects.has("aws-data/in/copy.json"), false);
  });

  it("S3's errors are S3.<Code>Exception with the AWS SDK for Java 2.x's cause; HEAD's 404 is NoSuchKey too", async () => {
    const missing = await run("getObject", { Bucket: "aws-data", Key: "nope" });
    assert.equal(missing.status, "FAILED");
    assert.equal(missing.error, "S3.NoSuchKeyException");
    assert.match(
      missing.cause!,
      /^The specified key does not exist\. \(Service: S3, Status Code: 404, Request ID: [0-9A-F]{16}, Extended Request ID: /,
    );
    const head = await run("headObject", { Bucket: "aws-data", Key: "nope" });
    assert.equal(head.error, "S3.NoSuchKeyException");
    const bucket = await run("listObjectsV2", { Bucket: "no-such-bucket" });
    assert.equal(bucket.error, "S3.NoSuchBucketException");
    const unknown = await run("getObject", { Bucket: "aws-data", Key: "k", Colour: "red" });
    assert.deepEqual(
      [unknown.error, unknown.cause],
      ["S3.S3Exception", "Unknown parameter 'Colour' for s3:getObject (Service: S3, Status Code: 400)"],
    );
    const refusedBefore = aws.fake.refused;
    aws.fake.secret = "another-secret";
    try {
      const wrong = await run("getObject", { Bucket: "aws-data", Key: "in/order 7.json" });
      assert.equal(wrong.error, "S3.SignatureDoesNotMatchException");
      assert.ok(!wrong.cause!.includes(SECRET));
      assert.equal(aws.fake.refused, refusedBefore + 1);
    } finally {
      aws.fake.secret = SECRET;
    }
  });

  it("a bucket S3_BUCKETS maps stays on R2; headObject on it is refused at creation (R2 does not serve it)", async () => {
    const before = aws.fake.received.length;
    out(await run("putObject", { Bucket: "files", Key: "local.json", Body: { a: 1 } }));
    assert.equal(out(await run("getObject", { Bucket: "files", Key: "local.json" })).Body, '{"a":1}');
    assert.equal(aws.fake.received.length, before);
    await assert.rejects(run("headObject", { Bucket: "files", Key: "local.json" }), /aws-sdk:s3 offers getObject/);
  });

  it("a Distributed Map reads its items from AWS S3 and writes its results there", async () => {
    aws.fake.objects.set("aws-data/items.json", {
      body: Buffer.from(JSON.stringify([{ v: 1 }, { v: 2 }, { v: 3 }])),
      contentType: "application/json",
      etag: '"x"',
      lastModified: new Date(),
      meta: {},
    });
    const definition = {
      StartAt: "Each",
      States: {
        Each: {
          Type: "Map",
          ItemReader: {
            Resource: "arn:aws:states:::s3:getObject",
            ReaderConfig: { InputType: "JSON" },
            Parameters: { Bucket: "aws-data", Key: "items.json" },
          },
          ItemProcessor: {
            ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: "EXPRESS" },
            StartAt: "Double",
            States: { Double: { Type: "Pass", Parameters: { "twice.$": "States.MathAdd($.v, $.v)" }, End: true } },
          },
          ResultWriter: { Resource: "arn:aws:states:::s3:putObject", Parameters: { Bucket: "aws-data", Prefix: "results" } },
          End: true,
        },
      },
    };
    const arn = await aws.machine(definition, "STANDARD");
    const start = await aws.sfn.send(new StartExecutionCommand({ stateMachineArn: arn, input: "{}" }));
    const d = await finished(aws.sfn, start.executionArn!, 60_000);
    assert.equal(d.status, "SUCCEEDED", `${d.error}: ${d.cause}`);
    const written = [...aws.fake.objects.keys()].filter((k) => k.startsWith("aws-data/results/"));
    const manifest = written.find((k) => k.endsWith("/manifest.json"));
    assert.ok(manifest, `written: ${written.join(", ")}`);
    const succeeded = written.find((k) => /SUCCEEDED_0\.json$/.test(k))!;
    const results = JSON.parse(aws.fake.objects.get(succeeded)!.body.toString());
    assert.deepEqual(results.map((r: { Output: string }) => JSON.parse(r.Output).twice).sort(), [2, 4, 6]);
    assert.equal(JSON.parse(d.output!).ResultWriterDetails.Bucket, "aws-data");
  });

  it("a Distributed Map reads JSONL a page at a time (Range from the byte it stopped at), and lists a prefix", async () => {
    const lines = [1, 2, 3].map((v) => JSON.stringify({ v })).join("\n");
    const put = (key: string, text: string) =>
      aws.fake.objects.set(key, { body: Buffer.from(text), contentType: "text/plain", etag: '"y"', lastModified: new Date(), meta: {} });
    put("aws-data/lines/items.jsonl", lines);
    put("aws-data/lines/other.txt", "x");
    const map = (reader: object) => ({
      StartAt: "Each",
      States: {
        Each: {
          Type: "Map",
          MaxConcurrency: 1,
          ItemReader: reader,
          ItemProcessor: {
            ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: "EXPRESS" },
            StartAt: "P",
            States: { P: { Type: "Pass", End: true } },
          },
          End: true,
        },
      },
    });
    const before = aws.fake.received.length;
    const jsonl = map({
      Resource: "arn:aws:states:::s3:getObject",
      ReaderConfig: { InputType: "JSONL" },
      Parameters: { Bucket: "aws-data", Key: "lines/items.jsonl" },
    });
    const a = await aws.sfn.send(new StartExecutionCommand({ stateMachineArn: await aws.machine(jsonl, "STANDARD"), input: "{}" }));
    const da = await finished(aws.sfn, a.executionArn!, 60_000);
    assert.equal(da.status, "SUCCEEDED", `${da.error}: ${da.cause}`);
    assert.deepEqual(JSON.parse(da.output!), [{ v: 1 }, { v: 2 }, { v: 3 }]);
    const ranges = aws.fake.received
      .slice(before)
      .map((r) => r.headers.range)
      .filter((r) => r !== undefined);
    assert.ok(
      ranges.some((r) => /^bytes=[1-9]\d*-$/.test(r)),
      `ranges: ${ranges.join(", ")}`,
    );

    const listing = map({ Resource: "arn:aws:states:::s3:listObjectsV2", Parameters: { Bucket: "aws-data", Prefix: "lines/" } });
    const b = await aws.sfn.send(new StartExecutionCommand({ stateMachineArn: await aws.machine(listing, "STANDARD"), input: "{}" }));
    const db = await finished(aws.sfn, b.executionArn!, 60_000);
    assert.equal(db.status, "SUCCEEDED", `${db.error}: ${db.cause}`);
    const keys = JSON.parse(db.output!).map((o: { Key: string; Size: number }) => [o.Key, o.Size]);
    assert.deepEqual(keys, [
      ["lines/items.jsonl", lines.length],
      ["lines/other.txt", 1],
    ]);

    const gone = map({
      Resource: "arn:aws:states:::s3:getObject",
      ReaderConfig: { InputType: "JSON" },
      Parameters: { Bucket: "no-such-bucket", Key: "k" },
    });
    const c = await aws.sfn.send(new StartExecutionCommand({ stateMachineArn: await aws.machine(gone, "STANDARD"), input: "{}" }));
    const dc = await finished(aws.sfn, c.executionArn!, 60_000);
    assert.deepEqual([dc.status, dc.error], ["FAILED", "States.ItemReaderFailed"]);
    assert.match(dc.cause!, /The specified bucket does not exist\. \(Bucket: no-such-bucket\)/);
  });

  it("aws-sdk:support (its global endpoint, signed us-east-1) and aws-sdk:redshiftdata (AWS JSON 1.1)", async () => {
    const cases = out(await run("describeCases", { IncludeResolvedCases: true }, "support"));
    assert.deepEqual(cases, { cases: [] });
    let sent = aws.fake.received.at(-1)!;
    assert.equal(sent.headers["x-amz-target"], "AWSSupport_20130415.DescribeCases");
    assert.match(sent.headers.authorization, /Credential=AKIDFAKEEXAMPLES3\/\d{8}\/us-east-1\/support\/aws4_request/);
    const params = { WorkgroupName: "wg", Database: "dev", Sql: "select 1" };
    const stmt = out(await run("executeStatement", params, "redshiftdata"));
    assert.deepEqual(stmt, { Id: "d9b6c0c9-0747-4bf4-b142-e8883122f766", Database: "dev", CreatedAt: 1733450000.5 });
    sent = aws.fake.received.at(-1)!;
    assert.equal(sent.headers["x-amz-target"], "RedshiftData.ExecuteStatement");
    assert.equal(sent.headers["content-type"], "application/x-amz-json-1.1");
    assert.match(sent.headers.authorization, /\/eu-west-1\/redshift-data\/aws4_request/);
    assert.deepEqual(JSON.parse(sent.body), params);
    const nope = await run("cancelStatement", { Id: "x" }, "redshiftdata");
    assert.equal(nope.error, "RedshiftData.UnknownOperationException");
    assert.match(aws.fake.received.filter((r) => r.service === "s3").at(-1)!.headers.authorization, /\/eu-west-1\/s3\/aws4_request/);
  });
});
