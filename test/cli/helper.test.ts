// runWorkflow beyond the README's example: the tutorial copy in sync, MockConfigFile test cases, bad input.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { runWorkflow } from "asl-on-cloudflare/testing";
import { EXAMPLES } from "../../worker/examples/definitions.ts";
import { fixture } from "./helpers.ts";

describe("runWorkflow", () => {
  it("examples/order-processing.asl.json is the tutorial's order-processing definition", () => {
    const copy = JSON.parse(readFileSync(new URL("./examples/order-processing.asl.json", import.meta.url), "utf8"));
    assert.deepEqual(copy, EXAMPLES.find((e) => e.name === "order-processing")!.definition);
  });

  it("the README shows examples/order-processing.test.ts as it is", () => {
    const example = readFileSync(new URL("./examples/order-processing.test.ts", import.meta.url), "utf8");
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    assert.ok(
      readme.includes("```ts\n" + example + "```\n"),
      "README.md's runWorkflow example differs from test/cli/examples/order-processing.test.ts",
    );
  });

  it("runs a MockConfigFile test case, with its Expectations.Input", async () => {
    const run = await runWorkflow(fixture("LambdaSQSIntegration.asl.json"), {
      mockConfig: fixture("expectations.json"),
      testCase: "HappyPath",
    });
    assert.equal(run.status, "SUCCEEDED");
    assert.deepEqual(run.output, { MessageId: "m-1" });
    assert.deepEqual(run.events[0].input, { order: 7 });
  });

  it("takes a definition object; bad input throws a named message", async () => {
    const run = await runWorkflow({ StartAt: "P", States: { P: { Type: "Pass", Result: 1, End: true } } });
    assert.equal(run.output, 1);
    await assert.rejects(runWorkflow({ StartAt: "P", States: {} }), /invalid definition/);
    await assert.rejects(
      runWorkflow(fixture("LambdaSQSIntegration.asl.json"), { mockConfig: fixture("MockConfigFile.json"), testCase: "Nope" }),
      /no test case 'Nope'/,
    );
    await assert.rejects(
      runWorkflow(fixture("LambdaSQSIntegration.asl.json"), { mockConfig: fixture("MockConfigFile.json") }),
      /mockConfig needs testCase/,
    );
  });
});
