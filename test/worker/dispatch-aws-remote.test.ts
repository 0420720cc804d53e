// Real AWS (worker/dispatch/aws-remote): which resources AWS credentials make acceptable, what the creation-time
// problems say without them, where calls go, and the pieces AWS's wire formats need. The calls themselves, signed
// and verified, are in test/e2e/real-aws.test.ts.
import { describe, expect, it } from "vitest";
import { SERVICES, recase } from "../../worker/dispatch/aws-remote/catalog.ts";
import { errorName, xmlText } from "../../worker/dispatch/aws-remote/call.ts";
import { endpointOf, redact } from "../../worker/dispatch/aws-remote/config.ts";
import { encodeKey, headerFields, s3Xml } from "../../worker/dispatch/aws-remote/s3-wire.ts";
import { ec2Form, ec2Result } from "../../worker/dispatch/aws-remote/ec2.ts";
import { checkDefinition } from "../../worker/service/definition.ts";
import type { Env } from "../../worker/env.ts";
import { env } from "cloudflare:workers";
import { publishForm } from "../../worker/dispatch/aws-remote/sns.ts";
import { pollJob } from "../../worker/dispatch/aws-remote/sync-pollers.ts";
import { call, dispatcher } from "./dispatch-helpers.ts";

const CREDS = { AWS_ACCESS_KEY_ID: "AKIDUNITTEST", AWS_SECRET_ACCESS_KEY: "unit-secret-value", AWS_SESSION_TOKEN: "unit-token-value" };
const AWS_ONLY = [
  "arn:aws:states:::sns:publish",
  "arn:aws:states:::events:putEvents",
  "arn:aws:states:::ecs:runTask",
  "arn:aws:states:::ecs:runTask.sync",
  "arn:aws:states:::ecs:runTask.waitForTaskToken",
  "arn:aws:states:::dynamodb:updateItem",
  "arn:aws:states:::aws-sdk:dynamodb:query",
  "arn:aws:states:::aws-sdk:secretsmanager:getSecretValue",
  "arn:aws:states:::aws-sdk:sns:publish",
  "arn:aws:lambda:us-east-1:123456789012:function:not-mapped",
  // The job integrations, with their .sync, and the aws-sdk services added beside them.
  "arn:aws:states:::athena:startQueryExecution",
  "arn:aws:states:::athena:startQueryExecution.sync",
  "arn:aws:states:::athena:getQueryExecution",
  "arn:aws:states:::athena:getQueryResults",
  "arn:aws:states:::athena:stopQueryExecution",
  "arn:aws:states:::glue:startJobRun",
  "arn:aws:states:::glue:startJobRun.sync",
  "arn:aws:states:::glue:startJobRun.waitForTaskToken",
  "arn:aws:states:::codebuild:startBuild",
  "arn:aws:states:::codebuild:startBuild.sync",
  "arn:aws:states:::codebuild:stopBuild",
  "arn:aws:states:::codebuild:batchDeleteBuilds",
  "arn:aws:states:::codebuild:batchGetReports",
  "arn:aws:states:::batch:submitJob",
  "arn:aws:states:::batch:submitJob.sync",
  "arn:aws:states:::bedrock:invokeModel",
  "arn:aws:states:::apigateway:invoke",
  "arn:aws:states:::sagemaker:createTrainingJob.sync",
  "arn:aws:states:::sagemaker:createTransformJob.sync",
  "arn:aws:states:::sagemaker:createProcessingJob.sync",
  "arn:aws:states:::sagemaker:createHyperParameterTuningJob.sync",
  "arn:aws:states:::sagemaker:createLabelingJob",
  "arn:aws:states:::sagemaker:createModel",
  "arn:aws:states:::sagemaker:createEndpointConfig",
  "arn:aws:states:::sagemaker:createEndpoint",
  "arn:aws:states:::sagemaker:updateEndpoint",
  "arn:aws:states:::apigateway:invoke.waitForTaskToken",
  "arn:aws:states:::aws-sdk:rekognition:detectLabels",
  "arn:aws:states:::aws-sdk:transcribe:startTranscriptionJob",
  "arn:aws:states:::aws-sdk:cognitoidentityprovider:adminGetUser",
  "arn:aws:states:::aws-sdk:cloudtrail:lookupEvents",
  "arn:aws:states:::aws-sdk:config:describeConfigRules",
  "arn:aws:states:::aws-sdk:organizations:listAccounts",
  "arn:aws:states:::aws-sdk:servicecatalog:searchProducts",
  "arn:aws:states:::aws-sdk:cloudformation:describeStacks",
  "arn:aws:states:::aws-sdk:rds:describeDBInstances",
  "arn:aws:states:::aws-sdk:autoscaling:describeAutoScalingGroups",
  "arn:aws:states:::aws-sdk:elasticloadbalancingv2:describeTargetHealth",
  "arn:aws:states:::aws-sdk:support:describeTrustedAdvisorChecks",
  "arn:aws:states:::aws-sdk:redshiftdata:executeStatement",
  "arn:aws:states:::aws-sdk:ec2:describeInstances",
  "arn:aws:states:::aws-sdk:ec2:runInstances",
  // EMR's optimized integrations (aws-remote/emr.ts).
  "arn:aws:states:::elasticmapreduce:createCluster",
  "arn:aws:states:::elasticmapreduce:createCluster.sync",
  "arn:aws:states:::elasticmapreduce:addStep",
  "arn:aws:states:::elasticmapreduce:addStep.sync",
  "arn:aws:states:::elasticmapreduce:terminateCluster.sync",
  // The REST-JSON aws-sdk operations written out in aws-remote/rest-sdk.ts.
  "arn:aws:states:::aws-sdk:polly:startSpeechSynthesisTask",
  "arn:aws:states:::aws-sdk:polly:getSpeechSynthesisTask",
  "arn:aws:states:::aws-sdk:lambda:listFunctions",
  "arn:aws:states:::aws-sdk:lambda:listVersionsByFunction",
  "arn:aws:states:::aws-sdk:lambda:deleteFunction",
  "arn:aws:states:::aws-sdk:scheduler:createSchedule",
  "arn:aws:states:::aws-sdk:bedrock:createEvaluationJob",
  "arn:aws:states:::aws-sdk:bedrock:getEvaluationJob",
  "arn:aws:states:::aws-sdk:bedrock:getModelCustomizationJob",
  "arn:aws:states:::aws-sdk:bedrock:createProvisionedModelThroughput",
  "arn:aws:states:::aws-sdk:bedrockagent:createKnowledgeBase",
  "arn:aws:states:::aws-sdk:bedrockagent:createDataSource",
  "arn:aws:states:::aws-sdk:bedrockagent:startIngestionJob",
  "arn:aws:states:::aws-sdk:bedrockagent:getIngestionJob",
  "arn:aws:states:::aws-sdk:bedrockagent:startIngestionJob.waitForTaskToken",
  "arn:aws:states:::aws-sdk:lookoutvision:startModel",
  "arn:aws:states:::aws-sdk:lookoutvision:describeModel",
  "arn:aws:states:::aws-sdk:emrserverless:startJobRun",
  "arn:aws:states:::aws-sdk:emrserverless:getJobRun",
  // S3's actions on AWS that R2 does not serve (aws-remote/s3.ts).
  "arn:aws:states:::aws-sdk:s3:headObject",
  "arn:aws:states:::aws-sdk:s3:getObjectAttributes",
  "arn:aws:states:::aws-sdk:s3:copyObject",
];

