// The REST-JSON aws-sdk operations (worker/dispatch/aws-remote/rest-sdk.ts): each operation's request as its
// HTTP binding makes it (URI labels, query fields, headers, the JSON body, the idempotency token), and a missing
// label named. The calls themselves, signed and verified by a fake AWS, are in test/e2e/real-aws-rest.test.ts.
import { describe, expect, it } from "vitest";
import { REST_SDK_OPS, restRequest } from "../../worker/dispatch/aws-remote/rest-sdk.ts";
import { SERVICES } from "../../worker/dispatch/aws-remote/catalog.ts";
import { emrAnswer, emrRequest } from "../../worker/dispatch/aws-remote/emr.ts";
import { call, dispatcher } from "./dispatch-helpers.ts";

const token = () => "tok-1";
const req = (key: string, wire: Record<string, unknown>) => restRequest(REST_SDK_OPS[key], wire as never, token);

describe("REST-JSON aws-sdk requests", () => {
  it("every operation's service is in the catalog, speaking REST-JSON", () => {
    for (const key of Object.keys(REST_SDK_OPS)) {
      const service = key.split(":")[0];
      expect([key, SERVICES[service]?.protocol]).toEqual([key, { rest: service === "lambda" ? "lambda" : "json" }]);
    }
  });

  it("polly: the URI label from TaskId, no body on GET; startSpeechSynthesisTask's members as the body", () => {
    expect(req("polly:getSpeechSynthesisTask", { TaskId: "70b6 1c0f" })).toEqual({ path: "/v1/synthesisTasks/70b6%201c0f", headers: {} });
    const start = req("polly:startSpeechSynthesisTask", { Text: "Hi", OutputFormat: "mp3", VoiceId: "Joanna" });
    expect(start).toEqual({
      path: "/v1/synthesisTasks",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ Text: "Hi", OutputFormat: "mp3", VoiceId: "Joanna" }),
    });
  });

  it("lambda: query fields (numbers as text, RFC 3986 escapes), an ARN label escaped, nothing else sent", () => {
    expect(req("lambda:listFunctions", { MaxItems: 50, Marker: "a b/c", FunctionVersion: "ALL" })).toEqual({
      path: "/2015-03-31/functions/?FunctionVersion=ALL&Marker=a%20b%2Fc&MaxItems=50",
      headers: {},
    });
    expect(req("lambda:listFunctions", {})).toEqual({ path: "/2015-03-31/functions/", headers: {} });
    const arn = "arn:aws:lambda:us-east-1:123456789012:function:f";
    expect(req("lambda:deleteFunction", { FunctionName: arn, Qualifier: "1" })).toEqual({
      path: `/2015-03-31/functions/${encodeURIComponent(arn)}?Qualifier=1`,
      headers: {},
    });
    expect(req("lambda:listVersionsByFunction", { FunctionName: "f", MaxItems: 2 })).toEqual({
      path: "/2015-03-31/functions/f/versions?MaxItems=2",
      headers: {},
    });
  });

  it("an idempotency token is filled when absent and kept when given; a header member leaves the body", () => {
    const created = req("scheduler:createSchedule", { Name: "nightly", ScheduleExpression: "rate(1 day)" });
    expect(created).toMatchObject({ path: "/schedules/nightly" });
    expect(JSON.parse((created as { body: string }).body)).toEqual({ ScheduleExpression: "rate(1 day)", ClientToken: "tok-1" });
    const mine = req("scheduler:createSchedule", { Name: "n", ClientToken: "mine" });
    expect(JSON.parse((mine as { body: string }).body)).toEqual({ ClientToken: "mine" });
    const started = req("lookoutvision:startModel", { ProjectName: "p", ModelVersion: 1, MinInferenceUnits: 1 });
    expect(started).toEqual({
      path: "/2020-11-20/projects/p/models/1/start",
      headers: { "X-Amzn-Client-Token": "tok-1", "Content-Type": "application/json" },
      body: JSON.stringify({ MinInferenceUnits: 1 }),
    });
  });

  it("bedrock-agent: three labels from the camelCase wire, PUT with the token in the body", () => {
    const start = req("bedrockagent:startIngestionJob", { knowledgeBaseId: "KB1", dataSourceId: "DS1", description: "d" });
    expect(start).toEqual({
      path: "/knowledgebases/KB1/datasources/DS1/ingestionjobs/",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ description: "d", clientToken: "tok-1" }),
    });
    const get = req("bedrockagent:getIngestionJob", { knowledgeBaseId: "KB1", dataSourceId: "DS1", ingestionJobId: "J1" });
    expect(get).toEqual({ path: "/knowledgebases/KB1/datasources/DS1/ingestionjobs/J1", headers: {} });
  });

  it("a URI label missing or empty is named", () => {
    expect(req("polly:getSpeechSynthesisTask", {})).toEqual({
      invalid: "Parameter 'TaskId' must not be null or empty: it is part of the request URI",
    });
    expect(req("bedrockagent:getIngestionJob", { knowledgeBaseId: "KB1", dataSourceId: "", ingestionJobId: "J" })).toEqual({
      invalid: "Parameter 'dataSourceId' must not be null or empty: it is part of the request URI",
    });
  });
});

