/**
 * The fake AWS's REST-JSON services for aws-sdk (fake-aws.ts calls this after it has verified the request's
 * SigV4 signature), each route checking where the SDK's HTTP binding puts each member (URI label, query
 * field, header, JSON body) and answering in the API's recorded shape: Polly (StartSpeechSynthesisTask,
 * GetSpeechSynthesisTask), Lambda (ListFunctions, DeleteFunction), EventBridge Scheduler (CreateSchedule),
 * Bedrock (GetModelCustomizationJob, CreateEvaluationJob, camelCase) and Bedrock Agent (StartIngestionJob).
 * A request the binding would not make is answered 400 `SerializationException` naming what is wrong.
 */
import type { ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";

type Json = (res: ServerResponse, status: number, body: unknown, headers?: Record<string, string>) => void;

const JSON_H = { "Content-Type": "application/json" };
const CREATED = 1733450000.5;
const errorType = (code: string) => ({ ...JSON_H, "x-amzn-ErrorType": `${code}:http://internal.amazon.com/coral/com.amazonaws/` });

export function restServices(json: Json) {
  const tasks = new Map<string, Record<string, unknown>>();
  const wrong = (res: ServerResponse, message: string) => json(res, 400, { message }, errorType("SerializationException"));

  function polly(res: ServerResponse, method: string, path: string, p: Record<string, any>, body: string): boolean {
    if (method === "POST" && path === "/v1/synthesisTasks") {
      if (!p.OutputS3BucketName || !p.Text || !p.VoiceId || !p.OutputFormat) {
        json(res, 400, { message: "OutputS3BucketName, Text, VoiceId and OutputFormat are required" }, errorType("ValidationException"));
        return true;
      }
      if (p.OutputS3BucketName === "no-such-bucket") {
        json(res, 400, { message: "Provided Amazon S3 bucket is invalid" }, errorType("InvalidS3BucketException"));
        return true;
      }
      const TaskId = randomUUID();
      const task = {
        TaskId,
        TaskStatus: "scheduled",
        OutputUri: `https://s3.us-east-1.amazonaws.com/${p.OutputS3BucketName}/${TaskId}.${p.OutputFormat}`,
        CreationTime: CREATED,
        RequestCharacters: String(p.Text).length,
        OutputFormat: p.OutputFormat,
        TextType: p.TextType ?? "text",
        VoiceId: p.VoiceId,
      };
      tasks.set(TaskId, task);
      json(res, 200, { SynthesisTask: task }, JSON_H);
      return true;
    }
    const m = /^\/v1\/synthesisTasks\/([^/]+)$/.exec(path);
    if (method !== "GET" || !m) return false;
    if (body !== "") return (wrong(res, "GET has no body"), true);
    const task = tasks.get(decodeURIComponent(m[1]));
    if (!task) {
      json(res, 400, { message: `Task ${decodeURIComponent(m[1])} not found` }, errorType("SynthesisTaskNotFoundException"));
      return true;
    }
    json(res, 200, { SynthesisTask: { ...task, TaskStatus: "completed" } }, JSON_H);
    return true;
  }

  function lambda(res: ServerResponse, method: string, url: URL, body: string): boolean {
    const path = url.pathname;
    if (method === "GET" && path === "/2015-03-31/functions/") {
      if (body !== "") return (wrong(res, "GET has no body"), true);
      const all = ["alpha", "beta", "gamma"].map((name) => ({
        FunctionName: name,
        FunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${name}`,
        Runtime: "nodejs20.x",
        MemorySize: 128,
        Version: url.searchParams.get("FunctionVersion") === "ALL" ? "1" : "$LATEST",
      }));
      const from = Number(url.searchParams.get("Marker") ?? "0");
      const max = Number(url.searchParams.get("MaxItems") ?? "50");
      const page = all.slice(from, from + max);
      const next = from + max < all.length ? { NextMarker: String(from + max) } : {};
      json(res, 200, { Functions: page, ...next }, JSON_H);
      return true;
    }
    const m = /^\/2015-03-31\/functions\/([^/]+)$/.exec(path);
    if (method !== "DELETE" || !m) return false;
    const name = decodeURIComponent(m[1]);
    if (name === "nope") {
      json(res, 404, { Type: "User", message: `Function not found: ${name}` }, errorType("ResourceNotFoundException"));
      return true;
    }
    if (url.searchParams.get("Qualifier") !== "7") return (wrong(res, `expected ?Qualifier=7, got '${url.search}'`), true);
    res.writeHead(204, { "x-amzn-RequestId": randomUUID() });
    res.end();
    return true;
  }

  function scheduler(res: ServerResponse, method: string, path: string, p: Record<string, any>): boolean {
    const m = /^\/schedules\/([^/]+)$/.exec(path);
    if (method !== "POST" || !m) return false;
    const name = decodeURIComponent(m[1]);
    if (p.Name !== undefined) return (wrong(res, "Name is a URI label, not a body member"), true);
    if (typeof p.ClientToken !== "string" || p.ClientToken.length < 1) return (wrong(res, "ClientToken missing"), true);
    if (!p.ScheduleExpression || !p.Target || !p.FlexibleTimeWindow) {
      json(res, 400, { message: "ScheduleExpression, Target and FlexibleTimeWindow are required" }, errorType("ValidationException"));
      return true;
    }
    if (name === "taken") {
      json(res, 409, { Message: `Schedule ${name} already exists.` }, errorType("ConflictException"));
      return true;
    }
    json(res, 200, { ScheduleArn: `arn:aws:scheduler:us-east-1:123456789012:schedule/${p.GroupName ?? "default"}/${name}` }, JSON_H);
    return true;
  }

  function bedrock(res: ServerResponse, method: string, path: string, p: Record<string, any>): boolean {
    const job = /^\/model-customization-jobs\/([^/]+)$/.exec(path);
    if (method === "GET" && job) {
      const id = decodeURIComponent(job[1]);
      if (id === "missing") {
        json(res, 404, { message: `Job ${id} not found` }, errorType("ResourceNotFoundException"));
        return true;
      }
      json(
        res,
        200,
        {
          jobArn: `arn:aws:bedrock:us-east-1:123456789012:model-customization-job/${id}`,
          jobName: id,
          status: "InProgress",
          baseModelArn: "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-express-v1",
          hyperParameters: { epochCount: "2", learningRate: "0.00001" },
          trainingDataConfig: { s3Uri: "s3://training/data.jsonl" },
          creationTime: "2026-12-06T00:00:00Z",
        },
        JSON_H,
      );
      return true;
    }
    if (method === "POST" && path === "/evaluation-jobs") {
      if (typeof p.clientRequestToken !== "string") return (wrong(res, "clientRequestToken missing"), true);
      if (p.JobName !== undefined || typeof p.jobName !== "string") return (wrong(res, "members are camelCase: jobName"), true);
      json(res, 202, { jobArn: `arn:aws:bedrock:us-east-1:123456789012:evaluation-job/${p.jobName}` }, JSON_H);
      return true;
    }
    const ingest = /^\/knowledgebases\/([^/]+)\/datasources\/([^/]+)\/ingestionjobs\/$/.exec(path);
    if (method !== "PUT" || !ingest) return false;
    if (p.knowledgeBaseId !== undefined || p.dataSourceId !== undefined) return (wrong(res, "labels are not body members"), true);
    if (typeof p.clientToken !== "string" || p.clientToken.length < 33) return (wrong(res, "clientToken missing or short"), true);
    const ingestionJob = {
      knowledgeBaseId: decodeURIComponent(ingest[1]),
      dataSourceId: decodeURIComponent(ingest[2]),
      ingestionJobId: "IJ0123456",
      description: p.description,
      status: "STARTING",
      statistics: { numberOfDocumentsScanned: 0 },
      startedAt: "2026-12-06T00:00:00Z",
      updatedAt: "2026-12-06T00:00:00Z",
    };
    json(res, 202, { ingestionJob }, JSON_H);
    return true;
  }

  /** Answers a REST-JSON request of these services; false when it is none of theirs. */
  return function serve(res: ServerResponse, service: string, method: string, url: URL, body: string): boolean {
    let p: Record<string, any> = {};
    try {
      p = body === "" ? {} : JSON.parse(body);
    } catch {
      return (wrong(res, "body is not JSON"), true);
    }
    if (service === "polly") return polly(res, method, url.pathname, p, body);
    if (service === "lambda") return lambda(res, method, url, body);
    if (service === "scheduler") return scheduler(res, method, url.pathname, p);
    if (service === "bedrock") return bedrock(res, method, url.pathname, p);
    return false;
  };
}

/**
 * EMR (AWS JSON 1.1, `ElasticMapReduce.<Action>`): RunJobFlow, AddJobFlowSteps, TerminateJobFlows,
 * DescribeCluster (STARTING, then WAITING; a cluster named `broken` ends TERMINATED_WITH_ERRORS; a
 * terminated one TERMINATING, then TERMINATED) and DescribeStep (RUNNING, then COMPLETED, or FAILED for
 * a step named `failing`).
 */
export function emrService(json: Json) {
  const H = { "Content-Type": "application/x-amz-json-1.1" };
  const clusters = new Map<string, { name: string; polls: number; terminated: boolean }>();
  const steps = new Map<string, { name: string; polls: number }>();
  const err = (res: ServerResponse, message: string) => json(res, 400, { __type: "InvalidRequestException", Message: message }, H);
  return function serve(res: ServerResponse, action: string, p: Record<string, any>): void {
    if (action === "RunJobFlow") {
      if (p.Instances?.KeepJobFlowAliveWhenNoSteps !== true || p.Steps !== undefined) return err(res, "not as Step Functions sends it");
      const id = `j-${randomUUID().slice(0, 13).toUpperCase().replace("-", "")}`;
      clusters.set(id, { name: p.Name, polls: 0, terminated: false });
      return json(res, 200, { JobFlowId: id, ClusterArn: `arn:aws:elasticmapreduce:us-east-1:123456789012:cluster/${id}` }, H);
    }
    if (action === "AddJobFlowSteps") {
      if (!clusters.has(p.JobFlowId)) return err(res, `Cluster id '${p.JobFlowId}' is not valid.`);
      if (!Array.isArray(p.Steps) || p.Steps.length !== 1) return err(res, "expected one step");
      const id = `s-${randomUUID().slice(0, 8).toUpperCase()}`;
      steps.set(id, { name: p.Steps[0].Name, polls: 0 });
      return json(res, 200, { StepIds: [id] }, H);
    }
    if (action === "TerminateJobFlows") {
      for (const id of p.JobFlowIds) {
        const c = clusters.get(id);
        if (!c) return err(res, `Cluster id '${id}' is not valid.`);
        c.terminated = true;
        c.polls = 0;
      }
      return json(res, 200, {}, H);
    }
    if (action === "DescribeCluster") {
      const c = clusters.get(p.ClusterId);
      if (!c) return err(res, `Cluster id '${p.ClusterId}' is not valid.`);
      const done = ++c.polls >= 2;
      const state = c.terminated
        ? done
          ? "TERMINATED"
          : "TERMINATING"
        : !done
          ? "STARTING"
          : c.name === "broken"
            ? "TERMINATED_WITH_ERRORS"
            : "WAITING";
      const Status = { State: state, StateChangeReason: state === "TERMINATED_WITH_ERRORS" ? { Code: "BOOTSTRAP_FAILURE" } : {} };
      return json(res, 200, { Cluster: { Id: p.ClusterId, Name: c.name, Status } }, H);
    }
    if (action === "DescribeStep") {
      const s = steps.get(p.StepId);
      if (!s || !clusters.has(p.ClusterId)) return err(res, `Step id '${p.StepId}' is not valid.`);
      const done = ++s.polls >= 2;
      const state = !done ? "RUNNING" : s.name === "failing" ? "FAILED" : "COMPLETED";
      return json(res, 200, { Step: { Id: p.StepId, Name: s.name, Status: { State: state } } }, H);
    }
    json(res, 400, { __type: "com.amazon.coral.service#UnknownOperationException" }, H);
  };
}