describe("creation: what AWS credentials make acceptable", () => {
  // Without the tables that would run them on Cloudflare (SNS_TOPICS, DYNAMODB_TABLES: see their own tests).
  const unmapped = { LAMBDA_FUNCTIONS: {}, SNS_TOPICS: undefined, DYNAMODB_TABLES: undefined };
  it.each(AWS_ONLY)("%s: refused without credentials, saying which would do; accepted with them", (resource) => {
    expect(dispatcher(unmapped).problem(resource)).toMatch(
      /; or configure AWS credentials \(AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY as Worker secrets, AWS_REGION as a var\)/,
    );
    expect(dispatcher({ ...CREDS, ...unmapped }).problem(resource)).toBeNull();
  });

  it.each([
    ["ai:MODEL:run", /No dispatcher/],
    ["arn:aws:states:::aws-sdk:s3:createBucket", /aws-sdk:s3 offers/],
    ["arn:aws:states:::events:putEvents.sync", /No dispatcher|not supported/],
    ["arn:aws:states:::aws-sdk:nosuchservice:doThing", /No dispatcher/],
    // A .sync AWS offers but this runtime does not poll, and REST services not called through aws-sdk:
    ["arn:aws:states:::codebuild:startBuildBatch.sync", /No dispatcher|not supported/],
    ["arn:aws:states:::athena:getQueryResults.sync", /No dispatcher|not supported/],
    ["arn:aws:states:::aws-sdk:batch:submitJob", /No dispatcher/],
    ["arn:aws:states:::aws-sdk:bedrockruntime:invokeModel", /No dispatcher/],
    // REST-JSON operations rest-sdk.ts does not write out, and Lambda's Invoke as aws-sdk:
    ["arn:aws:states:::aws-sdk:polly:synthesizeSpeech", /No dispatcher/],
    ["arn:aws:states:::elasticmapreduce:cancelStep", /No dispatcher/],
    ["arn:aws:states:::aws-sdk:lambda:invoke", /No dispatcher/],
    ["arn:aws:states:::aws-sdk:bedrockagent:deleteKnowledgeBase", /No dispatcher/],
    ["arn:aws:states:::aws-sdk:emrserverless:startJobRun.sync", /No dispatcher|not supported/],
  ])("%s: nothing we call on AWS, so credentials change nothing", (resource, why) => {
    const p = dispatcher(CREDS).problem(resource);
    expect(p).toMatch(why);
    expect(p).not.toMatch(/AWS credentials/);
  });

  it("a Lambda ARN that LAMBDA_FUNCTIONS maps runs there: its map's problem stands with credentials; others go to AWS", () => {
    const d = dispatcher({ ...CREDS, LAMBDA_FUNCTIONS: { broken: "worker:MISSING" } });
    expect(d.problem("arn:aws:lambda:us-east-1:123456789012:function:broken")).toMatch(/No service binding 'MISSING'/);
    expect(d.problem("arn:aws:lambda:us-east-1:123456789012:function:elsewhere")).toBeNull();
    expect(d.problem("arn:aws:states:::lambda:invoke")).toBeNull();
  });

  it("a configured table naming a wrong binding stays refused with credentials; an absent one does not", () => {
    const broken = dispatcher({ ...CREDS, DYNAMODB_TABLES: '{"t": "FILES"}' });
    expect(broken.problem("arn:aws:states:::dynamodb:getItem")).toMatch(/DYNAMODB_TABLES maps 't': Binding 'FILES' is not/);
    // updateItem runs on the table's mapping too (D1 or KV): the same problem
    expect(broken.problem("arn:aws:states:::dynamodb:updateItem")).toMatch(/DYNAMODB_TABLES maps 't': Binding 'FILES' is not/);
    const none = dispatcher({ ...CREDS, DYNAMODB_TABLES: undefined, SQS_QUEUES: undefined, LAMBDA_FUNCTIONS: undefined });
    for (const r of ["arn:aws:states:::dynamodb:getItem", "arn:aws:states:::sqs:sendMessage", "arn:aws:states:::lambda:invoke"]) {
      expect([r, none.problem(r)]).toEqual([r, null]);
    }
  });

  it("a table, queue, topic or function written out in Parameters and mapped nowhere: refused without credentials, AWS's with them", () => {
    const tables = { DYNAMODB_TABLES: '{"t": "d1:DATA:id"}', SQS_QUEUES: '{"q": "OUTBOX"}', LAMBDA_FUNCTIONS: {} };
    const written: [string, Record<string, string>, RegExp][] = [
      [
        "arn:aws:states:::dynamodb:getItem",
        { TableName: "elsewhere" },
        /table 'elsewhere' \(TableName\) is mapped nowhere: add it to DYNAMODB_TABLES/,
      ],
      [
        "arn:aws:states:::sqs:sendMessage",
        { QueueUrl: "https://sqs.eu-west-1.amazonaws.com/1/other" },
        /queue '.*other' \(QueueUrl\).*SQS_QUEUES/,
      ],
      ["arn:aws:states:::lambda:invoke", { FunctionName: "remote-fn" }, /function 'remote-fn' \(FunctionName\).*LAMBDA_FUNCTIONS/],
    ];
    for (const [resource, params, why] of written) {
      expect(dispatcher(tables).problem(resource, params)).toMatch(why);
      expect(dispatcher(tables).problem(resource, params)).toMatch(/; or configure AWS credentials/);
      expect(dispatcher({ ...CREDS, ...tables }).problem(resource, params)).toBeNull();
    }
    // Mapped, or computed at run time: nothing to say.
    expect(dispatcher(tables).problem("arn:aws:states:::dynamodb:getItem", { TableName: "t" })).toBeNull();
    expect(dispatcher(tables).problem("arn:aws:states:::sqs:sendMessage", { QueueUrl: "https://sqs.x.amazonaws.com/1/q" })).toBeNull();
    expect(dispatcher(tables).problem("arn:aws:states:::dynamodb:getItem", { "TableName.$": "$.t" })).toBeNull();
    expect(dispatcher(tables).problem("arn:aws:states:::dynamodb:getItem", { TableName: "{% $states.input.t %}" })).toBeNull();
  });

  it("a bad AWS_ENDPOINT_URL or AWS_ENDPOINT_URL_<SERVICE> is refused at creation, by name", () => {
    expect(dispatcher({ ...CREDS, AWS_ENDPOINT_URL: "not a url" }).problem("arn:aws:states:::events:putEvents")).toBe(
      "'arn:aws:states:::events:putEvents': AWS_ENDPOINT_URL is not a URL: 'not a url'",
    );
    const d = dispatcher({ ...CREDS, AWS_ENDPOINT_URL_DYNAMODB: "ftp://x" });
    expect(d.problem("arn:aws:states:::aws-sdk:dynamodb:describeTable")).toMatch(/AWS_ENDPOINT_URL_DYNAMODB must be an http\(s\) URL/);
    expect(d.problem("arn:aws:states:::sns:publish")).toBeNull();
  });
});

