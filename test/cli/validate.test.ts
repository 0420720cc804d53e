import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { asl, fixture, oneLine, tempDir } from "./helpers.ts";

describe("asl validate", () => {
  it("accepts valid JSON and YAML definitions (exit 0)", async () => {
    const r = await asl(["validate", fixture("LambdaSQSIntegration.asl.json"), fixture("order.yaml")]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /LambdaSQSIntegration\.asl\.json: valid\n/);
    assert.match(r.stdout, /order\.yaml: valid\n/);
  });

  it("prints the API's diagnostics with file, line, column and JSON pointer (exit 1)", async () => {
    const r = await asl(["validate", fixture("bad-definition.yaml")]);
    assert.equal(r.code, 1);
    const file = fixture("bad-definition.yaml");
    assert.ok(
      r.stdout.includes(`${file}:5:5: ERROR MISSING_TRANSITION_TARGET at /States/A/Next: Missing 'Next' target: Missing\n`),
      r.stdout,
    );
    assert.ok(r.stdout.includes(`${file}:8:5: ERROR SCHEMA_VALIDATION_FAILED at /States/B/Seconds: Minimum value is 0\n`), r.stdout);
    assert.match(r.stdout, /bad-definition\.yaml: 3 errors\n$/);
  });

  it("places a JSON definition's diagnostics at their line, and --json gives them as data", async () => {
    const dir = tempDir();
    const path = join(dir, "m.asl.json");
    writeFileSync(path, '{\n  "StartAt": "A",\n  "States": {\n    "A": { "Type": "Pass", "Next": "Nowhere" }\n  }\n}\n');
    const text = await asl(["validate", path]);
    assert.equal(text.code, 1);
    assert.match(text.stdout, /m\.asl\.json:4:28: ERROR MISSING_TRANSITION_TARGET at \/States\/A\/Next: /);
    const json = await asl(["validate", "--json", path]);
    assert.equal(json.code, 1);
    const report = JSON.parse(json.stdout);
    assert.equal(report.valid, false);
    assert.deepEqual(
      report.diagnostics.map((d: Record<string, unknown>) => [d.code, d.location, d.severity, d.line, d.column]),
      [
        ["MISSING_TRANSITION_TARGET", "/States/A/Next", "ERROR", 4, 28],
        ["MISSING_END_STATE", "/", "ERROR", 1, 1],
      ],
    );
  });

  it("checks EXPRESS rules with --type EXPRESS", async () => {
    const dir = tempDir();
    const path = join(dir, "token.json");
    const task = { Type: "Task", Resource: "arn:aws:states:::sqs:sendMessage.waitForTaskToken", End: true };
    writeFileSync(path, JSON.stringify({ StartAt: "T", States: { T: task } }));
    assert.equal((await asl(["validate", path])).code, 0);
    const express = await asl(["validate", "--type", "EXPRESS", path]);
    assert.equal(express.code, 1);
    assert.match(express.stdout, /ERROR \S+ at \/States\/T\/Resource: /);
  });

  it("a file that is not JSON or YAML, or missing, is one line and exit 2", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "broken.json"), '{\n  "StartAt": "A",\n  "States": {,}\n}');
    writeFileSync(join(dir, "broken.yaml"), "StartAt: A\nStates:\n  A: [1\n");
    const json = await asl(["validate", join(dir, "broken.json")]);
    assert.equal(json.code, 2);
    assert.match(oneLine(json), /broken\.json:3:14: invalid JSON: Expected a property name in double quotes at line 3, column 14$/);
    const yaml = await asl(["validate", join(dir, "broken.yaml")]);
    assert.equal(yaml.code, 2);
    assert.match(oneLine(yaml), /broken\.yaml:\d+:\d+: invalid YAML: /);
    const missing = await asl(["validate", join(dir, "nope.json")]);
    assert.equal(missing.code, 2);
    assert.match(oneLine(missing), /nope\.json: cannot read the file \(no such file\)$/);
  });

  it("--help on every command and on asl itself; bad usage exits 2", async () => {
    for (const command of ["validate", "run", "test", "graph", "start", "describe", "history"]) {
      const r = await asl([command, "--help"]);
      assert.equal(r.code, 0, command);
      assert.match(r.stdout, new RegExp(`^Usage: asl ${command} `), command);
      assert.match(r.stdout, /Exit: 0 /, command);
      assert.match(r.stdout, new RegExp(`\nExample: (API_TOKEN=\\S+ )?asl ${command} `), command);
    }
    const help = await asl(["--help"]);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /validate .*\n\s+run .*\n\s+test .*\n\s+graph /);
    assert.equal((await asl([])).code, 2);
    const unknown = await asl(["frobnicate"]);
    assert.equal(unknown.code, 2);
    assert.match(oneLine(unknown), /^asl: unknown command 'frobnicate'/);
    const option = await asl(["validate", "--nope", "x.json"]);
    assert.equal(option.code, 2);
    assert.match(oneLine(option), /^asl validate: Unknown option '--nope'/);
    assert.equal((await asl(["validate"])).code, 2);
  });
});
