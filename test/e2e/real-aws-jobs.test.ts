// Real AWS from the edge (README "Real AWS services"): the job integrations (athena, glue, codebuild, batch with
// their .sync, bedrock:invokeModel) and the aws-sdk services added beside them, end to end: the runtime in workerd
// (runtime.ts) calling a fake AWS (fake-aws.ts, fake-aws-jobs.ts) that verifies every SigV4 signature and answers
// in AWS's shapes. Driven through @aws-sdk/client-sfn.
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
import { out, task, useFakeAwsRuntime } from "./fake-aws-harness.ts";
import { finished } from "./runtime.ts";

const KEY_ID = "AKIDFAKEEXAMPLE0001";
const SECRET = "fake-secret-key-never-shown-0001";
const TOKEN = "fake-session-token-never-shown-0001";

const aws = useFakeAwsRuntime({ keyId: KEY_ID, secret: SECRET, token: TOKEN, prefix: "real-aws-jobs" });
const { run, runStandard } = aws;
const sent = (action: string) => aws.fake.received.filter((r) => r.action === action);

describe("job integrations on AWS, through a fake AWS that verifies SigV4", () => {
  it("athena: startQueryExecution, .sync polling GetQueryExecution, getQueryResults; a failed query is States.TaskFailed", async () => {
    const params = { QueryString: "SELECT * FROM orders", WorkGroup: "primary" };
    const started = out(await run("arn:aws:states:::athena:startQueryExecution", params));
    assert.match(started.QueryExecutionId, /^[0-9a-f-]{36}$/);
    assert.equal(started.SdkHttpMetadata, undefined, "Athena's request-response has no optimizations: the API's answer as it is");
    const start = sent("StartQueryExecution").at(-1)!;
    assert.equal(start.headers["x-amz-target"], "AmazonAthena.StartQueryExecution");
    assert.match(start.headers.authorization, /\/us-east-1\/athena\/aws4_request/);
    assert.deepEqual(JSON.parse(start.body), params);

    const polls = sent("GetQueryExecution").length;
    const [ok, bad] = await Promise.all([
      runStandard("arn:aws:states:::athena:startQueryExecution.sync", params),
      runStandard("arn:aws:states:::athena:startQueryExecution.sync", { QueryString: "SELECT * FROM nosuchtable" }),
    ]);
    assert.equal(ok.status, "SUCCEEDED", ok.cause);
    const result = JSON.parse(ok.output!);
    assert.equal(result.QueryExecution.Status.State, "SUCCEEDED");
    assert.equal(result.QueryExecution.Query, "SELECT * FROM orders");
    assert.equal(sent("GetQueryExecution").length, polls + 4, "each query: RUNNING, then its end");
    assert.equal(bad.status, "FAILED");
    assert.equal(bad.error, "States.TaskFailed");
    assert.equal(JSON.parse(bad.cause!).QueryExecution.Status.State, "FAILED");

    const rows = out(await run("arn:aws:states:::athena:getQueryResults", { QueryExecutionId: result.QueryExecution.QueryExecutionId }));
    assert.equal(rows.ResultSet.Rows[1].Data[0].VarCharValue, "1");
    const nf = await run("arn:aws:states:::athena:getQueryExecution", { QueryExecutionId: "nope" });
    assert.equal(nf.error, "Athena.InvalidRequestException");
    assert.match(
      nf.cause!,
      /^QueryExecution nope was not found \(Service: AmazonAthena; Status Code: 400; Error Code: InvalidRequestException;/,
    );
  });

  it("glue:startJobRun adds JobName to the answer; .sync polls GetJobRun and gives the JobRun; a FAILED run fails the task", async () => {
    const r = out(await run("arn:aws:states:::glue:startJobRun", { JobName: "etl", Arguments: { "--day": "2026-12-06" } }));
    assert.equal(r.JobName, "etl");
    assert.match(r.JobRunId, /^jr_/);
    assert.equal(sent("StartJobRun").at(-1)!.headers["x-amz-target"], "AWSGlue.StartJobRun");
    const [ok, bad] = await Promise.all([
      runStandard("arn:aws:states:::glue:startJobRun.sync", { JobName: "etl" }),
      runStandard("arn:aws:states:::glue:startJobRun.sync", { JobName: "failing-job" }),
    ]);
    assert.equal(ok.status, "SUCCEEDED", ok.cause);
    const run1 = JSON.parse(ok.output!);
    assert.deepEqual([run1.JobName, run1.JobRunState, run1.ExecutionTime], ["etl", "SUCCEEDED", 42]);
    assert.deepEqual(Object.keys(JSON.parse(sent("GetJobRun").at(-1)!.body)), ["JobName", "RunId"]);
    assert.equal(bad.error, "States.TaskFailed");
    assert.deepEqual([JSON.parse(bad.cause!).JobRunState, JSON.parse(bad.cause!).ErrorMessage], ["FAILED", "ZeroDivisionError"]);
    // TimeoutSeconds bounds the wait: the task's signal stops the polling.
    const endless = await aws.machine(
      {
        StartAt: "T",
        States: {
          T: {
            Type: "Task",
            Resource: "arn:aws:states:::glue:startJobRun.sync",
            Parameters: { JobName: "endless-job" },
            TimeoutSeconds: 2,
            End: true,
          },
        },
      },
      "STANDARD",
    );
    const e = await aws.sfn.send(new StartExecutionCommand({ stateMachineArn: endless, input: "{}" }));
    const timedOut = await finished(aws.sfn, e.executionArn!, 30_000);
    assert.equal(timedOut.error, "States.Timeout");
    const after = sent("GetJobRun").filter((r) => JSON.parse(r.body).JobName === "endless-job").length;
    await new Promise((r) => setTimeout(r, 2500));
    assert.equal(sent("GetJobRun").filter((r) => JSON.parse(r.body).JobName === "endless-job").length, after, "no poll after the timeout");
    assert.ok(after >= 1 && after <= 2, `polled ${after} times in 2 s`);
    const missing = await run("arn:aws:states:::glue:startJobRun", { JobName: "missing" });
    assert.equal(missing.error, "Glue.EntityNotFoundException");
    assert.match(missing.cause!, /\(Service: AWSGlue; Status Code: 400; Error Code: EntityNotFoundException;/);
  });

  it("codebuild:startBuild.sync: camelCase on the wire, BatchGetBuilds until the build ends, {Build} in PascalCase", async () => {
    const params = { ProjectName: "site", EnvironmentVariablesOverride: [{ Name: "STAGE", Value: "prod", Type: "PLAINTEXT" }] };
    const [ok, bad] = await Promise.all([
      runStandard("arn:aws:states:::codebuild:startBuild.sync", params),
      runStandard("arn:aws:states:::codebuild:startBuild.sync", { ProjectName: "broken" }),
    ]);
    assert.equal(ok.status, "SUCCEEDED", ok.cause);
    const build = JSON.parse(ok.output!).Build;
    assert.deepEqual([build.ProjectName, build.BuildStatus, build.CurrentPhase], ["site", "SUCCEEDED", "COMPLETED"]);
    const start = sent("StartBuild").find((r) => JSON.parse(r.body).projectName === "site")!;
    assert.deepEqual(JSON.parse(start.body), {
      projectName: "site",
      environmentVariablesOverride: [{ name: "STAGE", value: "prod", type: "PLAINTEXT" }],
    });
    assert.equal(start.headers["x-amz-target"], "CodeBuild_20161006.StartBuild");
    assert.equal(bad.error, "States.TaskFailed");
    assert.equal(JSON.parse(bad.cause!).Build.BuildStatus, "FAILED");
    const nf = await run("arn:aws:states:::codebuild:startBuild", { ProjectName: "missing" });
    assert.equal(nf.error, "CodeBuild.ResourceNotFoundException");
  });

  it("batch:submitJob: REST-JSON, its Parameters map kept; .sync polls DescribeJobs; a FAILED job fails the task", async () => {
    const params = { JobName: "nightly", JobQueue: "q", JobDefinition: "jd:1", Parameters: { InputKey: "a/b" } };
    const r = out(await run("arn:aws:states:::batch:submitJob", params));
    assert.deepEqual([r.JobName, typeof r.JobId, r.SdkHttpMetadata.HttpStatusCode], ["nightly", "string", 200]);
    const submit = sent("/v1/submitjob").at(-1)!;
    assert.match(submit.headers.authorization, /\/us-east-1\/batch\/aws4_request/);
    assert.deepEqual(JSON.parse(submit.body), {
      jobName: "nightly",
      jobQueue: "q",
      jobDefinition: "jd:1",
      parameters: { InputKey: "a/b" },
    });
    const [ok, bad] = await Promise.all([
      runStandard("arn:aws:states:::batch:submitJob.sync", params),
      runStandard("arn:aws:states:::batch:submitJob.sync", { ...params, JobName: "failing" }),
    ]);
    assert.equal(ok.status, "SUCCEEDED", ok.cause);
    const job = JSON.parse(ok.output!);
    assert.deepEqual([job.Status, job.Parameters, job.Container.ExitCode], ["SUCCEEDED", { InputKey: "a/b" }, 0]);
    assert.equal(bad.error, "States.TaskFailed");
    assert.equal(JSON.parse(bad.cause!).Status, "FAILED");
    const refused = await run("arn:aws:states:::batch:submitJob", { JobName: "x", JobDefinition: "jd:1" });
    assert.equal(refused.error, "Batch.ClientException");
    assert.match(refused.cause!, /^jobQueue is required \(Service: AWSBatch; Status Code: 400; Error Code: ClientException;/);
  });

  it("sagemaker:createTrainingJob.sync polls DescribeTrainingJob until Completed; Failed fails the task; SageMaker.<Code>", async () => {
    const params = { TrainingJobName: "churn-1", AlgorithmSpecification: { TrainingImage: "img", TrainingInputMode: "File" } };
    const [ok, bad] = await Promise.all([
      runStandard("arn:aws:states:::sagemaker:createTrainingJob.sync", params),
      runStandard("arn:aws:states:::sagemaker:createTrainingJob.sync", { ...params, TrainingJobName: "bad-1" }),
    ]);
    assert.equal(ok.status, "SUCCEEDED", ok.cause);
    assert.deepEqual(JSON.parse(ok.output!).TrainingJobStatus, "Completed");
    assert.equal(sent("CreateTrainingJob").at(-1)!.headers["x-amz-target"], "SageMaker.CreateTrainingJob");
    assert.match(sent("DescribeTrainingJob").at(-1)!.headers.authorization, /\/us-east-1\/sagemaker\/aws4_request/);
    assert.equal(bad.error, "States.TaskFailed");
    assert.equal(JSON.parse(bad.cause!).FailureReason, "AlgorithmError: out of memory");
    const again = await run("arn:aws:states:::sagemaker:createTrainingJob", params);
    assert.equal(again.error, "SageMaker.ResourceInUseException");
  });

  it("bedrock:invokeModel: the Body to /model/<ModelId>/invoke, signed 'bedrock'; {Body, ContentType}", async () => {
    const modelId = "amazon.titan-text-express-v1";
    const r = out(await run("arn:aws:states:::bedrock:invokeModel", { ModelId: modelId, Body: { inputText: "hi" } }));
    assert.deepEqual(r, {
      Body: { inputTextTokenCount: 3, results: [{ outputText: "echo: hi", completionReason: "FINISH" }] },
      ContentType: "application/json",
    });
    const call = aws.fake.received.at(-1)!;
    assert.equal(call.path, `/model/${modelId}/invoke`);
    assert.match(call.headers.authorization, /\/us-east-1\/bedrock\/aws4_request/);
    const nf = await run("arn:aws:states:::bedrock:invokeModel", { ModelId: "no.such-model", Body: {} });
    assert.equal(nf.error, "Bedrock.ResourceNotFoundException");
    const s3 = await run("arn:aws:states:::bedrock:invokeModel", { ModelId: modelId, Input: { S3Uri: "s3://b/k" } });
    assert.equal(s3.error, "States.Runtime");
    assert.match(s3.cause!, /Input\/Output S3 locations are not supported/);
    const none = await run("arn:aws:states:::bedrock:invokeModel", { Body: {} });
    assert.equal(none.error, "Bedrock.ValidationException");
  });

  it("apigateway:invoke: Stage, Path, lists of headers and query values, a JSON body; IAM_ROLE signs execute-api; ApiGateway.<status>", async () => {
    const api = { ApiEndpoint: "abc123.execute-api.eu-west-1.amazonaws.com", Stage: "prod" };
    const echo = out(
      await run("arn:aws:states:::apigateway:invoke", {
        ...api,
        Method: "POST",
        Path: "public/echo",
        Headers: { "X-Custom": ["a", "b"] },
        QueryParameters: { billId: ["1", "2"] },
        RequestBody: { a: 1 },
      }),
    );
    assert.deepEqual(echo.ResponseBody, {
      method: "POST",
      query: { billId: ["1", "2"] },
      custom: "a, b",
      type: "application/json",
      body: '{"a":1}',
    });
    assert.deepEqual([echo.StatusCode, echo.StatusText, echo.Headers["content-type"]], [200, "OK", ["application/json"]]);
    assert.equal(aws.fake.received.at(-1)!.headers.authorization, undefined, "NO_AUTH: unsigned");

    const bills = out(await run("arn:aws:states:::apigateway:invoke", { ...api, Method: "GET", Path: "/bills", AuthType: "IAM_ROLE" }));
    assert.deepEqual(bills.ResponseBody, { myBills: [], method: "GET" });
    assert.match(
      aws.fake.received.at(-1)!.headers.authorization,
      /\/eu-west-1\/execute-api\/aws4_request/,
      "signed for the endpoint's region",
    );
    const text = out(await run("arn:aws:states:::apigateway:invoke", { ...api, Method: "GET", Path: "public/text" }));
    assert.equal(text.ResponseBody, "pong");

    const denied = await run("arn:aws:states:::apigateway:invoke", { ...api, Method: "GET", Path: "bills" });
    assert.deepEqual([denied.error, denied.cause], ["ApiGateway.403", '{"message":"Missing Authentication Token"}']);
    const broken = await run("arn:aws:states:::apigateway:invoke", { ...api, Method: "GET", Path: "public/broken" });
    assert.equal(broken.error, "ApiGateway.500");
    for (const [bad, why] of [
      [{ ...api, Method: "FETCH" }, /Method must be one of GET, POST/],
      [{ ...api, Method: "GET", Headers: { "X-Amz-Date": ["x"] } }, /the header 'X-Amz-Date' is not permitted/],
      [{ ...api, Method: "GET", AuthType: "IAM_AUTH" }, /AuthType must be NO_AUTH, IAM_ROLE or RESOURCE_POLICY/],
      [{ ApiEndpoint: "example.com", Method: "GET" }, /ApiEndpoint must be '<API ID>\.execute-api\.<region>\.amazonaws\.com'/],
    ] as const) {
      const r = await run("arn:aws:states:::apigateway:invoke", bad);
      assert.equal(r.error, "States.Runtime");
      assert.match(r.cause!, why);
    }
  });

  it("aws-sdk on the services added: rekognition, cognitoidentityprovider, organizations (global), cloudformation, rds", async () => {
    const labels = out(
      await run("arn:aws:states:::aws-sdk:rekognition:detectLabels", { Image: { S3Object: { Bucket: "b", Name: "cat.jpg" } } }),
    );
    assert.equal(labels.Labels[0].Name, "Cat");
    assert.equal(aws.fake.received.at(-1)!.headers["x-amz-target"], "RekognitionService.DetectLabels");
    const user = out(await run("arn:aws:states:::aws-sdk:cognitoidentityprovider:adminGetUser", { UserPoolId: "p", Username: "ada" }));
    assert.equal(user.UserAttributes[0].Value, "ada@example.com");
    assert.match(aws.fake.received.at(-1)!.headers.authorization, /\/us-east-1\/cognito-idp\/aws4_request/);
    const nf = await run("arn:aws:states:::aws-sdk:cognitoidentityprovider:adminGetUser", { UserPoolId: "p", Username: "bob" });
    assert.equal(nf.error, "CognitoIdentityProvider.UserNotFoundException");
    const org = out(await run("arn:aws:states:::aws-sdk:organizations:describeOrganization", {}));
    assert.equal(org.Organization.Id, "o-exampleorgid");
    assert.match(aws.fake.received.at(-1)!.headers.authorization, /\/us-east-1\/organizations\/aws4_request/);

    const stacks = out(await run("arn:aws:states:::aws-sdk:cloudformation:describeStacks", { StackName: "app" }));
    assert.equal(stacks.Stacks[0].StackStatus, "CREATE_COMPLETE");
    assert.deepEqual(stacks.Stacks[0].Outputs, [{ OutputKey: "Url", OutputValue: "https://x" }]);
    assert.equal(new URLSearchParams(aws.fake.received.at(-1)!.body).get("Version"), "2010-05-15");
    const dbs = out(await run("arn:aws:states:::aws-sdk:rds:describeDBInstances", {}));
    assert.equal(dbs.DBInstances.length, 1, "RDS's named list members read as a list");
    assert.equal(dbs.DBInstances[0].DBInstanceIdentifier, "orders-db");
    assert.deepEqual(dbs.DBInstances[0].VpcSecurityGroups, [{ VpcSecurityGroupId: "sg-1", Status: "active" }]);
    assert.deepEqual(dbs.DBInstances[0].Endpoint, { Address: "orders-db.x.rds.amazonaws.com", Port: "5432" });
    assert.match(aws.fake.received.at(-1)!.headers.authorization, /\/us-east-1\/rds\/aws4_request/);
  });
});