describe("S3 on AWS: buckets S3_BUCKETS does not map", () => {
  const HINT = /; or configure AWS credentials \(AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY as Worker secrets, AWS_REGION as a var\)/;
  const sdk = (a: string) => `arn:aws:states:::aws-sdk:s3:${a}`;

  it("a written-out unmapped Bucket: refused without credentials (S3_BUCKETS entry and the hint), accepted with them", () => {
    for (const action of ["getObject", "putObject", "deleteObject", "listObjectsV2"]) {
      const p = dispatcher().problem(sdk(action), { Bucket: "aws-data", Key: "k" });
      expect(p).toMatch(/bucket 'aws-data' \(Bucket\) is mapped nowhere: add it to S3_BUCKETS/);
      expect(p).toMatch(HINT);
      expect(dispatcher(CREDS).problem(sdk(action), { Bucket: "aws-data", Key: "k" })).toBeNull();
      expect(dispatcher().problem(sdk(action), { Bucket: "files", Key: "k" })).toBeNull();
    }
  });

  it("headObject, getObjectAttributes, copyObject: AWS's only (the hint without credentials); not on a bucket R2 serves", () => {
    for (const action of ["headObject", "getObjectAttributes", "copyObject"]) {
      expect(dispatcher().problem(sdk(action), { Bucket: "aws-data", Key: "k" })).toMatch(HINT);
      expect(dispatcher(CREDS).problem(sdk(action), { Bucket: "aws-data", Key: "k" })).toBeNull();
      expect(dispatcher(CREDS).problem(sdk(action), { "Bucket.$": "$.b", Key: "k" })).toBeNull();
      const onR2 = dispatcher(CREDS).problem(sdk(action), { Bucket: "files", Key: "k" });
      expect(onR2).toMatch(/aws-sdk:s3 offers getObject/);
      expect(onR2).not.toMatch(/AWS credentials/);
    }
    expect(dispatcher({ ...CREDS, AWS_ENDPOINT_URL_S3: "nope" }).problem(sdk("headObject"), {})).toMatch(
      /AWS_ENDPOINT_URL_S3 is not a URL/,
    );
  });

  it("a Distributed Map's unmapped ItemReader/ResultWriter bucket: refused without credentials, with the hint; accepted with them", () => {
    const definition = {
      StartAt: "Each",
      States: {
        Each: {
          Type: "Map",
          ItemReader: {
            Resource: "arn:aws:states:::s3:getObject",
            ReaderConfig: { InputType: "JSON" },
            Parameters: { Bucket: "aws-data", Key: "k" },
          },
          ItemProcessor: {
            ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: "EXPRESS" },
            StartAt: "P",
            States: { P: { Type: "Pass", End: true } },
          },
          ResultWriter: { Resource: "arn:aws:states:::s3:putObject", Parameters: { Bucket: "aws-out", Prefix: "r" } },
          End: true,
        },
      },
    };
    const envOf = (extra: object) => ({ ...env, ...extra }) as unknown as Env;
    expect(() => checkDefinition(envOf({}), definition, "STANDARD")).toThrow(
      /bucket 'aws-data' \(Bucket\) is mapped nowhere.*read and write S3 itself/,
    );
    expect(typeof checkDefinition(envOf(CREDS), definition, "STANDARD")).toBe("string");
  });

  it("dispatch: a mapped bucket stays on R2 with credentials; an unmapped one goes to AWS (here unreachable: S3.SdkClientException)", async () => {
    const d = dispatcher({ ...CREDS, AWS_ENDPOINT_URL: "http://127.0.0.1:9" });
    expect(await d.dispatch(call(sdk("putObject"), { Bucket: "files", Key: "k1", Body: "x" }))).toHaveProperty("output.ETag");
    const remote = await d.dispatch(call(sdk("getObject"), { Bucket: "aws-data", Key: "k1" }));
    expect(remote).toMatchObject({
      error: "S3.SdkClientException",
      cause: expect.stringMatching(/^Unable to execute HTTP request: .*127\.0\.0\.1:9/),
    });
    for (const v of Object.values(CREDS)) expect(JSON.stringify(remote)).not.toContain(v);
    expect(await d.dispatch(call(sdk("headObject"), { Key: "k1" }))).toMatchObject({
      error: "S3.S3Exception",
      cause: expect.stringMatching(/^Missing required parameter: Bucket/),
    });
    expect(await d.dispatch(call(sdk("getObjectAttributes"), { Bucket: "aws-data", Key: "k1" }))).toMatchObject({
      error: "S3.S3Exception",
      cause: expect.stringMatching(/^Missing required parameter: ObjectAttributes/),
    });
    expect(await d.dispatch(call(sdk("putObject"), { Bucket: "aws-data", Key: "k1", Metadata: "x" }))).toMatchObject({
      error: "S3.S3Exception",
    });
  });

  it("reads S3's XML as the SDK shapes it: numbers, booleans, lists even of one; headers into members; keys encoded once", () => {
    const xml =
      '<ListBucketResult xmlns="x"><Name>b</Name><Prefix></Prefix><KeyCount>1</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>' +
      "<Contents><Key>a&amp;b</Key><LastModified>2024-01-02T03:04:05.000Z</LastModified><ETag>&quot;e&quot;</ETag><Size>12</Size>" +
      "<StorageClass>STANDARD</StorageClass></Contents><CommonPrefixes><Prefix>p/</Prefix></CommonPrefixes></ListBucketResult>";
    expect(s3Xml(xml)).toEqual({
      Name: "b",
      Prefix: "",
      KeyCount: 1,
      MaxKeys: 1000,
      IsTruncated: false,
      Contents: [{ Key: "a&b", LastModified: "2024-01-02T03:04:05.000Z", ETag: '"e"', Size: 12, StorageClass: "STANDARD" }],
      CommonPrefixes: [{ Prefix: "p/" }],
    });
    const parts =
      "<GetObjectAttributesOutput><ObjectParts><TotalPartsCount>2</TotalPartsCount><Part><PartNumber>1</PartNumber></Part></ObjectParts></GetObjectAttributesOutput>";
    expect(s3Xml(parts)).toEqual({ ObjectParts: { TotalPartsCount: 2, Parts: [{ PartNumber: 1 }] } });
    const h = new Headers({
      "content-length": "5",
      "last-modified": "Tue, 02 Jan 2024 03:04:05 GMT",
      "x-amz-meta-team": "ops",
      "x-amz-delete-marker": "true",
    });
    expect(headerFields(h, true)).toEqual({
      ContentLength: 5,
      LastModified: "2024-01-02T03:04:05.000Z",
      DeleteMarker: true,
      Metadata: { team: "ops" },
    });
    expect(encodeKey("a b/c(1)!é")).toBe("a%20b/c%281%29%21%C3%A9");
  });
});

