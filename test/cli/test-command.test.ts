import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { asl, fixture, oneLine, tempDir } from "./helpers.ts";

const AWS_EXAMPLE = JSON.parse(readFileSync(fixture("MockConfigFile.json"), "utf8"));
const DEFINITION = readFileSync(fixture("LambdaSQSIntegration.asl.json"), "utf8");

/** A folder with AWS's example definition and a mock configuration. */
function folder(config: unknown): { dir: string; config: string } {
  const dir = tempDir();
  writeFileSync(join(dir, "LambdaSQSIntegration.asl.json"), DEFINITION);
  const path = join(dir, "MockConfigFile.json");
  writeFileSync(path, typeof config === "string" ? config : JSON.stringify(config, null, 2));
  return { dir, config: path };
}

describe("asl test: Step Functions Local's MockConfigFile (AWS's LambdaSQSIntegration example)", () => {
  it("runs every test case: HappyPath and RetryPath (invocations 0, 1-2, 3) pass; HybridPath's unmocked SQSState fails", async () => {
    const r = await asl(["test", fixture("MockConfigFile.json")]);
    assert.equal(r.code, 1);
    const lines = r.stdout.trimEnd().split("\n");
    assert.match(lines[0], /^PASS LambdaSQSIntegration › HappyPath \(\d+ ms\)$/);
    assert.match(lines[1], /^PASS LambdaSQSIntegration › RetryPath \(\d+ ms\)$/);
    assert.match(lines[2], /^FAIL LambdaSQSIntegration › HybridPath \(\d+ ms\)$/);
    assert.match(
      lines[3],
      /status: expected SUCCEEDED, got FAILED \(States\.TaskFailed: No mock, handler or HTTP endpoint answers the state 'SQSState'/,
    );
    assert.equal(lines.at(-1), "2 passed, 1 failed");
  });

  it("HybridPath passes when a handler answers the state the test case does not mock; --reporter junit", async () => {
    const r = await asl(["test", fixture("MockConfigFile.json"), "--handlers", fixture("sqs-handlers.mjs"), "--reporter", "junit"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="asl test" tests="3" failures="0" errors="0" time="[\d.]+">/,
    );
    for (const name of ["HappyPath", "RetryPath", "HybridPath"])
      assert.match(r.stdout, new RegExp(`<testcase classname="LambdaSQSIntegration" name="${name}" time="[\\d.]+"/>`));
  });

  it("a retry takes the next invocation: with only invocation 0 mocked, the retry is reported as the mock's gap", async () => {
    const config = structuredClone(AWS_EXAMPLE);
    config.StateMachines.LambdaSQSIntegration.TestCases = { NotReady: { LambdaState: "LambdaMockedResourceNotReady" } };
    const { config: path } = folder(config);
    const r = await asl(["test", path]);
    assert.equal(r.code, 1);
    assert.match(
      r.stdout,
      /FAIL LambdaSQSIntegration › NotReady .*\n\s+.*the state 'LambdaState' ran a 2nd time, but the mocked response 'LambdaMockedResourceNotReady' has no invocation 1\n/,
    );
  });

  it("our Expectations extension: Input, Status, Output, Error, Cause, Path; Definition relative to the config", async () => {
    const r = await asl(["test", fixture("expectations.json")]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^PASS Checkout › HappyPath .*\nPASS Checkout › GivesUp .*\n2 passed, 0 failed\n$/);
  });

  it("unmet expectations fail with what differed, in text and in JUnit (--output FILE)", async () => {
    const config = structuredClone(AWS_EXAMPLE);
    config.StateMachines.LambdaSQSIntegration.Expectations = {
      HappyPath: { Output: { MessageId: "other" }, Path: ["LambdaState"] },
      RetryPath: { Status: "FAILED", Error: "Lambda.TimeoutException" },
    };
    const { dir, config: path } = folder(config);
    const r = await asl(["test", path, "--test-case", "HappyPath"]);
    assert.equal(r.code, 1);
    assert.match(
      r.stdout,
      /FAIL LambdaSQSIntegration › HappyPath .*\n\s+output: expected \{"MessageId":"other"\}, got \{"MD5OfMessageBody":/,
    );
    assert.match(r.stdout, /\n\s+path: expected LambdaState, got LambdaState > SQSState\n1 passed|\n0 passed, 1 failed\n$/);
    const report = join(dir, "report.xml");
    const junit = await asl(["test", path, "--state-machine", "LambdaSQSIntegration", "--reporter", "junit", "--output", report]);
    assert.equal(junit.code, 1);
    assert.equal(junit.stdout, "");
    const xml = readFileSync(report, "utf8");
    assert.match(xml, /<testsuite name="LambdaSQSIntegration" tests="3" failures="3" /);
    assert.match(
      xml,
      /<testcase classname="LambdaSQSIntegration" name="RetryPath" time="[\d.]+">\n\s+<failure message="status: expected FAILED, got SUCCEEDED" type="AssertionError">/,
    );
    assert.match(xml, /<failure message="output: expected \{&quot;MessageId&quot;:&quot;other&quot;\}, got/);
  });

  it("bad files are one line each and exit 2", async () => {
    const cases: [unknown, RegExp][] = [
      ['{"StateMachines": {', /MockConfigFile\.json:1:20: invalid JSON: Unexpected end of input/],
      [{ ...AWS_EXAMPLE, Extra: 1 }, /MockConfigFile\.json:\d+:\d+: unknown top-level field 'Extra' \(StateMachines, MockedResponses\)$/],
      [
        { ...AWS_EXAMPLE, StateMachines: { LambdaSQSIntegration: { TestCases: { T: { LambdaState: "Nope" } } } } },
        /: test case 'T' uses the mocked response 'Nope', which MockedResponses lacks$/,
      ],
      [
        { ...AWS_EXAMPLE, StateMachines: { LambdaSQSIntegration: { TestCases: { T: { GhostState: "MockedLambdaSuccess" } } } } },
        /: test case 'T' of 'LambdaSQSIntegration' mocks the state 'GhostState', which the definition does not have$/,
      ],
      [
        { ...AWS_EXAMPLE, MockedResponses: { ...AWS_EXAMPLE.MockedResponses, Bad: { "0-2": { Return: 1 }, "2": { Return: 2 } } } },
        /: invocation '0-2' of 'Bad' overlaps invocation 2$/,
      ],
      [
        { ...AWS_EXAMPLE, MockedResponses: { ...AWS_EXAMPLE.MockedResponses, Bad: { first: { Return: 1 } } } },
        /: invocation 'first' of 'Bad' is neither/,
      ],
      [
        { ...AWS_EXAMPLE, MockedResponses: { ...AWS_EXAMPLE.MockedResponses, Bad: { "0": { Return: 1, Throw: { Error: "E" } } } } },
        /: invocation '0' of 'Bad' must hold exactly one of Return or Throw$/,
      ],
      [
        { ...AWS_EXAMPLE, MockedResponses: { ...AWS_EXAMPLE.MockedResponses, Bad: { "0": { Throw: { Cause: "c" } } } } },
        /: Throw of 'Bad' must be/,
      ],
      [
        { ...AWS_EXAMPLE, StateMachines: { Elsewhere: { TestCases: {} } } },
        /^no definition for the state machine 'Elsewhere': expected .*Elsewhere\.asl\.json \(or \.json, \.yaml\)$/,
      ],
    ];
    for (const [config, expected] of cases) {
      const r = await asl(["test", folder(config).config]);
      assert.equal(r.code, 2, `${JSON.stringify(config).slice(0, 80)}: ${r.stdout}${r.stderr}`);
      assert.match(oneLine(r), expected);
    }
    const unknownCase = await asl(["test", fixture("MockConfigFile.json"), "--test-case", "Nope"]);
    assert.equal(unknownCase.code, 2);
    assert.match(oneLine(unknownCase), /no test case 'Nope' for the state machine 'LambdaSQSIntegration'/);
    const place = await asl(["test", folder({ ...AWS_EXAMPLE, MockedResponses: { X: { "0": { Return: 1, Throw: {} } } } }).config]);
    assert.match(oneLine(place), /MockConfigFile\.json:21:7: invocation '0' of 'X'/);
  });
});
