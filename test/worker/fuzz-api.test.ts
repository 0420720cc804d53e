// Property-based fuzzing of the API's parsing: fast-check-made bodies, names, ARNs, paging tokens and
// task tokens sent to every operation of the AWS protocol (signed, as the SDK does) and to the REST
// routes. Every answer is under 500 and names its error. Longer runs: `npm run fuzz -- --runs 100000`.
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { OPERATIONS } from "../../worker/aws/operations.ts";
import { deep, ERROR_NAME, fuzzParams, fuzzTimeout, weirdStrings, weirdValue } from "../asl/fuzz.ts";
import { call, createMachine, PASS, WAIT } from "./api-client.ts";
import { aws } from "./aws-client.ts";

const ARN = "arn:aws:states:us-east-1:123456789012";
const params = (runs: number) => fuzzParams(runs, env);
const TIMEOUT = fuzzTimeout(env);

/** Real ARNs and tokens (made in beforeAll), to mutate: a fuzzer that only sends nonsense stops at the first check. */
const real: { arns: string[]; tokens: string[] } = { arns: [], tokens: [] };

beforeAll(async () => {
  await createMachine("fuzz-pass", PASS);
  await createMachine("fuzz-wait", WAIT);
  await createMachine("fuzz-express", PASS, { type: "EXPRESS" });
  const started = await call("POST", "/state-machines/fuzz-wait/executions", { name: "e1", input: { a: 1 } });
  expect(started.status).toBeLessThan(300);
  for (let i = 0; i < 3; i++) await createMachine(`fuzz-page-${i}`, PASS);
  const page = await aws("ListStateMachines", { maxResults: 1 });
  const activity = await aws("CreateActivity", { name: "fuzz-activity" });
  real.arns.push(
    `${ARN}:stateMachine:fuzz-pass`,
    `${ARN}:stateMachine:fuzz-wait`,
    `${ARN}:stateMachine:fuzz-wait:1`,
    `${ARN}:stateMachine:fuzz-express`,
    `${ARN}:execution:fuzz-wait:e1`,
    `${ARN}:express:fuzz-express:e1:0f0e5fd5-2c58-4b39-9a3e-6d6b2b8f0a11`,
    `${ARN}:mapRun:fuzz-wait/label:0f0e5fd5-2c58-4b39-9a3e-6d6b2b8f0a11`,
    activity.body?.activityArn ?? `${ARN}:activity:fuzz-activity`,
  );
  real.tokens.push(page.body?.nextToken ?? "", "AAAA", "eyJ9");
});

/** A string like one the API takes, bent: cut, doubled, a character changed, unicode, or replaced. */
function bent(pool: () => string[]): fc.Arbitrary<string> {
  return fc.oneof(
    fc.nat().map((i) => pool()[i % pool().length]),
    fc.tuple(fc.nat(), fc.nat(200)).map(([i, n]) => pool()[i % pool().length].slice(0, n)),
    fc.tuple(fc.nat(), fc.nat(200), fc.string({ unit: "binary", maxLength: 3 })).map(([i, at, s]) => {
      const v = pool()[i % pool().length];
      return v.slice(0, at) + s + v.slice(at + s.length);
    }),
    fc.tuple(fc.nat(), weirdStrings).map(([i, s]) => pool()[i % pool().length] + s),
    weirdStrings,
    fc.string({ unit: "grapheme", maxLength: 90 }),
  );
}

const arn = bent(() => real.arns);
const token = fc.oneof(
  bent(() => real.tokens),
  fc.base64String({ maxLength: 200 }),
  fc.string({ maxLength: 50 }),
);
const name = fc.oneof(
  weirdStrings,
  fc.string({ unit: "grapheme", maxLength: 100 }),
  fc.constantFrom("fuzz-pass", "a".repeat(81), "a b", "a/b", "a*"),
);
const anyValue = fc.oneof(weirdValue, fc.constantFrom(-1, 0, 1, 1001, 2 ** 53, "10", true));
const jsonText = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  weirdStrings,
  fc.constantFrom(JSON.stringify(PASS), JSON.stringify(WAIT), "{", "[1,", '{"a":1}'.repeat(3)),
);

