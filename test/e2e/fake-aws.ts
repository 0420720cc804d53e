/**
 * A fake AWS for the end-to-end tests: a Node HTTP server on 127.0.0.1 that VERIFIES each request's SigV4
 * signature with @smithy/signature-v4 (the AWS SDK's own signer: the request re-signed with the secret it
 * expects must give the same Authorization header) and answers in AWS's recorded shapes: DynamoDB and
 * SQS and Secrets Manager (AWS JSON 1.0/1.1), EventBridge, ECS (RunTask, DescribeTasks: RUNNING, then STOPPED),
 * Step Functions (StartExecution, DescribeExecution: RUNNING, then SUCCEEDED or FAILED), SNS, STS, IAM, CloudWatch and SES (query protocol, XML) and Lambda (REST Invoke), and the job services of fake-aws-jobs.ts (Athena, Glue,
 * CodeBuild, Batch, Bedrock, ...), the REST-JSON aws-sdk services (fake-aws-rest.ts), EC2 (fake-aws-ec2.ts) and S3 (fake-aws-s3.ts: the payload's x-amz-content-sha256 checked too). A request signed with another secret gets AWS's signature error, in the service's protocol.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createHash, randomUUID } from "node:crypto";
import { Sha256 } from "@smithy/core/checksum";
import { SignatureV4 } from "@smithy/signature-v4";
import { apiGateway, jobServices, queryJobAnswer } from "./fake-aws-jobs.ts";
import { ec2Answer } from "./fake-aws-ec2.ts";
import { emrService, restServices } from "./fake-aws-rest.ts";
import { s3Service, type FakeObject } from "./fake-aws-s3.ts";

export interface Received {
  service: string;
  action: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface FakeAws {
  url: string;
  /** Every request that passed the signature check, in order. */
  received: Received[];
  /** Requests refused for their signature. */
  refused: number;
  /** The secret the fake verifies with; change it to make the runtime's signatures wrong. */
  secret: string;
  /** S3's objects by `<bucket>/<key>`. */
  objects: Map<string, FakeObject>;
  close(): Promise<void>;
}

const SIG_TEXT =
  "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.";