describe("dispatch: where a call goes", () => {
  const down = { ...CREDS, AWS_ENDPOINT_URL: "http://127.0.0.1:9" };

  it("a table DYNAMODB_TABLES maps stays on KV; another goes to AWS (here unreachable: DynamoDB.SdkClientException)", async () => {
    const d = dispatcher(down);
    const local = await d.dispatch(call("arn:aws:states:::dynamodb:putItem", { TableName: "orders", Item: { id: { S: "u-1" } } }));
    expect(local).toHaveProperty("output.SdkHttpMetadata.HttpStatusCode", 200);
    const remote = await d.dispatch(call("arn:aws:states:::dynamodb:putItem", { TableName: "Elsewhere", Item: { id: { S: "u-1" } } }));
    expect(remote).toMatchObject({ error: "DynamoDB.SdkClientException" });
    expect((remote as { cause: string }).cause).toMatch(/^Unable to execute HTTP request: .*\(http:\/\/127\.0\.0\.1:9\)/);
    for (const v of Object.values(CREDS)) expect(JSON.stringify(remote)).not.toContain(v);
  });

  it("without credentials nothing goes to AWS: an unmapped table is DynamoDB.ResourceNotFoundException, as before", async () => {
    const r = await dispatcher().dispatch(call("arn:aws:states:::dynamodb:getItem", { TableName: "Elsewhere", Key: { id: { S: "1" } } }));
    expect(r).toMatchObject({ error: "DynamoDB.ResourceNotFoundException" });
  });

  it("lambda:invoke without a FunctionName keeps the Cloudflare integration's error", async () => {
    const r = await dispatcher(down).dispatch(call("arn:aws:states:::lambda:invoke", { Payload: {} }));
    expect(r).toMatchObject({ error: "States.Runtime", cause: expect.stringMatching(/needs a FunctionName/) });
  });

  it("an unreachable Lambda is Lambda.SdkClientException (the name AWS's Retry examples use)", async () => {
    const r = await dispatcher({ ...down, LAMBDA_FUNCTIONS: {} }).dispatch(call("arn:aws:lambda:us-east-1:123456789012:function:f", {}));
    expect(r).toMatchObject({ error: "Lambda.SdkClientException" });
  });
});