/** A request body: a few of the fields the operations read, with values of the right kind or not. */
const body = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record(
      {
        stateMachineArn: fc.oneof(arn, anyValue),
        executionArn: fc.oneof(arn, anyValue),
        activityArn: fc.oneof(arn, anyValue),
        mapRunArn: fc.oneof(arn, anyValue),
        resourceArn: fc.oneof(arn, anyValue),
        stateMachineAliasArn: fc.oneof(arn, anyValue),
        stateMachineVersionArn: fc.oneof(arn, anyValue),
        name: fc.oneof(name, anyValue),
        definition: fc.oneof(jsonText, anyValue),
        input: fc.oneof(jsonText, anyValue),
        output: fc.oneof(jsonText, anyValue),
        roleArn: fc.oneof(arn, anyValue),
        type: fc.oneof(fc.constantFrom("STANDARD", "EXPRESS", "express"), anyValue),
        nextToken: fc.oneof(token, anyValue),
        maxResults: fc.oneof(fc.integer({ min: -5, max: 2000 }), anyValue),
        statusFilter: fc.oneof(fc.constantFrom("RUNNING", "SUCCEEDED", "NOPE"), anyValue),
        taskToken: fc.oneof(token, anyValue),
        error: fc.oneof(name, anyValue),
        cause: fc.oneof(name, anyValue),
        workerName: fc.oneof(name, anyValue),
        tags: fc.oneof(fc.array(fc.record({ key: name, value: name }), { maxLength: 3 }), anyValue),
        tagKeys: fc.oneof(fc.array(name, { maxLength: 3 }), anyValue),
        reverseOrder: anyValue,
        includeExecutionData: anyValue,
        maxConcurrency: anyValue,
        toleratedFailureCount: anyValue,
        toleratedFailurePercentage: anyValue,
        publish: anyValue,
        description: anyValue,
        routingConfiguration: fc.oneof(
          fc.array(fc.record({ stateMachineVersionArn: arn, weight: fc.integer({ min: -1, max: 101 }) }), { maxLength: 3 }),
          anyValue,
        ),
        loggingConfiguration: anyValue,
        tracingConfiguration: anyValue,
        redriveFilter: anyValue,
        mapRunStatusFilter: anyValue,
        revisionId: anyValue,
        stateName: anyValue,
        inspectionLevel: fc.oneof(fc.constantFrom("INFO", "DEBUG", "TRACE"), anyValue),
        variables: fc.oneof(jsonText, anyValue),
      },
      { requiredKeys: [] },
    ),
  },
  { weight: 1, arbitrary: anyValue },
);

// GetActivityTask long-polls 60 s when its activity exists, as on AWS, and the fuzz may have created it (CreateActivity
// with a name from the same pool): that is a wait, not a failure, so it is left to the activity tests.
const FUZZED_OPERATIONS = Object.keys(OPERATIONS).filter((op) => op !== "GetActivityTask");

