// Real AWS from the edge (README "Real AWS services"): the REST-JSON aws-sdk operations written out in
// worker/dispatch/aws-remote/rest-sdk.ts, end to end: the runtime in workerd (runtime.ts) calling a fake AWS
// (fake-aws.ts, fake-aws-rest.ts) that verifies every SigV4 signature and checks where each member goes (URI
// label, query field, header, body), answering in the APIs' shapes. Driven through @aws-sdk/client-sfn.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  SFNClient,
  StartExecutionCommand,
  StartSyncExecutionCommand,
  type StartSyncExecutionCommandOutput,
} from "@aws-sdk/client-sfn";
import { out, ROLE, useFakeAwsRuntime } from "./fake-aws-harness.ts";

const KEY_ID = "AKIDFAKEEXAMPLE0003";
const SECRET = "fake-secret-key-never-shown-0003";

const aws = useFakeAwsRuntime({ keyId: KEY_ID, secret: SECRET, prefix: "real-aws-rest" });
const { run, runStandard } = aws;
const sdk = (service: string, action: string) => `arn:aws:states:::aws-sdk:${service}:${action}`;
const last = (path: string | RegExp) =>
  aws.fake.received.filter((r) => (typeof path === "string" ? r.path === path : path.test(r.path))).at(-1)!;

