/**
 * The fake AWS's job services and the AWS JSON / query services added for aws-sdk (fake-aws.ts calls
 * these after it has verified the request's SigV4 signature), answering in AWS's recorded shapes:
 * Athena (StartQueryExecution, GetQueryExecution: RUNNING then SUCCEEDED or FAILED, GetQueryResults),
 * Glue (StartJobRun, GetJobRun), CodeBuild (camelCase: StartBuild, BatchGetBuilds), Batch (REST-JSON:
 * /v1/submitjob, /v1/describejobs), Bedrock Runtime (/model/<id>/invoke), Rekognition, Cognito user pools,
 * Organizations; CloudFormation and RDS (query protocol).
 */
import type { ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";

type Json = (res: ServerResponse, status: number, body: unknown, headers?: Record<string, string>) => void;

const J11 = { "Content-Type": "application/x-amz-json-1.1" };
const START = 1733450000.5;

export function jobServices(json: Json) {
  const polls = new Map<string, number>();
  const poll = (id: string) => {
    const n = (polls.get(id) ?? 0) + 1;
    polls.set(id, n);
    return n;
  };
  const queries = new Map<string, string>();
  const runs = new Map<string, string>();
  const builds = new Map<string, string>();
  const jobs = new Map<string, Record<string, any>>();
  const err = (res: ServerResponse, status: number, type: string, message: string) => json(res, status, { __type: type, message }, J11);

  function athena(res: ServerResponse, action: string, p: Record<string, any>) {
    if (action === "StartQueryExecution") {
      if (!p.QueryString) return err(res, 400, "InvalidRequestException", "QueryString is required");
      const id = randomUUID();
      queries.set(id, p.QueryString);
      return json(res, 200, { QueryExecutionId: id }, J11);
    }
    const q = queries.get(p.QueryExecutionId);
    if (q === undefined) return err(res, 400, "InvalidRequestException", `QueryExecution ${p.QueryExecutionId} was not found`);
    if (action === "StopQueryExecution") return json(res, 200, {}, J11);
    if (action === "GetQueryResults") {
      const rows = [{ Data: [{ VarCharValue: "id" }] }, { Data: [{ VarCharValue: "1" }] }];
      return json(res, 200, { ResultSet: { Rows: rows, ResultSetMetadata: { ColumnInfo: [{ Name: "id", Type: "varchar" }] } } }, J11);
    }
    const done = poll(p.QueryExecutionId) >= 2;
    const failing = q.includes("nosuchtable");
    const Status = !done
      ? { State: "RUNNING", SubmissionDateTime: START }
      : failing
        ? {
            State: "FAILED",
            StateChangeReason: "TABLE_NOT_FOUND: line 1:15: Table 'nosuchtable' does not exist",
            SubmissionDateTime: START,
          }
        : { State: "SUCCEEDED", SubmissionDateTime: START, CompletionDateTime: START + 2 };
    const QueryExecution = {
      QueryExecutionId: p.QueryExecutionId,
      Query: q,
      StatementType: "DML",
      ResultConfiguration: { OutputLocation: `s3://results/${p.QueryExecutionId}.csv` },
      Status,
      WorkGroup: "primary",
    };
    return json(res, 200, { QueryExecution }, J11);
  }

  function glue(res: ServerResponse, action: string, p: Record<string, any>) {
    if (action === "StartJobRun") {
      if (p.JobName === "missing") return err(res, 400, "EntityNotFoundException", "Failed to start job run due to missing metadata");
      const id = `jr_${randomUUID().replaceAll("-", "")}`;
      runs.set(id, p.JobName);
      return json(res, 200, { JobRunId: id }, J11);
    }
    const name = runs.get(p.RunId);
    if (name !== p.JobName) return err(res, 400, "EntityNotFoundException", `Job run ${p.RunId} not found`);
    const done = poll(p.RunId) >= 2;
    const state = !done || name === "endless-job" ? "RUNNING" : name === "failing-job" ? "FAILED" : "SUCCEEDED";
    const JobRun = { Id: p.RunId, Attempt: 0, JobName: name, StartedOn: START, JobRunState: state, ExecutionTime: done ? 42 : 0 };
    return json(res, 200, { JobRun: state === "FAILED" ? { ...JobRun, ErrorMessage: "ZeroDivisionError" } : JobRun }, J11);
  }

  function codebuild(res: ServerResponse, action: string, p: Record<string, any>) {
    const build = (id: string, status: string) => ({
      id,
      arn: `arn:aws:codebuild:us-east-1:123456789012:build/${id}`,
      projectName: builds.get(id),
      buildStatus: status,
      currentPhase: status === "IN_PROGRESS" ? "BUILD" : "COMPLETED",
      startTime: START,
    });
    if (action === "StartBuild") {
      if (p.projectName === "missing") return err(res, 400, "ResourceNotFoundException", "Project cannot be found: missing");
      const id = `${p.projectName}:${randomUUID()}`;
      builds.set(id, p.projectName);
      return json(res, 200, { build: build(id, "IN_PROGRESS") }, J11);
    }
    const id = p.ids[0];
    if (!builds.has(id)) return json(res, 200, { builds: [], buildsNotFound: [id] }, J11);
    const done = poll(id) >= 2;
    const status = !done ? "IN_PROGRESS" : builds.get(id) === "broken" ? "FAILED" : "SUCCEEDED";
    return json(res, 200, { builds: [build(id, status)], buildsNotFound: [] }, J11);
  }

  function batch(res: ServerResponse, path: string, p: Record<string, any>) {
    const h = { "Content-Type": "application/json" };
    if (path === "/v1/submitjob") {
      if (!p.jobQueue) {
        return json(res, 400, { message: "jobQueue is required" }, { ...h, "x-amzn-ErrorType": "ClientException:http://internal/" });
      }
      const jobId = randomUUID();
      jobs.set(jobId, p);
      const jobArn = `arn:aws:batch:us-east-1:123456789012:job/${jobId}`;
      return json(res, 200, { jobArn, jobName: p.jobName, jobId }, h);
    }
    const id = p.jobs[0];
    const job = jobs.get(id)!;
    const done = poll(id) >= 2;
    const status = !done ? "RUNNING" : job.jobName === "failing" ? "FAILED" : "SUCCEEDED";
    const described = {
      jobId: id,
      jobName: job.jobName,
      jobQueue: job.jobQueue,
      status,
      parameters: job.parameters ?? {},
      container: { exitCode: status === "FAILED" ? 1 : 0 },
    };
    return json(res, 200, { jobs: [described] }, h);
  }

  function bedrock(res: ServerResponse, model: string, body: string, headers: Record<string, string>) {
    if (model === "no.such-model") {
      return json(
        res,
        404,
        { message: "The provided model identifier is invalid." },
        { "Content-Type": "application/json", "x-amzn-ErrorType": "ResourceNotFoundException:http://internal/" },
      );
    }
    const prompt = JSON.parse(body).inputText;
    const answer = { inputTextTokenCount: 3, results: [{ outputText: `echo: ${prompt}`, completionReason: "FINISH" }] };
    json(res, 200, answer, { "Content-Type": headers.accept === "application/json" ? "application/json" : "text/plain" });
  }

  const trainings = new Set<string>();
  function sagemaker(res: ServerResponse, action: string, p: Record<string, any>) {
    const arn = (name: string) => `arn:aws:sagemaker:us-east-1:123456789012:training-job/${name}`;
    if (action === "CreateTrainingJob") {
      if (trainings.has(p.TrainingJobName)) return err(res, 400, "ResourceInUse", `Training job ${p.TrainingJobName} already exists`);
      trainings.add(p.TrainingJobName);
      return json(res, 200, { TrainingJobArn: arn(p.TrainingJobName) }, J11);
    }
    const name = p.TrainingJobName;
    if (!trainings.has(name)) return err(res, 400, "ValidationException", `Requested resource not found.`);
    const done = poll(name) >= 2;
    const status = !done ? "InProgress" : name.startsWith("bad-") ? "Failed" : "Completed";
    const job = {
      TrainingJobName: name,
      TrainingJobArn: arn(name),
      TrainingJobStatus: status,
      SecondaryStatus: done ? status : "Training",
    };
    return json(res, 200, status === "Failed" ? { ...job, FailureReason: "AlgorithmError: out of memory" } : job, J11);
  }

  /** The AWS JSON targets and REST paths served here; false when none is this request's. */
  return function serve(
    res: ServerResponse,
    target: string,
    path: string,
    p: Record<string, any>,
    body: string,
    headers: Record<string, string>,
  ) {
    const action = target.split(".").pop() ?? "";
    if (target.startsWith("AmazonAthena.")) athena(res, action, p);
    else if (target.startsWith("AWSGlue.")) glue(res, action, p);
    else if (target.startsWith("CodeBuild_20161006.")) codebuild(res, action, p);
    else if (target.startsWith("SageMaker.")) sagemaker(res, action, p);
    else if (path.startsWith("/v1/")) batch(res, path, p);
    else if (/^\/model\/[^/]+\/invoke$/.test(path)) bedrock(res, decodeURIComponent(path.split("/")[2]), body, headers);
    else if (target === "RekognitionService.DetectLabels") {
      json(res, 200, { Labels: [{ Name: "Cat", Confidence: 99.1, Parents: [{ Name: "Animal" }] }], LabelModelVersion: "3.0" }, J11);
    } else if (target === "AWSCognitoIdentityProviderService.AdminGetUser") {
      if (p.Username !== "ada") err(res, 400, "UserNotFoundException", "User does not exist.");
      else json(res, 200, { Username: "ada", UserAttributes: [{ Name: "email", Value: "ada@example.com" }], Enabled: true }, J11);
    } else if (target === "AWSOrganizationsV20161128.DescribeOrganization") {
      json(res, 200, { Organization: { Id: "o-exampleorgid", MasterAccountId: "111111111111", FeatureSet: "ALL" } }, J11);
    } else return false;
    return true;
  };
}

/** Recorded answers of CloudFormation and RDS (query protocol, XML), or undefined for another action. */
export function queryJobAnswer(service: string, form: URLSearchParams): string | undefined {
  const action = form.get("Action");
  if (service === "cloudformation" && action === "DescribeStacks") {
    const stack = (name: string) =>
      `<member><StackName>${name}</StackName><StackId>arn:aws:cloudformation:us-east-1:123456789012:stack/${name}/1</StackId>` +
      `<StackStatus>CREATE_COMPLETE</StackStatus><Outputs><member><OutputKey>Url</OutputKey><OutputValue>https://x</OutputValue>` +
      `</member></Outputs></member>`;
    return `<Stacks>${stack(form.get("StackName") ?? "app")}</Stacks>`;
  }
  if (service === "rds" && action === "DescribeDBInstances") {
    return (
      `<DBInstances><DBInstance><DBInstanceIdentifier>orders-db</DBInstanceIdentifier><DBInstanceStatus>available</DBInstanceStatus>` +
      `<VpcSecurityGroups><VpcSecurityGroupMembership><VpcSecurityGroupId>sg-1</VpcSecurityGroupId><Status>active</Status>` +
      `</VpcSecurityGroupMembership></VpcSecurityGroups><Endpoint><Address>orders-db.x.rds.amazonaws.com</Address><Port>5432</Port>` +
      `</Endpoint></DBInstance></DBInstances>`
    );
  }
  return undefined;
}

/**
 * An API Gateway stage `prod`: `/prod/public/*` without authorization (echo, text, a 500), `/prod/bills` only
 * with a SigV4 signature for execute-api (fake-aws.ts verified it): unsigned, API Gateway's 403.
 */
export function apiGateway(res: ServerResponse, method: string, url: URL, headers: Record<string, string>, body: string, signed: boolean) {
  const send = (status: number, text: string, type = "application/json", extra: Record<string, string> = {}) => {
    res.writeHead(status, { "Content-Type": type, "x-amzn-RequestId": randomUUID(), ...extra });
    res.end(text);
  };
  if (url.pathname === "/prod/bills") {
    if (!signed) {
      return send(403, JSON.stringify({ message: "Missing Authentication Token" }), "application/json", {
        "x-amzn-ErrorType": "MissingAuthenticationTokenException",
      });
    }
    return send(200, JSON.stringify({ myBills: [], method }));
  }
  if (url.pathname === "/prod/public/echo") {
    const query: Record<string, string[]> = {};
    for (const [k, v] of url.searchParams) (query[k] ??= []).push(v);
    return send(200, JSON.stringify({ method, query, custom: headers["x-custom"] ?? null, type: headers["content-type"] ?? null, body }));
  }
  if (url.pathname === "/prod/public/text") return send(200, "pong", "text/plain");
  if (url.pathname === "/prod/public/broken") return send(500, JSON.stringify({ message: "Internal server error" }));
  send(404, JSON.stringify({ message: "Not Found" }));
}