describe(".sync polling (sync-pollers.ts)", () => {
  const fail = () => ({ error: "Never", cause: "" });
  it("a start answer naming no job, or a describe answer without it, fails the task with States.TaskFailed", async () => {
    const calls: string[] = [];
    const describe = async (action: string) => (calls.push(action), { Builds: [], BuildsNotFound: ["p:1"] });
    expect(await pollJob("aws:codebuild:startBuild", {}, {}, describe, fail)).toMatchObject({
      error: "States.TaskFailed",
      cause: expect.stringMatching(/^codebuild:startBuild\.sync: the start call's answer names no job/),
    });
    expect(calls).toEqual([]);
    const r = await pollJob("aws:codebuild:startBuild", {}, { Build: { Id: "p:1" } }, describe, fail);
    expect(r).toEqual({ error: "States.TaskFailed", cause: '{"Builds":[],"BuildsNotFound":["p:1"]}' });
    expect(calls).toEqual(["BatchGetBuilds"]);
  });

  it("an aborted task stops waiting before it asks again: States.Timeout", async () => {
    const calls: string[] = [];
    const describe = async (action: string) => (calls.push(action), { JobRun: { JobRunState: "RUNNING" } });
    const abort = new AbortController();
    abort.abort();
    const r = await pollJob("aws:glue:startJobRun", { JobName: "j" }, { JobRunId: "jr_1" }, describe, fail, abort.signal);
    expect(r).toMatchObject({ error: "States.Timeout" });
    expect(calls).toEqual([]);
  });
});

describe("wire pieces", () => {
  it("names errors <Prefix>.<Code>, adding the Exception suffix AWS's docs say to add", () => {
    expect(errorName("DynamoDb", "ConditionalCheckFailedException")).toBe("DynamoDb.ConditionalCheckFailedException");
    expect(errorName("Sns", "NotFound")).toBe("Sns.NotFoundException");
    expect(errorName("SNS", "SignatureDoesNotMatch")).toBe("SNS.SignatureDoesNotMatchException");
  });

  it("endpoints: AWS's for the region, AWS_ENDPOINT_URL_<ID> before AWS_ENDPOINT_URL", () => {
    expect(endpointOf({}, SERVICES.dynamodb, "eu-west-1")).toBe("https://dynamodb.eu-west-1.amazonaws.com");
    expect(endpointOf({}, SERVICES.eventbridge, "us-east-2")).toBe("https://events.us-east-2.amazonaws.com");
    expect(endpointOf({}, SERVICES.lambda, "cn-north-1")).toBe("https://lambda.cn-north-1.amazonaws.com.cn");
    const env = { AWS_ENDPOINT_URL: "http://localhost:4566/", AWS_ENDPOINT_URL_SECRETS_MANAGER: "http://sm.test" };
    expect(endpointOf(env, SERVICES.secretsmanager, "us-east-1")).toBe("http://sm.test");
    expect(endpointOf(env, SERVICES.sqs, "us-east-1")).toBe("http://localhost:4566");
  });

  it("the services' endpoints and signing names: Organizations global, Cognito's cognito-idp, ELBv2's elasticloadbalancing", () => {
    expect(endpointOf({}, SERVICES.organizations, "eu-west-1")).toBe("https://organizations.us-east-1.amazonaws.com");
    expect(endpointOf({}, SERVICES.cognitoidentityprovider, "eu-west-1")).toBe("https://cognito-idp.eu-west-1.amazonaws.com");
    expect(endpointOf({}, SERVICES.elasticloadbalancingv2, "eu-west-1")).toBe("https://elasticloadbalancing.eu-west-1.amazonaws.com");
    expect(endpointOf({}, SERVICES.bedrockruntime, "us-west-2")).toBe("https://bedrock-runtime.us-west-2.amazonaws.com");
    expect([SERVICES.bedrockruntime.signing, SERVICES.cognitoidentityprovider.signing]).toEqual(["bedrock", "cognito-idp"]);
    expect(endpointOf({}, SERVICES.support, "eu-west-1")).toBe("https://support.us-east-1.amazonaws.com");
    expect(endpointOf({}, SERVICES.redshiftdata, "eu-west-1")).toBe("https://redshift-data.eu-west-1.amazonaws.com");
    expect(endpointOf({}, SERVICES.s3, "eu-west-1")).toBe("https://s3.eu-west-1.amazonaws.com");
    expect(endpointOf({ AWS_ENDPOINT_URL_S3: "http://minio.test:9000/" }, SERVICES.s3, "eu-west-1")).toBe("http://minio.test:9000");
  });

  it("recases a camelCase API's members but not the keys of its maps (Batch's parameters, tags)", () => {
    const maps = new Set(["parameters", "tags"]);
    expect(recase({ JobName: "j", Parameters: { InputKey: "a" }, Tags: { Team: "x" } }, false, maps)).toEqual({
      jobName: "j",
      parameters: { InputKey: "a" },
      tags: { Team: "x" },
    });
    expect(recase({ jobs: [{ parameters: { inputKey: "a" } }] }, true, maps)).toEqual({ Jobs: [{ Parameters: { inputKey: "a" } }] });
  });

  it("redacts the secret, the session token and the key id; leaves other text", () => {
    expect(redact(CREDS, "key AKIDUNITTEST secret unit-secret-value token unit-token-value ok")).toBe("key **** secret **** token **** ok");
  });

  it("SNS Publish's form: a Message that is not a string as JSON text, attributes as MessageAttributes.entry.N", () => {
    const form = publishForm({
      TopicArn: "arn:aws:sns:us-east-1:1:t",
      Message: { a: 1 },
      MessageAttributes: { k: { DataType: "Number", StringValue: "5" }, b: { DataType: "Binary", BinaryValue: "AAE=" } },
    });
    expect(form).toEqual([
      ["TopicArn", "arn:aws:sns:us-east-1:1:t"],
      ["Message", '{"a":1}'],
      ["MessageAttributes.entry.1.Name", "k"],
      ["MessageAttributes.entry.1.Value.DataType", "Number"],
      ["MessageAttributes.entry.1.Value.StringValue", "5"],
      ["MessageAttributes.entry.2.Name", "b"],
      ["MessageAttributes.entry.2.Value.DataType", "Binary"],
      ["MessageAttributes.entry.2.Value.BinaryValue", "AAE="],
    ]);
  });

  it("EC2's dialect: lists flat under their query names (singular, or EC2's own), structs dotted; answers in the SDK's names", () => {
    expect(
      ec2Form({
        MinCount: 1,
        DryRun: false,
        SecurityGroupIds: ["sg-1"],
        BlockDeviceMappings: [{ DeviceName: "/dev/xvda", Ebs: { VolumeSize: 8 } }],
        TagSpecifications: [{ ResourceType: "instance", Tags: [{ Key: "k", Value: "v" }] }],
        Policies: ["p"],
        Addresses: ["a"],
        OwnerIds: ["self"],
      }),
    ).toEqual([
      ["MinCount", "1"],
      ["DryRun", "false"],
      ["SecurityGroupId.1", "sg-1"],
      ["BlockDeviceMapping.1.DeviceName", "/dev/xvda"],
      ["BlockDeviceMapping.1.Ebs.VolumeSize", "8"],
      ["TagSpecification.1.ResourceType", "instance"],
      ["TagSpecification.1.Tag.1.Key", "k"],
      ["TagSpecification.1.Tag.1.Value", "v"],
      ["Policy.1", "p"],
      ["Address.1", "a"],
      ["Owner.1", "self"],
    ]);
    const xml =
      "<StopInstancesResponse><requestId>r</requestId><instancesSet><item><instanceId>i-1</instanceId>" +
      "<currentState><code>64</code><name>stopping</name></currentState></item></instancesSet></StopInstancesResponse>";
    expect(ec2Result(xml, "StopInstances")).toEqual({
      StoppingInstances: [{ InstanceId: "i-1", CurrentState: { Code: 64, Name: "stopping" } }],
    });
    const volumes =
      "<DescribeVolumesResponse><volumeSet><item><volumeId>v</volumeId><size>8</size><status>in-use</status><tagSet/>" +
      "<attachmentSet><item><status>attached</status><deleteOnTermination>true</deleteOnTermination></item></attachmentSet>" +
      "</item></volumeSet><nextToken>t</nextToken></DescribeVolumesResponse>";
    expect(ec2Result(volumes, "DescribeVolumes")).toEqual({
      Volumes: [{ VolumeId: "v", Size: 8, State: "in-use", Tags: [], Attachments: [{ State: "attached", DeleteOnTermination: true }] }],
      NextToken: "t",
    });
    expect(ec2Result("<DeleteTagsResponse><requestId>r</requestId><return>true</return></DeleteTagsResponse>", "DeleteTags")).toEqual({});
    expect(() => ec2Result("<A><B></A>", "X")).toThrow(/malformed XML/);
  });

  it("reads XML text with its entities; recases a camelCase API's members both ways", () => {
    expect(xmlText("<E><Message>a &lt;b&gt; &amp; &#39;c&#x27;</Message></E>", "Message")).toBe("a <b> & 'c'");
    expect(xmlText("<E/>", "Code")).toBeUndefined();
    expect(recase({ Cluster: "c", Overrides: { ContainerOverrides: [{ Name: "x" }] } }, false)).toEqual({
      cluster: "c",
      overrides: { containerOverrides: [{ name: "x" }] },
    });
    expect(recase({ tasks: [{ lastStatus: "STOPPED" }] }, true)).toEqual({ Tasks: [{ LastStatus: "STOPPED" }] });
  });
});