export async function startFakeAws(accessKeyId: string, secret: string, sessionToken?: string): Promise<FakeAws> {
  const items = new Map<string, unknown>();
  const polls = new Map<string, number>();
  const fake: FakeAws = { url: "", received: [], refused: 0, secret, objects: new Map(), close: async () => {} };
  const serveS3 = s3Service(fake.objects);
  const serveJobs = jobServices((res, status, body, headers) => json(res, status, body, headers));
  const serveRest = restServices((res, status, body, headers) => json(res, status, body, headers));
  const serveEmr = emrService((res, status, body, headers) => json(res, status, body, headers));

  async function verified(req: IncomingMessage, body: string, raw: Buffer): Promise<{ service: string } | null> {
    const auth = req.headers.authorization ?? "";
    const m =
      /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=[0-9a-f]{64}$/.exec(
        auth,
      );
    if (!m || m[1] !== accessKeyId) return null;
    const [, , , region, service, signed] = m;
    const headers: Record<string, string> = {};
    for (const h of signed.split(";")) headers[h] = String(req.headers[h] ?? "");
    const url = new URL(req.url ?? "/", "http://x");
    const query: Record<string, string> = {};
    for (const [k, v] of url.searchParams) query[k] = v;
    const amzDate = headers["x-amz-date"] ?? "";
    const date = new Date(amzDate.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, "$1-$2-$3T$4:$5:$6Z"));
    const signer = new SignatureV4({
      credentials: { accessKeyId, secretAccessKey: fake.secret, sessionToken },
      region,
      service,
      sha256: Sha256,
      applyChecksum: false,
      // S3's paths are encoded once (the SDKs sign them so); every other service's twice.
      uriEscapePath: service !== "s3",
    });
    // S3 signs the payload's hash as a header: it must be the body's.
    if (service === "s3" && headers["x-amz-content-sha256"] !== createHash("sha256").update(raw).digest("hex")) return null;
    const again = await signer.sign(
      { method: req.method ?? "POST", protocol: "http:", hostname: "127.0.0.1", path: url.pathname, query, headers, body },
      { signingDate: date },
    );
    if (sessionToken !== undefined && req.headers["x-amz-security-token"] !== sessionToken) return null;
    return again.headers.authorization === auth ? { service } : null;
  }

  function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
    const text = JSON.stringify(body);
    res.writeHead(status, { "Content-Type": "application/x-amz-json-1.0", "x-amzn-RequestId": randomUUID(), ...headers });
    res.end(text);
  }

  // Like AWS's, the refusal quotes the canonical request it expected, session token header included.
  function refuse(res: ServerResponse, service: string, req: IncomingMessage) {
    fake.refused++;
    const token = req.headers["x-amz-security-token"] ?? "";
    const canonical = `'POST\n${req.url}\n\nhost:${req.headers.host}\nx-amz-security-token:${token}'`;
    const SIG_MISMATCH = `${SIG_TEXT}\n\nThe Canonical String for this request should have been\n${canonical}`;
    if (/\/s3\/aws4_request/.test(req.headers.authorization ?? "")) {
      res.writeHead(403, { "Content-Type": "application/xml", "x-amz-request-id": "sig-req-s3" });
      res.end(`<Error><Code>SignatureDoesNotMatch</Code><Message>${SIG_TEXT}</Message><RequestId>sig-req-s3</RequestId></Error>`);
    } else if (service === "sns") {
      res.writeHead(403, { "Content-Type": "text/xml", "x-amzn-RequestId": "sig-req-1" });
      res.end(
        `<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type><Code>SignatureDoesNotMatch</Code>` +
          `<Message>${SIG_MISMATCH.replaceAll("&", "&amp;").replaceAll("<", "&lt;")}</Message></Error>` +
          `<RequestId>sig-req-1</RequestId></ErrorResponse>`,
      );
    } else if (service === "lambda") {
      json(
        res,
        403,
        { message: SIG_MISMATCH },
        { "x-amzn-ErrorType": "InvalidSignatureException:http://internal.amazon.com/coral/com.amazon.coral.service/" },
      );
    } else json(res, 400, { __type: "com.amazon.coral.service#InvalidSignatureException", message: SIG_MISMATCH });
  }

  function dynamodb(res: ServerResponse, action: string, p: Record<string, any>) {
    if (p.TableName === "Missing") {
      return json(res, 400, {
        __type: "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException",
        message: "Requested resource not found",
      });
    }
    if (p.TableName === "Flaky" && !items.has("flaky-once")) {
      items.set("flaky-once", true);
      const message = "The level of configured provisioned throughput for the table was exceeded.";
      return json(res, 400, { __type: "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException", message });
    }
    const key = (k: Record<string, unknown>) => `${p.TableName}/${JSON.stringify(k.id)}`;
    if (action === "PutItem") {
      if (p.ConditionExpression === "attribute_not_exists(id)" && items.has(key(p.Item))) {
        return json(res, 400, {
          __type: "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException",
          message: "The conditional request failed",
        });
      }
      items.set(key(p.Item), p.Item);
      return json(res, 200, {});
    }
    if (action === "GetItem") return json(res, 200, items.has(key(p.Key)) ? { Item: items.get(key(p.Key)) } : {});
    return json(res, 400, { __type: "com.amazon.coral.service#UnknownOperationException" });
  }

  function ecs(res: ServerResponse, action: string, p: Record<string, any>) {
    const h = { "Content-Type": "application/x-amz-json-1.1" };
    if (action === "RunTask") {
      const taskArn = `arn:aws:ecs:us-east-1:123456789012:task/${p.cluster}/${randomUUID().replaceAll("-", "")}`;
      polls.set(taskArn, 0);
      const task = {
        taskArn,
        clusterArn: `arn:aws:ecs:us-east-1:123456789012:cluster/${p.cluster}`,
        lastStatus: "PROVISIONING",
        taskDefinitionArn: p.taskDefinition,
      };
      return json(res, 200, { tasks: [task], failures: [] }, h);
    }
    const taskArn = p.tasks[0];
    const n = (polls.get(taskArn) ?? 0) + 1;
    polls.set(taskArn, n);
    const stopped = n >= 2;
    const containers = [
      { name: "app", lastStatus: stopped ? "STOPPED" : "RUNNING", ...(stopped ? { exitCode: p.cluster === "failing" ? 3 : 0 } : {}) },
    ];
    return json(
      res,
      200,
      {
        tasks: [
          { taskArn, lastStatus: stopped ? "STOPPED" : "RUNNING", containers, stopCode: stopped ? "EssentialContainerExited" : undefined },
        ],
        failures: [],
      },
      h,
    );
  }

  // Recorded answers of the query services (SNS, STS, IAM, CloudWatch, SES) beyond Publish.
  const NS: Record<string, string> = {
    sns: "http://sns.amazonaws.com/doc/2010-03-31/",
    sts: "https://sts.amazonaws.com/doc/2011-06-15/",
    iam: "https://iam.amazonaws.com/doc/2010-05-08/",
    monitoring: "http://monitoring.amazonaws.com/doc/2010-08-01/",
    ses: "http://ses.amazonaws.com/doc/2010-12-01/",
    cloudformation: "http://cloudformation.amazonaws.com/doc/2010-05-15/",
    rds: "http://rds.amazonaws.com/doc/2014-10-31/",
  };
  function queryAnswer(res: ServerResponse, service: string, form: URLSearchParams) {
    const action = form.get("Action") ?? "";
    const ok = (result: string) => {
      res.writeHead(200, { "Content-Type": "text/xml", "x-amzn-RequestId": "q-req-1" });
      res.end(
        `<?xml version="1.0"?>\n<${action}Response xmlns="${NS[service]}">${result === "" ? "" : `<${action}Result>${result}</${action}Result>`}` +
          `<ResponseMetadata><RequestId>q-req-1</RequestId></ResponseMetadata></${action}Response>`,
      );
    };
    const error = (status: number, code: string, message: string) => {
      res.writeHead(status, { "Content-Type": "text/xml", "x-amzn-RequestId": "q-err-1" });
      res.end(
        `<ErrorResponse xmlns="${NS[service]}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error>` +
          `<RequestId>q-err-1</RequestId></ErrorResponse>`,
      );
    };
    const arn = (name: string) => `arn:aws:sns:us-east-1:123456789012:${name}`;
    if (service === "sns" && action === "ListTopics") {
      return ok(
        `<Topics><member><TopicArn>${arn("orders")}</TopicArn></member><member><TopicArn>${arn("audit")}</TopicArn></member></Topics>`,
      );
    }
    if (service === "sns" && action === "CreateTopic") return ok(`<TopicArn>${arn(form.get("Name") ?? "")}</TopicArn>`);
    if (service === "sns" && action === "GetTopicAttributes") {
      if (!(form.get("TopicArn") ?? "").endsWith(":orders")) return error(404, "NotFound", "Topic does not exist");
      return ok(
        `<Attributes><entry><key>DisplayName</key><value>Orders &amp; more</value></entry>` +
          `<entry><key>TopicArn</key><value>${arn("orders")}</value></entry></Attributes>`,
      );
    }
    if (service === "sts" && action === "GetCallerIdentity") {
      return ok(`<Arn>arn:aws:iam::123456789012:user/Alice</Arn><UserId>AIDACKCEVSQ6C2EXAMPLE</UserId><Account>123456789012</Account>`);
    }
    if (service === "iam" && action === "GetUser") {
      return ok(`<User><UserId>AIDACKCEVSQ6C2EXAMPLE</UserId><Path>/</Path><UserName>${form.get("UserName")}</UserName></User>`);
    }
    if (service === "monitoring" && action === "PutMetricData") {
      if ((form.get("Namespace") ?? "").startsWith("AWS/")) {
        return error(400, "InvalidParameterValue", `The value ${form.get("Namespace")} for parameter Namespace is invalid.`);
      }
      return ok("");
    }
    if (service === "ses" && action === "SendEmail") return ok(`<MessageId>0000014a-f4d4-4f89-93d3-example</MessageId>`);
    const job = queryJobAnswer(service, form);
    if (job !== undefined) return ok(job);
    error(400, "InvalidAction", `Could not find operation ${action} for version ${form.get("Version")}`);
  }

  // Step Functions (AWS JSON 1.0): machines ":Remote" succeed and ":Failing" fail, each after one RUNNING answer.
  const executions = new Map<string, { machine: string; name: string; input: string; polls: number; start: number }>();
  function states(res: ServerResponse, action: string, p: Record<string, any>) {
    if (action === "StartExecution") {
      const machine = String(p.stateMachineArn);
      if (!/:(Remote|Failing)$/.test(machine)) {
        const message = `State Machine Does Not Exist: '${machine}'`;
        return json(res, 400, { __type: "com.amazonaws.swf.service.v2.model#StateMachineDoesNotExist", message });
      }
      const executionArn = `${machine.replace(":stateMachine:", ":execution:")}:${p.name}`;
      const start = 1733450000.123;
      if (!executions.has(executionArn)) executions.set(executionArn, { machine, name: p.name, input: p.input, polls: 0, start });
      return json(res, 200, { executionArn, startDate: start });
    }
    const e = executions.get(String(p.executionArn));
    if (!e)
      return json(res, 400, { __type: "com.amazonaws.swf.service.v2.model#ExecutionDoesNotExist", message: "Execution Does Not Exist" });
    e.polls++;
    const base = {
      executionArn: p.executionArn,
      stateMachineArn: e.machine,
      name: e.name,
      input: e.input,
      inputDetails: { included: true },
      startDate: e.start,
    };
    if (e.polls < 2) return json(res, 200, { ...base, status: "RUNNING" });
    if (e.machine.endsWith(":Failing")) {
      return json(res, 200, { ...base, status: "FAILED", stopDate: e.start + 2, error: "Oops", cause: "it failed remotely" });
    }
    const output = JSON.stringify({ done: true, got: JSON.parse(e.input) });
    return json(res, 200, { ...base, status: "SUCCEEDED", stopDate: e.start + 2, output, outputDetails: { included: true } });
  }

  function sns(res: ServerResponse, form: URLSearchParams) {
    if (form.get("Action") !== "Publish") return queryAnswer(res, "sns", form);
    if ((form.get("TopicArn") ?? "").endsWith(":missing")) {
      res.writeHead(404, { "Content-Type": "text/xml" });
      return res.end(
        `<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type><Code>NotFound</Code>` +
          `<Message>Topic does not exist</Message></Error><RequestId>nf-req-2</RequestId></ErrorResponse>`,
      );
    }
    res.writeHead(200, { "Content-Type": "text/xml", "x-amzn-RequestId": "pub-req-3" });
    res.end(
      `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>${randomUUID()}</MessageId>` +
        `</PublishResult><ResponseMetadata><RequestId>pub-req-3</RequestId></ResponseMetadata></PublishResponse>`,
    );
  }

  function lambda(res: ServerResponse, fn: string, body: string) {
    const h = { "Content-Type": "application/json", "X-Amz-Executed-Version": "$LATEST", "x-amzn-RequestId": randomUUID() };
    if (fn === "nope" || fn.endsWith(":nope")) {
      const message = `Function not found: arn:aws:lambda:us-east-1:123456789012:function:nope`;
      res.writeHead(404, {
        ...h,
        "x-amzn-ErrorType": "ResourceNotFoundException:http://internal.amazon.com/coral/com.amazonaws.awsgatewayservice/",
      });
      return res.end(JSON.stringify({ Type: "User", message }));
    }
    if (fn.endsWith("boom")) {
      res.writeHead(200, { ...h, "X-Amz-Function-Error": "Unhandled" });
      return res.end(JSON.stringify({ errorType: "BoomError", errorMessage: "it went boom", trace: ["at handler"] }));
    }
    res.writeHead(200, h);
    res.end(JSON.stringify({ greeting: `hello ${JSON.parse(body).name}`, fn }));
  }

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const raw = Buffer.concat(chunks);
      const body = raw.toString("utf8");
      const path = new URL(req.url ?? "/", "http://x").pathname;
      const guess = /\/functions\//.test(path) ? "lambda" : String(req.headers["content-type"]).includes("x-www-form") ? "sns" : "json";
      const url = new URL(req.url ?? "/", "http://x");
      const stage = /^\/prod(\/|$)/.test(path);
      const plain = () => Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      if (stage && !req.headers.authorization) {
        fake.received.push({ service: "execute-api", action: `${req.method} ${path}`, path, headers: plain(), body });
        return apiGateway(res, req.method ?? "GET", url, plain(), body, false);
      }
      const ok = await verified(req, body, raw).catch(() => null);
      if (!ok) return refuse(res, guess, req);
      if (ok.service === "execute-api") {
        fake.received.push({ service: "execute-api", action: `${req.method} ${path}`, path, headers: plain(), body });
        return apiGateway(res, req.method ?? "GET", url, plain(), body, true);
      }
      if (ok.service === "s3") {
        fake.received.push({ service: "s3", action: `${req.method} ${url.pathname}${url.search}`, path, headers: plain(), body });
        return serveS3(res, req.method ?? "GET", url, plain(), raw);
      }
      const target = String(req.headers["x-amz-target"] ?? "");
      const action = target.split(".").pop() ?? "";
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) headers[k] = String(v);
      const fnMatch = /^(?:\/[^/]+)*\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(path);
      const service = ok.service;
      const form = guess === "sns" ? new URLSearchParams(body) : null;
      fake.received.push({ service, action: fnMatch ? "Invoke" : (form?.get("Action") ?? (action || path)), path, headers, body });
      if (service === "lambda" && fnMatch) return lambda(res, decodeURIComponent(fnMatch[1]), body);
      if (!form && serveRest(res, service, req.method ?? "POST", url, body)) return;
      if (service === "sns" && form) return sns(res, form);
      if (form && service === "ec2") return ec2Answer(res, form);
      if (form) return queryAnswer(res, service, form);
      const p = JSON.parse(body || "{}");
      if (serveJobs(res, target, path, p, body, headers)) return;
      if (target.startsWith("DynamoDB_20120810.")) return dynamodb(res, action, p);
      if (target.startsWith("AmazonEC2ContainerServiceV20141113.")) return ecs(res, action, p);
      if (target.startsWith("AWSStepFunctions.")) return states(res, action, p);
      if (target.startsWith("ElasticMapReduce.")) return serveEmr(res, action, p);
      if (target === "AWSEvents.PutEvents") {
        return json(
          res,
          200,
          { Entries: p.Entries.map(() => ({ EventId: randomUUID() })), FailedEntryCount: 0 },
          { "Content-Type": "application/x-amz-json-1.1" },
        );
      }
      if (target === "AmazonSQS.SendMessage") {
        if (String(p.QueueUrl).endsWith("/missing")) {
          const h = { "x-amzn-query-error": "AWS.SimpleQueueService.NonExistentQueue;Sender" };
          return json(res, 400, { __type: "com.amazonaws.sqs#QueueDoesNotExist", message: "The specified queue does not exist." }, h);
        }
        return json(res, 200, { MD5OfMessageBody: createHash("md5").update(p.MessageBody).digest("hex"), MessageId: randomUUID() });
      }
      if (target === "RedshiftData.ExecuteStatement") {
        const h = { "Content-Type": "application/x-amz-json-1.1" };
        return json(res, 200, { Id: "d9b6c0c9-0747-4bf4-b142-e8883122f766", Database: p.Database, CreatedAt: 1733450000.5 }, h);
      }
      if (target === "AWSSupport_20130415.DescribeCases")
        return json(res, 200, { cases: [] }, { "Content-Type": "application/x-amz-json-1.1" });
      if (target === "secretsmanager.GetSecretValue") {
        if (p.SecretId !== "db-password") {
          return json(res, 400, { __type: "ResourceNotFoundException", Message: "Secrets Manager can't find the specified secret." });
        }
        const arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-password-AbCdEf";
        return json(res, 200, { ARN: arn, Name: "db-password", SecretString: "hunter2", VersionId: "v1", VersionStages: ["AWSCURRENT"] });
      }
      json(res, 400, { __type: "com.amazon.coral.service#UnknownOperationException", message: `unknown target ${target}` });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  fake.url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  fake.close = () => new Promise((resolve) => server.close(() => resolve()));
  return fake;
}
