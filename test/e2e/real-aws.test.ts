// Real AWS from the edge (README "Real AWS services"), end to end: the runtime in workerd (runtime.ts) with AWS
// credentials and AWS_ENDPOINT_URL pointing at a fake AWS (fake-aws.ts) that verifies every SigV4 signature
// with @smithy/signature-v4 and answers in AWS's shapes. Driven through @aws-sdk/client-sfn.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  SFNClient,
  StartExecutionCommand,
  StartSyncExecutionCommand,
  type StartSyncExecutionCommandOutput,
} from "@aws-sdk/client-sfn";
import { out, task, useFakeAwsRuntime } from "./fake-aws-harness.ts";
import { finished } from "./runtime.ts";

const KEY_ID = "AKIDFAKEEXAMPLE0001";
const SECRET = "fake-secret-key-never-shown-0001";
const TOKEN = "fake-session-token-never-shown-0001";

const aws = useFakeAwsRuntime({
  keyId: KEY_ID,
  secret: SECRET,
  token: TOKEN,
  prefix: "real-aws",
  bindings: (url) => ({ AWS_ENDPOINT_URL_SNS: `${url}/sns-endpoint` }),
});
const run = aws.run;

describe("real AWS through a fake AWS that verifies SigV4", () => {
  it("dynamodb:putItem/getItem on an unmapped table go to AWS (JSON 1.0); DynamoDB.ConditionalCheckFailedException", async () => {
    const item = { id: { S: "o-1" }, total: { N: "42" } };
    const before = aws.fake.received.length;
    const put = out(await run("arn:aws:states:::dynamodb:putItem", { TableName: "Invoices", Item: item }));
    assert.equal(put.SdkHttpMetadata.HttpStatusCode, 200);
    assert.match(put.SdkResponseMetadata.RequestId, /^[0-9a-f-]{36}$/);
    const sent = aws.fake.received[before];
    assert.equal(sent.headers["x-amz-target"], "DynamoDB_20120810.PutItem");
    assert.equal(sent.headers["content-type"], "application/x-amz-json-1.0");
    assert.equal(sent.headers["x-amz-security-token"], TOKEN);
    assert.deepEqual(JSON.parse(sent.body), { TableName: "Invoices", Item: item });
    const got = out(await run("arn:aws:states:::dynamodb:getItem", { TableName: "Invoices", Key: { id: { S: "o-1" } } }));
    assert.deepEqual(got.Item, item);

    const again = { TableName: "Invoices", Item: item, ConditionExpression: "attribute_not_exists(id)" };
    const r = await run("arn:aws:states:::dynamodb:putItem", again);
    assert.equal(r.status, "FAILED");
    assert.equal(r.error, "DynamoDB.ConditionalCheckFailedException");
    assert.match(
      r.cause!,
      new RegExp(
        "^The conditional request failed \\(Service: AmazonDynamoDBv2; Status Code: 400; " +
          "Error Code: ConditionalCheckFailedException; Request ID: [0-9a-f-]{36}; Proxy: null\\)$",
      ),
    );
    // aws-sdk: names it by the SDK's service name, in the AWS SDK for Java 2.x's words.
    const sdk = await run("arn:aws:states:::aws-sdk:dynamodb:putItem", again);
    assert.equal(sdk.error, "DynamoDb.ConditionalCheckFailedException");
    assert.match(sdk.cause!, /^The conditional request failed \(Service: DynamoDb, Status Code: 400, Request ID: [0-9a-f-]{36}\)$/);
    const missing = await run("arn:aws:states:::aws-sdk:dynamodb:getItem", { TableName: "Missing", Key: { id: { S: "x" } } });
    assert.equal(missing.error, "DynamoDb.ResourceNotFoundException");
  });

  it("AWS's error names are what Retry matches: a throttled putItem is retried and succeeds", async () => {
    const definition = task("arn:aws:states:::dynamodb:putItem", { TableName: "Flaky", Item: { id: { S: "f-1" } } });
    const retry = [{ ErrorEquals: ["DynamoDB.ProvisionedThroughputExceededException"], IntervalSeconds: 1, MaxAttempts: 2 }];
    Object.assign(definition.States.T, { Retry: retry });
    const before = aws.fake.received.filter((r) => r.action === "PutItem").length;
    const arn = await aws.machine(definition);
    const r = await aws.sfn.send(new StartSyncExecutionCommand({ stateMachineArn: arn, input: "{}" }));
    assert.equal(out(r).SdkHttpMetadata.HttpStatusCode, 200);
    assert.equal(aws.fake.received.filter((r) => r.action === "PutItem").length, before + 2, "one throttled, one stored");
  });

  it("a table DYNAMODB_TABLES maps stays on Cloudflare (KV), credentials or not", async () => {
    const before = aws.fake.received.length;
    const r = out(await run("arn:aws:states:::dynamodb:putItem", { TableName: "orders", Item: { id: { S: "local-1" } } }));
    assert.equal(r.SdkHttpMetadata.HttpStatusCode, 200);
    const got = out(await run("arn:aws:states:::dynamodb:getItem", { TableName: "orders", Key: { id: { S: "local-1" } } }));
    assert.deepEqual(got.Item, { id: { S: "local-1" } });
    assert.equal(aws.fake.received.length, before, "nothing reached AWS");
  });

  it("sqs:sendMessage to a queue SQS_QUEUES does not map: AWS JSON 1.0, a body not a string as its JSON text", async () => {
    const QueueUrl = "https://sqs.us-east-1.amazonaws.com/123456789012/jobs";
    const r = out(await run("arn:aws:states:::sqs:sendMessage", { QueueUrl, "MessageBody.$": "$" }, { job: 7 }));
    assert.equal(r.MD5OfMessageBody, createHash("md5").update('{"job":7}').digest("hex"));
    assert.equal(r.SdkHttpMetadata.HttpStatusCode, 200);
    const sent = aws.fake.received.at(-1)!;
    assert.equal(sent.headers["x-amz-target"], "AmazonSQS.SendMessage");
    assert.deepEqual(JSON.parse(sent.body), { QueueUrl, MessageBody: '{"job":7}' });
    const missing = await run("arn:aws:states:::sqs:sendMessage", {
      QueueUrl: "https://sqs.us-east-1.amazonaws.com/1/missing",
      MessageBody: "x",
    });
    assert.equal(missing.error, "SQS.QueueDoesNotExistException");
    const before = aws.fake.received.length;
    out(
      await run("arn:aws:states:::sqs:sendMessage", {
        QueueUrl: "https://sqs.us-east-1.amazonaws.com/123456789012/outbox",
        MessageBody: "x",
      }),
    );
    assert.equal(aws.fake.received.length, before, "outbox is SQS_QUEUES-mapped: it stays on Cloudflare Queues");
  });

  it("a generic aws-sdk call on an AWS JSON 1.1 service: the answer as AWS gives it, errors <SdkName>.<Code>", async () => {
    const r = out(await run("arn:aws:states:::aws-sdk:secretsmanager:getSecretValue", { SecretId: "db-password" }));
    assert.equal(r.SecretString, "hunter2");
    assert.equal(r.Name, "db-password");
    assert.equal(r.SdkHttpMetadata, undefined, "aws-sdk results carry no SDK metadata");
    const sent = aws.fake.received.at(-1)!;
    assert.equal(sent.headers["x-amz-target"], "secretsmanager.GetSecretValue");
    assert.equal(sent.headers["content-type"], "application/x-amz-json-1.1");
    assert.match(sent.headers.authorization, /Credential=AKIDFAKEEXAMPLE0001\/\d{8}\/us-east-1\/secretsmanager\/aws4_request/);
    const nf = await run("arn:aws:states:::aws-sdk:secretsmanager:getSecretValue", { SecretId: "other" });
    assert.equal(nf.error, "SecretsManager.ResourceNotFoundException");
    assert.match(nf.cause!, /^Secrets Manager can't find the specified secret\. \(Service: SecretsManager, Status Code: 400, Request ID: /);
  });

  it("aws-sdk:ec2: EC2's query dialect (Name.N lists, no Result wrapper, <item> lists), every error Ec2.Ec2Exception", async () => {
    const d = out(
      await run("arn:aws:states:::aws-sdk:ec2:describeInstances", {
        InstanceIds: ["i-0abc"],
        Filters: [{ Name: "instance-state-name", Values: ["running", "stopped"] }],
      }),
    );
    const form = new URLSearchParams(aws.fake.received.at(-1)!.body);
    assert.match(aws.fake.received.at(-1)!.headers.authorization, /\/us-east-1\/ec2\/aws4_request/);
    assert.deepEqual(
      [...form],
      [
        ["Action", "DescribeInstances"],
        ["Version", "2016-11-15"],
        ["InstanceId.1", "i-0abc"],
        ["Filter.1.Name", "instance-state-name"],
        ["Filter.1.Value.1", "running"],
        ["Filter.1.Value.2", "stopped"],
      ],
    );
    assert.equal(d.RequestId, undefined);
    const [reservation] = d.Reservations;
    assert.deepEqual(reservation.Groups, []);
    const [i] = reservation.Instances;
    assert.equal(i.InstanceId, "i-0abc");
    assert.deepEqual(i.State, { Code: 16, Name: "running" });
    assert.equal(i.PublicDnsName, "ec2-54-194-252-215.eu-west-1.compute.amazonaws.com");
    assert.equal(i.PublicIpAddress, "54.194.252.215");
    assert.equal(i.StateTransitionReason, "");
    assert.deepEqual(i.ProductCodes, []);
    assert.deepEqual([i.AmiLaunchIndex, i.SourceDestCheck, i.EbsOptimized], [0, true, false]);
    assert.deepEqual(i.SecurityGroups, [{ GroupId: "sg-e4076980", GroupName: "SecurityGroup1" }]);
    assert.deepEqual(i.Tags, [{ Key: "Name", Value: "Server_1" }]);
    assert.deepEqual(i.Placement, { AvailabilityZone: "eu-west-1c", GroupName: "", Tenancy: "default" });
    assert.deepEqual(i.BlockDeviceMappings[0].Ebs, {
      VolumeId: "vol-1234567890abcdef0",
      Status: "attached",
      AttachTime: "2015-12-22T10:44:09.000Z",
      DeleteOnTermination: true,
    });

    const tags = { Resources: ["i-0abc", "vol-1"], Tags: [{ Key: "team", Value: "ops" }] };
    assert.deepEqual(out(await run("arn:aws:states:::aws-sdk:ec2:createTags", tags)), {});
    assert.deepEqual([...new URLSearchParams(aws.fake.received.at(-1)!.body)].slice(2), [
      ["ResourceId.1", "i-0abc"],
      ["ResourceId.2", "vol-1"],
      ["Tag.1.Key", "team"],
      ["Tag.1.Value", "ops"],
    ]);
    const snap = out(await run("arn:aws:states:::aws-sdk:ec2:createSnapshot", { VolumeId: "vol-1", Description: "nightly" }));
    assert.deepEqual(
      [snap.SnapshotId, snap.VolumeId, snap.State, snap.VolumeSize, snap.Encrypted, snap.Progress],
      ["snap-1234567890abcdef0", "vol-1", "pending", 30, false, "60%"],
    );

    const nf = await run("arn:aws:states:::aws-sdk:ec2:describeInstances", { InstanceIds: ["i-missing"] });
    assert.equal(nf.error, "Ec2.Ec2Exception");
    assert.equal(
      nf.cause,
      "The instance ID 'i-missing' does not exist (Service: Ec2, Status Code: 400, Request ID: ea966190-f9aa-478e-9ede-example)",
    );
  });

  it("sns:publish: the query protocol, to AWS_ENDPOINT_URL_SNS; MessageId; a missing topic is SNS.NotFoundException", async () => {
    const topic = "arn:aws:sns:us-east-1:123456789012:orders";
    const params = {
      TopicArn: topic,
      "Message.$": "$",
      Subject: "New order",
      MessageAttributes: { kind: { DataType: "String", StringValue: "order" } },
    };
    const r = out(await run("arn:aws:states:::sns:publish", params, { orderId: "o-1" }));
    assert.match(r.MessageId, /^[0-9a-f-]{36}$/);
    assert.equal(r.SdkResponseMetadata.RequestId, "pub-req-3");
    const sent = aws.fake.received.at(-1)!;
    assert.equal(sent.path, "/sns-endpoint/");
    const form = new URLSearchParams(sent.body);
    assert.equal(form.get("Action"), "Publish");
    assert.equal(form.get("Version"), "2010-03-31");
    assert.equal(form.get("TopicArn"), topic);
    assert.equal(form.get("Message"), '{"orderId":"o-1"}');
    assert.equal(form.get("MessageAttributes.entry.1.Name"), "kind");
    assert.equal(form.get("MessageAttributes.entry.1.Value.StringValue"), "order");
    const sdk = out(await run("arn:aws:states:::aws-sdk:sns:publish", { TopicArn: topic, Message: "hi" }));
    assert.deepEqual(Object.keys(sdk), ["MessageId"]);
    const nf = await run("arn:aws:states:::sns:publish", { TopicArn: "arn:aws:sns:us-east-1:123456789012:missing", Message: "x" });
    assert.equal(nf.error, "SNS.NotFoundException");
    assert.match(
      nf.cause!,
      /^Topic does not exist \(Service: AmazonSNS; Status Code: 404; Error Code: NotFound; Request ID: nf-req-2; Proxy: null\)$/,
    );
  });

  it("aws-sdk on query services: parameters flattened as AWS's query serializer does, XML answers as the SDK's JSON", async () => {
    const topics = out(await run("arn:aws:states:::aws-sdk:sns:listTopics", {}));
    assert.deepEqual(topics, {
      Topics: [{ TopicArn: "arn:aws:sns:us-east-1:123456789012:orders" }, { TopicArn: "arn:aws:sns:us-east-1:123456789012:audit" }],
    });
    assert.equal(aws.fake.received.at(-1)!.path, "/sns-endpoint/");
    const created = out(
      await run("arn:aws:states:::aws-sdk:sns:createTopic", {
        Name: "events.fifo",
        Attributes: { FifoTopic: "true", DisplayName: "Events" },
        Tags: [{ Key: "team", Value: "ops" }],
      }),
    );
    assert.deepEqual(created, { TopicArn: "arn:aws:sns:us-east-1:123456789012:events.fifo" });
    const form = Object.fromEntries(new URLSearchParams(aws.fake.received.at(-1)!.body));
    assert.deepEqual(form, {
      Action: "CreateTopic",
      Version: "2010-03-31",
      Name: "events.fifo",
      "Attributes.entry.1.key": "FifoTopic",
      "Attributes.entry.1.value": "true",
      "Attributes.entry.2.key": "DisplayName",
      "Attributes.entry.2.value": "Events",
      "Tags.member.1.Key": "team",
      "Tags.member.1.Value": "ops",
    });
    const attrs = out(
      await run("arn:aws:states:::aws-sdk:sns:getTopicAttributes", { TopicArn: "arn:aws:sns:us-east-1:123456789012:orders" }),
    );
    assert.deepEqual(attrs, { Attributes: { DisplayName: "Orders & more", TopicArn: "arn:aws:sns:us-east-1:123456789012:orders" } });
    const nf = await run("arn:aws:states:::aws-sdk:sns:getTopicAttributes", { TopicArn: "arn:aws:sns:us-east-1:123456789012:gone" });
    assert.equal(nf.error, "Sns.NotFoundException");
    assert.equal(nf.cause, "Topic does not exist (Service: Sns, Status Code: 404, Request ID: q-err-1)");

    const me = out(await run("arn:aws:states:::aws-sdk:sts:getCallerIdentity", {}));
    assert.deepEqual(me, { Arn: "arn:aws:iam::123456789012:user/Alice", UserId: "AIDACKCEVSQ6C2EXAMPLE", Account: "123456789012" });
    assert.match(aws.fake.received.at(-1)!.headers.authorization, /\/us-east-1\/sts\/aws4_request/);
    const user = out(await run("arn:aws:states:::aws-sdk:iam:getUser", { UserName: "alice" }));
    assert.deepEqual(user, { User: { UserId: "AIDACKCEVSQ6C2EXAMPLE", Path: "/", UserName: "alice" } });
    assert.match(aws.fake.received.at(-1)!.headers.authorization, /\/us-east-1\/iam\/aws4_request/);

    const metric = {
      Namespace: "Orders",
      MetricData: [{ MetricName: "Placed", Value: 2.5, Unit: "Count", Dimensions: [{ Name: "Shop", Value: "eu" }] }],
    };
    assert.deepEqual(out(await run("arn:aws:states:::aws-sdk:cloudwatch:putMetricData", metric)), {});
    const sent = aws.fake.received.at(-1)!;
    assert.match(sent.headers.authorization, /\/us-east-1\/monitoring\/aws4_request/);
    assert.deepEqual(Object.fromEntries(new URLSearchParams(sent.body)), {
      Action: "PutMetricData",
      Version: "2010-08-01",
      Namespace: "Orders",
      "MetricData.member.1.MetricName": "Placed",
      "MetricData.member.1.Value": "2.5",
      "MetricData.member.1.Unit": "Count",
      "MetricData.member.1.Dimensions.member.1.Name": "Shop",
      "MetricData.member.1.Dimensions.member.1.Value": "eu",
    });
    const bad = await run("arn:aws:states:::aws-sdk:cloudwatch:putMetricData", { ...metric, Namespace: "AWS/EC2" });
    assert.equal(bad.error, "CloudWatch.InvalidParameterValueException");
    assert.match(bad.cause!, /^The value AWS\/EC2 for parameter Namespace is invalid\. \(Service: CloudWatch, Status Code: 400, /);

    const mail = {
      Source: "shop@example.com",
      Destination: { ToAddresses: ["a@example.com"] },
      Message: { Subject: { Data: "Hi" }, Body: { Text: { Data: "Your order" } } },
    };
    assert.deepEqual(out(await run("arn:aws:states:::aws-sdk:ses:sendEmail", mail)), { MessageId: "0000014a-f4d4-4f89-93d3-example" });
    const email = aws.fake.received.at(-1)!;
    assert.match(email.headers.authorization, /\/us-east-1\/ses\/aws4_request/);
    const f = new URLSearchParams(email.body);
    assert.equal(f.get("Destination.ToAddresses.member.1"), "a@example.com");
    assert.equal(f.get("Message.Body.Text.Data"), "Your order");
  });

  it("Lambda: lambda:invoke and a function ARN not in LAMBDA_FUNCTIONS call Lambda's REST Invoke", async () => {
    const inv = out(await run("arn:aws:states:::lambda:invoke", { FunctionName: "hello", Payload: { name: "Ada" } }));
    assert.deepEqual(inv.Payload, { greeting: "hello Ada", fn: "hello" });
    assert.equal(inv.StatusCode, 200);
    assert.equal(inv.ExecutedVersion, "$LATEST");
    assert.equal(inv.SdkHttpMetadata.HttpStatusCode, 200);
    const sent = aws.fake.received.at(-1)!;
    assert.equal(sent.path, "/2015-03-31/functions/hello/invocations");
    assert.match(sent.headers.authorization, /\/us-east-1\/lambda\/aws4_request/);
    const arn = "arn:aws:lambda:eu-west-1:123456789012:function:hello";
    assert.deepEqual(out(await run(arn, { name: "Bob" })), { greeting: "hello Bob", fn: arn });
    assert.match(aws.fake.received.at(-1)!.headers.authorization, /\/eu-west-1\/lambda\/aws4_request/, "signed for the ARN's region");
    const boom = await run("arn:aws:states:::lambda:invoke", { FunctionName: "boom", Payload: {} });
    assert.equal(boom.error, "BoomError");
    assert.deepEqual(JSON.parse(boom.cause!), { errorType: "BoomError", errorMessage: "it went boom", trace: ["at handler"] });
    const nope = await run("arn:aws:lambda:us-east-1:123456789012:function:nope", {});
    assert.equal(nope.error, "Lambda.ResourceNotFoundException");
    assert.match(
      nope.cause!,
      /^Function not found: arn:\S+:function:nope \(Service: AWSLambda; Status Code: 404; Error Code: ResourceNotFoundException;/,
    );
  });

  it("events:putEvents sends Detail as JSON text with the execution and state machine ARNs in Resources", async () => {
    const r = out(
      await run("arn:aws:states:::events:putEvents", { Entries: [{ Source: "shop", DetailType: "Order", Detail: { id: 1 } }] }),
    );
    assert.equal(r.FailedEntryCount, 0);
    assert.equal(r.Entries.length, 1);
    const [entry] = JSON.parse(aws.fake.received.at(-1)!.body).Entries;
    assert.equal(entry.Detail, '{"id":1}');
    assert.equal(entry.Resources.length, 2);
    assert.match(entry.Resources[0], /^arn:aws:states:us-east-1:123456789012:express:real-aws-\d+:/);
    assert.match(entry.Resources[1], /^arn:aws:states:us-east-1:123456789012:stateMachine:real-aws-\d+$/);
  });

  it("ecs:runTask.sync polls DescribeTasks until STOPPED; a non-zero exit fails the task", async () => {
    const params = { Cluster: "jobs", TaskDefinition: "job:1", LaunchType: "FARGATE" };
    const ok = await aws.machine(task("arn:aws:states:::ecs:runTask.sync", params), "STANDARD");
    const bad = await aws.machine(task("arn:aws:states:::ecs:runTask.sync", { ...params, Cluster: "failing" }), "STANDARD");
    const [a, b] = await Promise.all(
      [ok, bad].map((stateMachineArn) => aws.sfn.send(new StartExecutionCommand({ stateMachineArn, input: "{}" }))),
    );
    const da = await finished(aws.sfn, a.executionArn!, 30_000);
    assert.equal(da.status, "SUCCEEDED", da.cause);
    const result = JSON.parse(da.output!);
    assert.equal(result.LastStatus, "STOPPED");
    assert.equal(result.Containers[0].ExitCode, 0);
    const run = aws.fake.received.find((r) => r.action === "RunTask" && JSON.parse(r.body).cluster === "jobs")!;
    assert.deepEqual(
      JSON.parse(run.body),
      { cluster: "jobs", taskDefinition: "job:1", launchType: "FARGATE" },
      "ECS's camelCase on the wire",
    );
    const db = await finished(aws.sfn, b.executionArn!, 30_000);
    assert.equal(db.status, "FAILED");
    assert.equal(db.error, "States.TaskFailed");
    assert.equal(JSON.parse(db.cause!).Containers[0].ExitCode, 3);
    const history = JSON.stringify(await aws.sfn.send(new GetExecutionHistoryCommand({ executionArn: a.executionArn! })));
    for (const secret of [SECRET, TOKEN]) assert.ok(!history.includes(secret));
  });

  it("a wrong secret is refused by AWS and surfaces as AWS's error, with no credential in the cause or history", async () => {
    aws.fake.secret = "another-secret";
    try {
      const refused = aws.fake.refused;
      const ddb = await run("arn:aws:states:::dynamodb:getItem", { TableName: "Invoices", Key: { id: { S: "o-1" } } });
      assert.equal(ddb.error, "DynamoDB.InvalidSignatureException");
      assert.match(ddb.cause!, /^The request signature we calculated does not match/);
      assert.match(ddb.cause!, /x-amz-security-token:\*\*\*\*/, "AWS quoted the token; we blot it out");
      const sns = await run("arn:aws:states:::aws-sdk:sns:publish", { TopicArn: "arn:aws:sns:us-east-1:123456789012:t", Message: "x" });
      assert.equal(sns.error, "Sns.SignatureDoesNotMatchException");
      const lambda = await run("arn:aws:states:::lambda:invoke", { FunctionName: "hello", Payload: {} });
      assert.equal(lambda.error, "Lambda.InvalidSignatureException");
      assert.equal(aws.fake.refused, refused + 3);
      const sm = await aws.machine(
        task("arn:aws:states:::dynamodb:putItem", { TableName: "Invoices", Item: { id: { S: "z" } } }),
        "STANDARD",
      );
      const e = await aws.sfn.send(new StartExecutionCommand({ stateMachineArn: sm, input: "{}" }));
      assert.equal((await finished(aws.sfn, e.executionArn!, 30_000)).error, "DynamoDB.InvalidSignatureException");
      const all = JSON.stringify([ddb, sns, lambda, await aws.sfn.send(new GetExecutionHistoryCommand({ executionArn: e.executionArn! }))]);
      for (const secret of [SECRET, TOKEN, "another-secret"]) assert.ok(!all.includes(secret), `${secret} leaked`);
    } finally {
      aws.fake.secret = SECRET;
    }
  });
});
