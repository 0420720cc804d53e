import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { asl, BIN, fixture, oneLine, root, tempDir } from "./helpers.ts";

const write = (dir: string, name: string, value: unknown): string => {
  const path = join(dir, name);
  writeFileSync(path, typeof value === "string" ? value : JSON.stringify(value, null, 2));
  return path;
};

const WAIT_AN_HOUR = {
  StartAt: "Nap",
  States: {
    Nap: { Type: "Wait", Seconds: 3600, Next: "Greet" },
    Greet: { Type: "Pass", Parameters: { "greeting.$": "States.Format('Hello, {}!', $.who)", "run.$": "$$.Execution.Name" }, End: true },
  },
};

describe("asl run", () => {
  it("prints the output; Wait states take no time on the virtual clock (exit 0)", async () => {
    const path = write(tempDir(), "hello.asl.json", WAIT_AN_HOUR);
    const r = await asl(["run", path, "--input", '{"who":"Ada"}']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { greeting: "Hello, Ada!", run: "local" });
    assert.ok(r.ms < 20_000);
  });

  it("--real-time waits for real; --context sets the Context object; --input @file", async () => {
    const dir = tempDir();
    const definition = { ...WAIT_AN_HOUR, States: { ...WAIT_AN_HOUR.States, Nap: { Type: "Wait", Seconds: 1, Next: "Greet" } } };
    const path = write(dir, "nap.asl.json", definition);
    const input = write(dir, "input.json", { who: "Grace" });
    const r = await asl(["run", path, "--real-time", "--input", `@${input}`, "--context", '{"Execution":{"Name":"ctx-1"}}']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { greeting: "Hello, Grace!", run: "ctx-1" });
    const history = await asl(["run", path, "--real-time", "--quiet", "--history", "--input", `@${input}`]);
    const exited = history.stdout.split("\n").find((l) => l.includes("WaitStateExited"))!;
    assert.ok(Number(/(\d+\.\d+)s/.exec(exited)![1]) >= 1, exited);
    const bad = await asl(["run", path, "--context", '{"State":{"Name":"x"}}']);
    assert.equal(bad.code, 2);
    assert.match(oneLine(bad), /^--context: field 'State' cannot be set/);
  });

  it("--history prints the events as a table; progress goes to stderr, a line per state when not a terminal", async () => {
    const path = write(tempDir(), "hello.asl.json", WAIT_AN_HOUR);
    const r = await asl(["run", path, "--history", "--input", '{"who":"Ada"}']);
    assert.equal(r.code, 0);
    const lines = r.stdout.split("\n");
    assert.match(lines[0], /^ID\s+TYPE\s+STATE\s+ELAPSED\s+DETAIL$/);
    assert.match(lines[1], /^ 1\s+ExecutionStarted\s+0\.000s\s+\{"who":"Ada"\}$/);
    assert.ok(
      lines.some((l) => /^ 3\s+WaitStateExited\s+Nap\s+3600\.000s/.test(l)),
      r.stdout,
    );
    assert.equal(r.stderr, "> Nap\n> Greet\n");
    const quiet = await asl(["run", path, "--quiet", "--input", '{"who":"Ada"}']);
    assert.equal(quiet.stderr, "");
  });

  it("a handlers module answers tasks by state name and by resource; a thrown error's name is the task's error", async () => {
    const ok = await asl([
      "run",
      fixture("order.yaml"),
      "--handlers",
      fixture("tasks.mjs"),
      "--input",
      '{"total":5,"items":[1,2]}',
      "--json",
      "--quiet",
    ]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.deepEqual(JSON.parse(ok.stdout), {
      status: "SUCCEEDED",
      output: [{ charged: 5 }, [1, 2]],
      path: ["Prepare", "Fan out", "Done"],
    });
    const dir = tempDir();
    const path = write(dir, "boom.json", {
      StartAt: "Explode",
      States: {
        Explode: {
          Type: "Task",
          Resource: "arn:aws:lambda:us-east-1:123456789012:function:x",
          Catch: [{ ErrorEquals: ["Kaboom"], Next: "Send" }],
          End: true,
        },
        Send: { Type: "Task", Resource: "arn:aws:states:::sqs:sendMessage", Parameters: { QueueUrl: "q", MessageBody: "m" }, End: true },
      },
    });
    const caught = await asl(["run", path, "--handlers", fixture("tasks.mjs"), "--history", "--quiet"]);
    assert.equal(caught.code, 0, caught.stderr);
    assert.match(caught.stdout, /LambdaFunctionFailed\s+Explode\s+\S+\s+Kaboom: it blew up/);
    assert.deepEqual(JSON.parse(caught.stdout.slice(caught.stdout.indexOf("\n{"))), { MessageId: "by-resource" });
    const missing = await asl(["run", path, "--handlers", join(dir, "nope.mjs")]);
    assert.equal(missing.code, 2);
    assert.match(oneLine(missing), /nope\.mjs: cannot load the handlers module/);
  });

  it("the history table names each event's state: a task's by its state, a Map's or a Parallel's by the innermost one", async () => {
    const r = await asl([
      "run",
      fixture("order.yaml"),
      "--handlers",
      fixture("tasks.mjs"),
      "--input",
      '{"total":5,"items":[1]}',
      "--history",
      "--quiet",
    ]);
    assert.equal(r.code, 0, r.stderr);
    for (const row of [
      /TaskScheduled\s+Charge\s/,
      /MapIterationStarted\s+Items\s/,
      /PassStateEntered\s+Pick\s/,
      /ParallelStateSucceeded\s+Fan out\s/,
      /ExecutionSucceeded\s+0\.000s/,
    ])
      assert.match(r.stdout, row);
  });

  it("a failed execution prints its error on stderr and exits 1; a task nobody answers fails with States.TaskFailed", async () => {
    const r = await asl(["run", fixture("LambdaSQSIntegration.asl.json"), "--quiet"]);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, /^FAILED: States\.TaskFailed: No mock, handler or HTTP endpoint answers the state 'LambdaState'/);
  });

  it("an http(s) Resource is POSTed as the runtime does: headers, JSON body, 2xx result, named error body", async () => {
    const seen: { headers: IncomingHttpHeaders; body: string }[] = [];
    const server = createServer((req, res) => {
      let body = "";
      req.on("data", (d) => (body += d));
      req.on("end", () => {
        seen.push({ headers: req.headers, body });
        const input = JSON.parse(body);
        res.setHeader("Content-Type", "application/json");
        if (input.fail) {
          res.statusCode = 422;
          res.end(JSON.stringify({ errorType: "Unprocessable", errorMessage: "no such order" }));
        } else res.end(JSON.stringify({ echoed: input }));
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/work`;
      const path = write(tempDir(), "http.asl.json", {
        StartAt: "Call it",
        States: { "Call it": { Type: "Task", Resource: url, End: true } },
      });
      const ok = await asl(["run", path, "--input", '{"n":1}', "--quiet"]);
      assert.equal(ok.code, 0, ok.stderr);
      assert.deepEqual(JSON.parse(ok.stdout), { echoed: { n: 1 } });
      const h = seen[0].headers;
      assert.equal(h["content-type"], "application/json");
      assert.equal(h["x-state-name"], "Call%20it");
      assert.equal(h["x-execution-arn"], "arn:aws:states:local:000000000000:execution:http:local");
      assert.match(String(h["idempotency-key"]), /^arn:aws:states:local:000000000000:execution:http:local#\d+#0$/);
      const failed = await asl(["run", path, "--input", '{"fail":true}', "--quiet"]);
      assert.equal(failed.code, 1);
      assert.equal(failed.stderr, "FAILED: Unprocessable: no such order\n");
    } finally {
      server.close();
    }
  });

  it("--mock with --test-case answers from a MockConfigFile; an unknown test case or a missing state is exit 2", async () => {
    const def = fixture("LambdaSQSIntegration.asl.json");
    const mock = fixture("MockConfigFile.json");
    const r = await asl(["run", def, "--mock", mock, "--test-case", "HappyPath", "--quiet"]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), {
      MD5OfMessageBody: "3bcb6e8e-7h85-4375-b0bc-1a59812c6e51",
      MessageId: "3bcb6e8e-8b51-4375-b0bc-1a59812c6e51",
    });
    const unknown = await asl(["run", def, "--mock", mock, "--test-case", "SadPath"]);
    assert.equal(unknown.code, 2);
    assert.equal(
      oneLine(unknown),
      `${mock}: no test case 'SadPath' for the state machine 'LambdaSQSIntegration' (test cases: HappyPath, RetryPath, HybridPath)`,
    );
    const other = write(tempDir(), "other.asl.json", { StartAt: "LambdaState", States: { LambdaState: { Type: "Pass", End: true } } });
    const missing = await asl(["run", other, "--mock", mock, "--test-case", "HappyPath"]);
    assert.equal(missing.code, 2);
    assert.equal(
      oneLine(missing),
      `${mock}: test case 'HappyPath' of 'LambdaSQSIntegration' mocks the state 'SQSState', which the definition does not have`,
    );
    const noCase = await asl(["run", def, "--mock", mock]);
    assert.equal(noCase.code, 2);
    assert.equal(oneLine(noCase), "--mock needs --test-case NAME");
  });

  it("an invalid definition or input is one line and exit 2", async () => {
    const bad = await asl(["run", fixture("bad-definition.yaml")]);
    assert.equal(bad.code, 2);
    assert.match(
      oneLine(bad),
      /^invalid definition \(asl validate .* lists every problem\): .*bad-definition\.yaml:8:5: SCHEMA_VALIDATION_FAILED/,
    );
    const input = await asl(["run", fixture("order.yaml"), "--input", "{nope"]);
    assert.equal(input.code, 2);
    assert.match(oneLine(input), /^--input: not JSON/);
  });

  it("--watch runs again when the definition changes", async () => {
    const dir = tempDir();
    const path = write(dir, "w.asl.json", { StartAt: "A", States: { A: { Type: "Pass", Result: "one", End: true } } });
    const child = spawn(process.execPath, [BIN, "run", path, "--watch", "--quiet"], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    const until = async (check: () => boolean) => {
      for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 50));
      assert.ok(check(), `stdout:\n${out}\nstderr:\n${err}`);
    };
    try {
      await until(() => out.includes('"one"') && err.includes("[watch] run 1 exited 0"));
      write(dir, "w.asl.json", { StartAt: "A", States: { A: { Type: "Pass", Result: "two", End: true } } });
      await until(() => out.includes('"two"'));
    } finally {
      child.kill();
    }
  });
});
