// asl start | describe | history against the runtime, started with Miniflare as the e2e tests start it.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startRuntime, type Runtime } from "../e2e/runtime.ts";
import { asl, oneLine, root } from "./helpers.ts";

const TOKEN = "cli-remote-token";

describe("asl start | describe | history (REST API)", () => {
  let runtime: Runtime;
  let env: Record<string, string>;

  before(async () => {
    runtime = await startRuntime(root, { apiToken: TOKEN });
    env = { API_TOKEN: TOKEN };
    const res = await fetch(`${runtime.endpoint}/state-machines`, {
      method: "POST",
      headers: { Authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({
        name: "cli-hello",
        definition: {
          StartAt: "Greet",
          States: {
            Greet: { Type: "Pass", Parameters: { "greeting.$": "States.Format('Hello, {}!', $.who)" }, Next: "Nap" },
            Nap: { Type: "Wait", Seconds: 1, End: true },
          },
        },
      }),
    });
    assert.equal(res.status, 201, await res.text());
  });

  after(async () => {
    await runtime?.dispose();
  });

  it("start, then describe (waiting for the end) and history as a table", async () => {
    const started = await asl(["start", "cli-hello", "--endpoint", runtime.endpoint, "--input", '{"who":"Ada"}', "--name", "first"], {
      env,
    });
    assert.equal(started.code, 0, started.stderr);
    const { executionArn, startDate } = JSON.parse(started.stdout);
    assert.equal(executionArn, "arn:aws:states:us-east-1:123456789012:execution:cli-hello:first");
    assert.ok(startDate);
    const described = await asl(["describe", executionArn, "--wait"], { env: { ...env, ASL_ENDPOINT: runtime.endpoint } });
    assert.equal(described.code, 0, described.stderr);
    const d = JSON.parse(described.stdout);
    assert.equal(d.status, "SUCCEEDED");
    assert.deepEqual(JSON.parse(d.output), { greeting: "Hello, Ada!" });
    const history = await asl(["history", executionArn, "--endpoint", runtime.endpoint], { env });
    assert.equal(history.code, 0, history.stderr);
    const lines = history.stdout.trimEnd().split("\n");
    assert.match(lines[0], /^ID\s+TYPE\s+STATE\s+ELAPSED\s+DETAIL$/);
    assert.match(lines[1], /^ 1\s+ExecutionStarted\s+0\.000s\s+\{"who":"Ada"\}$/);
    assert.ok(
      lines.some((l) => /^ \d\s+WaitStateExited\s+Nap\s+[1-9]\.\d{3}s/.test(l)),
      history.stdout,
    );
    assert.match(lines.at(-1)!, /ExecutionSucceeded\s+\d\.\d{3}s\s+\{"greeting":"Hello, Ada!"\}$/);
    const json = await asl(["history", executionArn, "--endpoint", runtime.endpoint, "--json"], { env });
    assert.deepEqual(
      JSON.parse(json.stdout).events.map((e: { type: string }) => e.type),
      ["ExecutionStarted", "PassStateEntered", "PassStateExited", "WaitStateEntered", "WaitStateExited", "ExecutionSucceeded"],
    );
  });

  it("start --wait exits 0 on SUCCEEDED and prints the description", async () => {
    const r = await asl(["start", "cli-hello", "--endpoint", runtime.endpoint, "--wait", "--input", '{"who":"Bob"}'], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).status, "SUCCEEDED");
  });

  it("API errors are one line and exit 1; a missing token or endpoint is exit 2", async () => {
    const missing = await asl(
      ["describe", "arn:aws:states:us-east-1:123456789012:execution:cli-hello:nope", "--endpoint", runtime.endpoint],
      { env },
    );
    assert.equal(missing.code, 1);
    assert.match(oneLine(missing), /^asl: ExecutionDoesNotExist: /);
    const machine = await asl(["start", "no-such-machine", "--endpoint", runtime.endpoint], { env });
    assert.equal(machine.code, 1);
    assert.match(oneLine(machine), /^asl: StateMachineDoesNotExist: /);
    const wrong = await asl(["history", "arn:x", "--endpoint", runtime.endpoint], { env: { API_TOKEN: "wrong" } });
    assert.equal(wrong.code, 1);
    assert.match(oneLine(wrong), /^asl: UnrecognizedClient: /);
    const noToken = await asl(["start", "cli-hello", "--endpoint", runtime.endpoint]);
    assert.equal(noToken.code, 2);
    assert.equal(oneLine(noToken), "set API_TOKEN to the runtime's API token (npm run dev: local-dev-token)");
    const noEndpoint = await asl(["start", "cli-hello"], { env });
    assert.equal(noEndpoint.code, 2);
    assert.equal(oneLine(noEndpoint), "give the runtime's URL with --endpoint URL (or ASL_ENDPOINT)");
    const down = await asl(["describe", "arn:x", "--endpoint", "http://127.0.0.1:9"], { env });
    assert.equal(down.code, 1);
    assert.match(oneLine(down), /^asl: cannot reach http:\/\/127\.0\.0\.1:9\/executions\/arn%3Ax: /);
  });
});