const operation = fc.oneof(
  { weight: 9, arbitrary: fc.constantFrom(...FUZZED_OPERATIONS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
);

/** An error answer names its error: AWS's `__type` on the AWS protocol, `error` on the REST API. */
function named(status: number, type: unknown, what: string) {
  expect(status, what).toBeLessThan(500);
  if (status >= 400) expect(type, what).toMatch(ERROR_NAME);
}

describe("fuzz: the AWS protocol", () => {
  it(
    "answers every operation with any body under 500, naming its error",
    async () => {
      await fc.assert(
        fc.asyncProperty(operation, body, async (op, b) => {
          const r = await aws(op, b);
          named(r.status, r.body?.__type, `${op} ${r.status} ${JSON.stringify(r.body)?.slice(0, 300)}`);
        }),
        params(250),
      );
    },
    TIMEOUT,
  );

  it(
    "answers raw bodies that are not JSON objects under 500",
    async () => {
      const raw = fc.oneof(fc.string({ unit: "binary", maxLength: 200 }), jsonText, fc.constant(JSON.stringify(deep(1500))));
      await fc.assert(
        fc.asyncProperty(operation, raw, async (op, text) => {
          const r = await aws(op, undefined, { raw: text });
          named(r.status, r.body?.__type, `${op} ${r.status} ${JSON.stringify(r.body)?.slice(0, 300)}`);
        }),
        params(60),
      );
    },
    TIMEOUT,
  );
});

/** A path segment: a name, an ARN or a token, bent, then URL-encoded (or not, when it has a slash to cross). */
const segment = fc
  .tuple(fc.oneof(name, arn, token), fc.boolean())
  .map(([s, encode]) => (encode ? encodeURIComponent(s.toWellFormed()) : s.replace(/[?#]/g, "")));
const query = fc.dictionary(
  fc.constantFrom("nextToken", "maxResults", "statusFilter", "reverseOrder", "includeExecutionData", "stateMachine"),
  fc.oneof(token, name),
  { maxKeys: 3 },
);

const ROUTES: [string, string][] = [
  ["GET", "/state-machines"],
  ["POST", "/state-machines"],
  ["POST", "/state-machines/validate"],
  ["GET", "/state-machines/:x"],
  ["PUT", "/state-machines/:x"],
  ["DELETE", "/state-machines/:x"],
  ["POST", "/state-machines/:x/executions"],
  ["GET", "/state-machines/:x/executions"],
  ["GET", "/state-machines/:x/executions/:y"],
  ["POST", "/state-machines/:x/sync-executions"],
  ["PUT", "/state-machines/:x/trigger"],
  ["GET", "/state-machines/:x/tags"],
  ["POST", "/state-machines/:x/tags"],
  ["POST", "/state-machines/:x/versions"],
  ["GET", "/state-machines/:x/versions"],
  ["GET", "/state-machines/:x/versions/:y"],
  ["POST", "/state-machines/:x/aliases"],
  ["PUT", "/state-machines/:x/aliases/:y"],
  ["GET", "/executions"],
  ["GET", "/executions/:x"],
  ["POST", "/executions/:x/stop"],
  ["POST", "/executions/:x/redrive"],
  ["GET", "/executions/:x/history"],
  ["GET", "/executions/:x/map-runs"],
  ["GET", "/executions/:x/waiting-tasks"],
  ["GET", "/executions/:x/state-machine"],
  ["GET", "/map-runs/:x"],
  ["PATCH", "/map-runs/:x"],
  ["POST", "/tasks/success"],
  ["POST", "/tasks/failure"],
  ["POST", "/tasks/heartbeat"],
  ["GET", "/callback/:x/:y"],
  ["POST", "/callback/:x/:y"],
  ["GET", "/activities"],
  ["POST", "/activities"],
  ["GET", "/activities/:x"],
  ["GET", "/activities/:x/task"],
  ["POST", "/test-state"],
];

describe("fuzz: the REST API", () => {
  it(
    "answers every route with any names, ARNs, tokens and bodies under 500, naming its error",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...ROUTES),
          segment,
          segment,
          query,
          fc.oneof(body, jsonText),
          async ([method, route], x, y, q, b) => {
            // GetActivityTask long-polls up to 60 s when the activity exists (the fuzz may have made it): ask for no wait.
            const fields = route.endsWith("/task") ? { ...(q as Record<string, string>), waitSeconds: "0" } : (q as Record<string, string>);
            const qs = new URLSearchParams(fields).toString();
            const path = route.replace(":x", x).replace(":y", y) + (qs ? `?${qs}` : "");
            const raw = typeof b === "string" ? b : JSON.stringify(b);
            const r = await call(method, path, undefined, method === "GET" || method === "DELETE" ? {} : { raw });
            named(r.status, r.body?.error, `${method} ${path} ${r.status} ${JSON.stringify(r.body)?.slice(0, 300)}`);
          },
        ),
        params(250),
      );
    },
    TIMEOUT,
  );
});