describe("REST-JSON aws-sdk operations on AWS, through a fake AWS that verifies SigV4", () => {
  it("polly: startSpeechSynthesisTask (POST, the body), getSpeechSynthesisTask (GET, TaskId in the URI); errors Polly.<Code>", async () => {
    const params = { OutputFormat: "mp3", OutputS3BucketName: "voices", Text: "Hello there", VoiceId: "Joanna" };
    const started = out(await run(sdk("polly", "startSpeechSynthesisTask"), params));
    assert.equal(started.SynthesisTask.TaskStatus, "scheduled");
    const start = last("/v1/synthesisTasks");
    assert.match(start.headers.authorization, /\/us-east-1\/polly\/aws4_request/);
    assert.deepEqual(JSON.parse(start.body), params);

    const got = out(await run(sdk("polly", "getSpeechSynthesisTask"), { TaskId: started.SynthesisTask.TaskId }));
    assert.equal(got.SynthesisTask.TaskStatus, "completed");
    assert.equal(last(/^\/v1\/synthesisTasks\/./).body, "", "a GET sends no body");

    const missing = await run(sdk("polly", "getSpeechSynthesisTask"), { TaskId: "nope" });
    assert.equal(missing.error, "Polly.SynthesisTaskNotFoundException");
    assert.match(missing.cause!, /^Task nope not found \(Service: Polly, Status Code: 400, Request ID: /);
    const bucket = await run(sdk("polly", "startSpeechSynthesisTask"), { ...params, OutputS3BucketName: "no-such-bucket" });
    assert.equal(bucket.error, "Polly.InvalidS3BucketException");
    const noId = await run(sdk("polly", "getSpeechSynthesisTask"), {});
    assert.equal(noId.error, "Polly.SdkClientException");
    assert.match(noId.cause!, /Parameter 'TaskId' must not be null or empty/);
  });

  it("lambda: listFunctions with query fields, pages by Marker; deleteFunction (DELETE, Qualifier) answers its StatusCode", async () => {
    const first = out(await run(sdk("lambda", "listFunctions"), { MaxItems: 2, FunctionVersion: "ALL" }));
    assert.deepEqual(
      first.Functions.map((f: { FunctionName: string; Version: string }) => [f.FunctionName, f.Version]),
      [
        ["alpha", "1"],
        ["beta", "1"],
      ],
    );
    assert.equal(first.NextMarker, "2");
    assert.match(last("/2015-03-31/functions/").headers.authorization, /\/us-east-1\/lambda\/aws4_request/);
    const rest = out(await run(sdk("lambda", "listFunctions"), { MaxItems: 2, Marker: first.NextMarker }));
    assert.deepEqual(rest, {
      Functions: [{ ...first.Functions[0], FunctionName: "gamma", FunctionArn: rest.Functions[0].FunctionArn, Version: "$LATEST" }],
    });

    assert.deepEqual(out(await run(sdk("lambda", "deleteFunction"), { FunctionName: "old-fn", Qualifier: "7" })), { StatusCode: 204 });
    const nf = await run(sdk("lambda", "deleteFunction"), { FunctionName: "nope", Qualifier: "7" });
    assert.equal(nf.error, "Lambda.ResourceNotFoundException");
    assert.match(nf.cause!, /\(Service: Lambda, Status Code: 404,/);
  });

  it("scheduler:createSchedule: Name in the URI, the rest and a filled ClientToken as the body; a conflict is Scheduler.ConflictException", async () => {
    const params = {
      Name: "nightly report",
      ScheduleExpression: "cron(0 2 * * ? *)",
      FlexibleTimeWindow: { Mode: "OFF" },
      Target: { Arn: "arn:aws:lambda:us-east-1:123456789012:function:report", RoleArn: ROLE, Input: '{"day":"today"}' },
    };
    const r = out(await run(sdk("scheduler", "createSchedule"), params));
    assert.equal(r.ScheduleArn, "arn:aws:scheduler:us-east-1:123456789012:schedule/default/nightly report");
    const sent = last(/^\/schedules\//);
    assert.equal(sent.path, "/schedules/nightly%20report");
    assert.match(sent.headers.authorization, /\/us-east-1\/scheduler\/aws4_request/);
    const { ClientToken, ...body } = JSON.parse(sent.body);
    assert.match(ClientToken, /^[0-9a-f-]{36}$/);
    const { Name: _name, ...expected } = params;
    assert.deepEqual(body, expected);
    const taken = await run(sdk("scheduler", "createSchedule"), { ...params, Name: "taken" });
    assert.equal(taken.error, "Scheduler.ConflictException");
    assert.match(taken.cause!, /^Schedule taken already exists\. \(Service: Scheduler, Status Code: 409,/);
  });

  it("bedrock and bedrock-agent (camelCase APIs): PascalCase in and out, labels from the recased members, map keys kept", async () => {
    const job = out(await run(sdk("bedrock", "getModelCustomizationJob"), { JobIdentifier: "tune-7" }));
    assert.equal(last(/^\/model-customization-jobs\//).path, "/model-customization-jobs/tune-7");
    assert.match(last(/^\/model-customization-jobs\//).headers.authorization, /\/us-east-1\/bedrock\/aws4_request/);
    assert.deepEqual([job.JobName, job.Status, job.TrainingDataConfig], ["tune-7", "InProgress", { S3Uri: "s3://training/data.jsonl" }]);
    assert.deepEqual(job.HyperParameters, { epochCount: "2", learningRate: "0.00001" }, "a map's keys are the user's");
    const nf = await run(sdk("bedrock", "getModelCustomizationJob"), { JobIdentifier: "missing" });
    assert.equal(nf.error, "Bedrock.ResourceNotFoundException");

    const evaluation = out(await run(sdk("bedrock", "createEvaluationJob"), { JobName: "eval-1", RoleArn: ROLE }));
    assert.equal(evaluation.JobArn, "arn:aws:bedrock:us-east-1:123456789012:evaluation-job/eval-1");
    assert.deepEqual(Object.keys(JSON.parse(last("/evaluation-jobs").body)), ["jobName", "roleArn", "clientRequestToken"]);

    const ingestion = out(
      await run(sdk("bedrockagent", "startIngestionJob"), {
        KnowledgeBaseId: "KB12345678",
        DataSourceId: "DS12345678",
        Description: "nightly",
      }),
    );
    assert.deepEqual(
      [ingestion.IngestionJob.IngestionJobId, ingestion.IngestionJob.Status, ingestion.IngestionJob.Statistics],
      ["IJ0123456", "STARTING", { NumberOfDocumentsScanned: 0 }],
    );
    const put = last(/\/ingestionjobs\/$/);
    assert.equal(put.path, "/knowledgebases/KB12345678/datasources/DS12345678/ingestionjobs/");
    assert.match(put.headers.authorization, /\/us-east-1\/bedrock\/aws4_request/, "bedrock-agent signs as bedrock");
    assert.deepEqual(Object.keys(JSON.parse(put.body)), ["description", "clientToken"]);
  });

  it("elasticmapreduce: createCluster(.sync) is RunJobFlow, addStep(.sync) AddJobFlowSteps, terminateCluster.sync TerminateJobFlows", async () => {
    const cluster = {
      Name: "MyWorkflowCluster",
      ReleaseLabel: "emr-7.0.0",
      ServiceRole: "EMR_DefaultRole",
      JobFlowRole: "EMR_EC2_DefaultRole",
      Instances: { KeepJobFlowAliveWhenNoSteps: true, InstanceCount: 1, MasterInstanceType: "m5.xlarge" },
    };
    const created = out(await run("arn:aws:states:::elasticmapreduce:createCluster", cluster));
    assert.match(created.ClusterId, /^j-/);
    assert.equal(created.ClusterArn, `arn:aws:elasticmapreduce:us-east-1:123456789012:cluster/${created.ClusterId}`);
    const runJobFlow = aws.fake.received.filter((r) => r.action === "RunJobFlow").at(-1)!;
    assert.equal(runJobFlow.headers["x-amz-target"], "ElasticMapReduce.RunJobFlow");
    assert.match(runJobFlow.headers.authorization, /\/us-east-1\/elasticmapreduce\/aws4_request/);
    assert.deepEqual(JSON.parse(runJobFlow.body), cluster);

    const waiting = await runStandard("arn:aws:states:::elasticmapreduce:createCluster.sync", cluster);
    assert.equal(waiting.status, "SUCCEEDED", waiting.cause);
    const { ClusterId } = JSON.parse(waiting.output!);
    const broken = await runStandard("arn:aws:states:::elasticmapreduce:createCluster.sync", { ...cluster, Name: "broken" });
    assert.equal(broken.error, "States.TaskFailed");
    assert.equal(JSON.parse(broken.cause!).Cluster.Status.State, "TERMINATED_WITH_ERRORS");
    const refused = await run("arn:aws:states:::elasticmapreduce:createCluster", { ...cluster, Instances: { InstanceCount: 1 } });
    assert.equal(refused.error, "States.Runtime");
    assert.match(refused.cause!, /KeepJobFlowAliveWhenNoSteps is mandatory/);

    const Step = { Name: "hive", ActionOnFailure: "CONTINUE", HadoopJarStep: { Jar: "command-runner.jar", Args: ["hive-script"] } };
    const step = await runStandard("arn:aws:states:::elasticmapreduce:addStep.sync", { ClusterId, Step });
    assert.equal(step.status, "SUCCEEDED", step.cause);
    assert.match(JSON.parse(step.output!).StepId, /^s-/);
    assert.deepEqual(JSON.parse(aws.fake.received.filter((r) => r.action === "AddJobFlowSteps").at(-1)!.body), {
      JobFlowId: ClusterId,
      Steps: [Step],
    });
    const failing = await runStandard("arn:aws:states:::elasticmapreduce:addStep.sync", { ClusterId, Step: { ...Step, Name: "failing" } });
    assert.equal(failing.error, "States.TaskFailed");
    assert.equal(JSON.parse(failing.cause!).Step.Status.State, "FAILED");
    const unknown = await run("arn:aws:states:::elasticmapreduce:addStep", { ClusterId: "j-NOPE", Step });
    assert.equal(unknown.error, "EMR.InvalidRequestException");
    assert.match(unknown.cause!, /^Cluster id 'j-NOPE' is not valid\. \(Service: AmazonElasticMapReduce; Status Code: 400;/);

    const gone = await runStandard("arn:aws:states:::elasticmapreduce:terminateCluster.sync", { ClusterId });
    assert.equal(gone.status, "SUCCEEDED", gone.cause);
    assert.deepEqual(JSON.parse(gone.output!), {});
    assert.deepEqual(JSON.parse(aws.fake.received.filter((r) => r.action === "TerminateJobFlows").at(-1)!.body), {
      JobFlowIds: [ClusterId],
    });
  });

  it("a wrong secret is refused by the fake: the signature is what it checks", async () => {
    const refused = aws.fake.refused;
    aws.fake.secret = "another-secret";
    try {
      const r = await run(sdk("polly", "getSpeechSynthesisTask"), { TaskId: "x" });
      assert.equal(r.error, "Polly.InvalidSignatureException");
      assert.equal(aws.fake.refused, refused + 1);
    } finally {
      aws.fake.secret = SECRET;
    }
  });
});