describe("REST-JSON aws-sdk calls without a reachable AWS", () => {
  it("a missing label fails the task as <SdkName>.SdkClientException, naming the PascalCase member's wire name", async () => {
    const d = dispatcher({ AWS_ACCESS_KEY_ID: "AKIDUNIT", AWS_SECRET_ACCESS_KEY: "unit-secret", AWS_ENDPOINT_URL: "http://127.0.0.1:9" });
    const r = await d.dispatch(call("arn:aws:states:::aws-sdk:bedrock:getEvaluationJob", { JobName: "x" }));
    expect(r).toMatchObject({ error: "Bedrock.SdkClientException" });
    expect((r as { cause: string }).cause).toMatch(/GetEvaluationJob: Parameter 'jobIdentifier' must not be null or empty/);
  });
});

describe("elasticmapreduce: EMR's API behind Step Functions' actions", () => {
  const instances = { KeepJobFlowAliveWhenNoSteps: true, InstanceCount: 1 };
  it("createCluster is RunJobFlow as it is; it needs KeepJobFlowAliveWhenNoSteps true and takes no Steps", () => {
    expect(emrRequest("createCluster", { Name: "c", Instances: instances })).toEqual({
      action: "RunJobFlow",
      params: { Name: "c", Instances: instances },
    });
    expect(emrRequest("createCluster", { Name: "c", Instances: { InstanceCount: 1 } })).toEqual({
      invalid: "elasticmapreduce:createCluster: Instances.KeepJobFlowAliveWhenNoSteps is mandatory and must be true",
    });
    expect(emrRequest("createCluster", { Name: "c", Instances: instances, Steps: [] })).toMatchObject({
      invalid: expect.stringMatching(/the field Steps is not allowed/),
    });
    expect(emrAnswer("createCluster", { JobFlowId: "j-1", ClusterArn: "arn:c" })).toEqual({ ClusterId: "j-1", ClusterArn: "arn:c" });
  });

  it("addStep is AddJobFlowSteps with one step on JobFlowId; terminateCluster is TerminateJobFlows", () => {
    const Step = { Name: "s", HadoopJarStep: { Jar: "command-runner.jar" } };
    expect(emrRequest("addStep", { ClusterId: "j-1", Step, ExecutionRoleArn: "arn:r" })).toEqual({
      action: "AddJobFlowSteps",
      params: { ExecutionRoleArn: "arn:r", JobFlowId: "j-1", Steps: [Step] },
    });
    expect(emrRequest("addStep", { ClusterId: "j-1" })).toEqual({
      invalid: "elasticmapreduce:addStep needs a Step (one StepConfig object)",
    });
    expect(emrRequest("terminateCluster", {})).toEqual({ invalid: "elasticmapreduce:terminateCluster needs a ClusterId" });
    expect(emrRequest("terminateCluster", { ClusterId: "j-1" })).toEqual({ action: "TerminateJobFlows", params: { JobFlowIds: ["j-1"] } });
    expect(emrAnswer("addStep", { StepIds: ["s-1"] })).toEqual({ StepId: "s-1" });
    expect(emrAnswer("terminateCluster", {})).toEqual({});
  });
});
